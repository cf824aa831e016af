"""Imports under api/ point one way: the layering CONTRIBUTING.md describes, read from the source.

Every import counts, including those inside functions and under TYPE_CHECKING: a lazy import
hides a loop from Python, not from the design.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API = ROOT / "api"

# The domain packages, lowest first: each may import only those before it. A new package takes
# its place here and in CONTRIBUTING.md.
LAYERS = (
    "microsoft",
    "audit",
    "orgs",
    "auth",
    "operations",
    "partner_center",
    "tenants",
    "gdap_requests",
    "onboarding",
    "scans",
    "members",
    "system",
)
# Core modules (api/*.py) sit below every domain package, next to the Microsoft clients, except
# these, which assemble the packages: the app, the tables Alembic sees, the command line, the
# request dependencies (they resolve a caller through auth) and the shared resources.
ASSEMBLERS = frozenset({"main", "models", "cli", "deps", "resources"})
CORE_MAY_IMPORT = frozenset({"microsoft"})


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line} imports {self.module}"


def _dotted(path: Path, root: Path) -> list[str]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imports_of(path: Path, root: Path = ROOT) -> Iterator[Import]:
    tree = ast.parse(path.read_text(), filename=str(path))
    here = _dotted(path, root)
    package = here if path.name == "__init__.py" else here[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], base]).rstrip(".")
            yield Import(path, node.lineno, base)
            # `from api import tenants` names a package through the imported name.
            for alias in node.names:
                module = f"{base}.{alias.name}"
                if _is_module(root, module):
                    yield Import(path, node.lineno, module)


def _is_module(root: Path, module: str) -> bool:
    path = root.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def package_of(module: str) -> str | None:
    """The domain package a dotted module belongs to, or None for anything else."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "api" and (API / parts[1] / "__init__.py").exists():
        return parts[1]
    return None


def api_modules() -> list[Path]:
    return sorted(API.rglob("*.py"))


def owner_of(path: Path) -> str | None:
    parts = path.relative_to(API).parts
    return parts[0] if len(parts) > 1 else None


def package_edges() -> dict[tuple[str, str], Import]:
    """(importer, imported) between two domain packages, with the first import that makes it."""
    edges: dict[tuple[str, str], Import] = {}
    for path in api_modules():
        source = owner_of(path)
        if source is None:
            continue
        for found in imports_of(path):
            target = package_of(found.module)
            if target is not None and target != source:
                edges.setdefault((source, target), found)
    return edges


def find_cycle(edges: dict[tuple[str, str], Import]) -> list[str] | None:
    """One import loop as [a, b, ..., a], or None."""
    graph: dict[str, list[str]] = {}
    for source, target in sorted(edges):
        graph.setdefault(source, []).append(target)
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for target in graph.get(node, []):
            cycle = visit(target, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


def test_domain_packages_import_each_other_without_a_loop() -> None:
    edges = package_edges()
    cycle = find_cycle(edges)
    if cycle is not None:
        steps = "\n".join(f"  {edges[(a, b)]}" for a, b in pairwise(cycle))
        raise AssertionError(f"import loop {' -> '.join(cycle)}:\n{steps}")


def test_domain_packages_import_only_lower_layers() -> None:
    packages = {owner for p in api_modules() if (owner := owner_of(p)) is not None}
    unplaced = sorted(packages - set(LAYERS))
    assert not unplaced, f"give these packages a place in LAYERS: {unplaced}"
    upward = [
        f"{source} imports {target}, which sits above it: {found}"
        for (source, target), found in sorted(package_edges().items())
        if LAYERS.index(target) > LAYERS.index(source)
    ]
    assert not upward, "\n".join(upward)


def test_core_modules_import_no_domain_package() -> None:
    offending = [
        str(found)
        for path in api_modules()
        if owner_of(path) is None and path.stem not in ASSEMBLERS
        for found in imports_of(path)
        if package_of(found.module) not in {None, *CORE_MAY_IMPORT}
    ]
    assert not offending, "\n".join(offending)


def test_nothing_under_api_imports_workers() -> None:
    offending = [
        str(found)
        for path in api_modules()
        for found in imports_of(path)
        if found.module == "workers" or found.module.startswith("workers.")
    ]
    assert not offending, "\n".join(offending)


class TestTheWalkItself:
    """If the walk missed imports, every check above would pass on any code."""

    def test_it_sees_lazy_relative_and_type_checking_imports(self, tmp_path: Path) -> None:
        module = tmp_path / "api" / "orgs" / "service.py"
        module.parent.mkdir(parents=True)
        (module.parent / "models.py").write_text("")
        module.write_text(
            "from typing import TYPE_CHECKING\n"
            "from . import models\n"
            "if TYPE_CHECKING:\n"
            "    from api.tenants.models import ManagedTenant\n"
            "def later() -> None:\n"
            "    import api.auth.service\n"
        )
        found = {i.module for i in imports_of(module, root=tmp_path)}
        assert {"api.orgs.models", "api.tenants.models", "api.auth.service"} <= found

    def test_it_finds_the_real_packages_edges(self) -> None:
        assert ("auth", "orgs") in package_edges()

    def test_a_loop_is_named_in_import_order(self) -> None:
        down = Import(API / "auth" / "service.py", 1, "api.orgs.models")
        up = Import(API / "orgs" / "service.py", 2, "api.auth.service")
        assert find_cycle({("auth", "orgs"): down, ("orgs", "auth"): up}) == [
            "auth",
            "orgs",
            "auth",
        ]
