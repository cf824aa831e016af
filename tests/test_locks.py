"""Every machine installs the same versions: the lock files agree with each other and with
pyproject.toml's exact pins."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _lock(path: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / path).read_text().splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[_name(match.group(1))] = match.group(2)
    return pins


def test_runtime_lock_is_part_of_the_dev_lock() -> None:
    runtime, dev = _lock("requirements.lock"), _lock("requirements-dev.lock")
    assert {k: dev.get(k) for k in runtime} == runtime


def test_pyproject_pins_match_the_locks() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, dev = _lock("requirements.lock"), _lock("requirements-dev.lock")
    for spec in project["dependencies"]:
        match = _PIN.match(spec)
        assert match, f"{spec} is not pinned exactly"
        assert runtime.get(_name(match.group(1))) == match.group(2), spec
    extras = project["optional-dependencies"]
    for spec in extras["dev"] + extras["embedded"]:
        match = _PIN.match(spec)
        assert match, f"{spec} is not pinned exactly"
        assert dev.get(_name(match.group(1))) == match.group(2), spec
