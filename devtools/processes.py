"""Processes, ports and the run lock under `petra dev` and the embedded servers.

Everything here survives its caller crashing: pid and port files are checked against the live
process before they are trusted, and the run lock is an flock the kernel drops with its holder.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LOCALHOST = "127.0.0.1"


class EmbeddedError(RuntimeError):
    """An embedded server could not be started or reached."""


class AlreadyRunning(EmbeddedError):
    def __init__(self, pid: int | None, name: str = "dev") -> None:
        who = f"pid {pid}" if pid else "pid unknown"
        super().__init__(
            f"petra {name} is already running ({who}); stop it or use another --data-dir"
        )
        self.pid = pid


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_cmdline(pid: int) -> str | None:
    """The command line of a live process, or None when it is gone (or a zombie)."""
    if pid <= 0:
        return None
    proc = Path(f"/proc/{pid}/cmdline")
    if Path("/proc/self/cmdline").exists():
        try:
            raw = proc.read_bytes()
        except OSError:
            return None
        return raw.replace(b"\0", b" ").decode(errors="replace").strip() or None
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        ["ps", "-ww", "-o", "args=", "-p", str(pid)],  # noqa: S607 - macOS has no /proc
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or None


def wait_for_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while process_cmdline(pid) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def wait_reaped(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while pid_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def port_is_free(port: int, host: str = LOCALHOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Servers set SO_REUSEADDR too, so a port in TIME_WAIT counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = LOCALHOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
    return port


def read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def choose_port(port_file: Path) -> int:
    # Keeping last run's port keeps URLs pasted into other tools valid across restarts.
    previous = read_int(port_file)
    if previous is not None and port_is_free(previous):
        return previous
    return free_port()


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- run lock --------------------------------------------------------------------------------


@dataclass
class RunLock:
    """An flock'ed pid file: the kernel drops the lock when its holder dies, so a pid file
    that can be locked was left by a crash even if its pid now belongs to someone else."""

    path: Path
    stale: dict[str, Any] | None
    _fd: int | None = field(repr=False)

    def record(self, **state: Any) -> None:
        if self._fd is None:
            raise EmbeddedError("run lock already released")
        payload = json.dumps({"pid": os.getpid(), **state}).encode()
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, payload, 0)

    def release(self) -> None:
        if self._fd is None:
            return
        # An empty file tells the next holder that this run ended cleanly.
        os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None


def _read_lock_state(fd: int) -> dict[str, Any]:
    raw = os.pread(fd, 1 << 20, 0).decode(errors="replace").strip()
    if not raw:
        return {}
    try:
        state = json.loads(raw)
    except json.JSONDecodeError:
        return {}
    if isinstance(state, int):
        return {"pid": state}
    return state if isinstance(state, dict) else {}


def acquire_run_lock(data_dir: Path, name: str) -> RunLock:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / f"{name}.pid"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pid = _read_lock_state(fd).get("pid")
        os.close(fd)
        raise AlreadyRunning(pid if isinstance(pid, int) else None, name) from None
    previous = _read_lock_state(fd)
    if previous:
        log.warning(
            "petra %s (pid %s) did not shut down cleanly (crashed or killed); recovering",
            name,
            previous.get("pid", "?"),
        )
    lock = RunLock(path=path, stale=previous or None, _fd=fd)
    lock.record()
    return lock
