"""Every 4xx the suite sees the API answer must be declared for its operation in the contract.

The test app records each 4xx it answers; when the session ends, those the OpenAPI document does
not declare fail the run, each named. Only what was observed is checked, so a partial run (`-x`,
`-k`, one file) holds the contract to what it saw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.cli import openapi_document

# Answers outside any operation, and the shared response in the contract that declares each.
UNROUTED = {404: "RouteNotFound", 405: "MethodNotAllowed"}


@dataclass(frozen=True, order=True)
class Observation:
    method: str
    path: str
    operation_id: str | None
    status: int


OBSERVED: set[Observation] = set()
_UNDECLARED = pytest.StashKey[list[str]]()


class RecordProblems:
    """Outermost middleware of the test app: sees the final status and the route that matched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, send_status)
        if 400 <= status < 500:
            route = scope.get("route")
            operation_id = None
            if isinstance(route, APIRoute):
                operation_id = route.operation_id or route.name
            OBSERVED.add(Observation(scope["method"], scope["path"], operation_id, status))


def record_problems(app: FastAPI) -> None:
    app.add_middleware(RecordProblems)


def _operations(document: dict[str, Any]) -> dict[str, str]:
    """operationId -> path template."""
    return {
        operation["operationId"]: path
        for path, item in document["paths"].items()
        for operation in item.values()
    }


def _template_of(document: dict[str, Any], path: str) -> str | None:
    """The document's path template a request path falls under, literal segments first."""
    parts = path.split("/")
    candidates = []
    for template in document["paths"]:
        pieces = template.split("/")
        if len(pieces) == len(parts) and all(
            piece == part or piece.startswith("{")
            for piece, part in zip(pieces, parts, strict=True)
        ):
            candidates.append((sum(piece.startswith("{") for piece in pieces), template))
    return min(candidates)[1] if candidates else None


def _declared(document: dict[str, Any], seen: Observation, path: str | None) -> bool:
    shared = document.get("components", {}).get("responses", {})
    if path is None or seen.status == 405:
        # No operation, or a method the path lacks (whichever route's pattern caught it, as
        # `/tenants/{tenant_id}` catches PATCH /tenants/sync): only the shared answers apply.
        return UNROUTED.get(seen.status) in shared
    operation = document["paths"][path].get(seen.method.lower())
    return operation is not None and str(seen.status) in operation["responses"]


def undeclared(document: dict[str, Any], observed: Iterable[Observation]) -> list[str]:
    """Each observed 4xx the document does not declare, as `METHOD /path/template STATUS`."""
    operations = _operations(document)
    missing: set[str] = set()
    for seen in observed:
        path = operations.get(seen.operation_id or "")
        if path is None and seen.operation_id is None:
            # Refused before routing (the body-size limit): the path names the operation.
            path = _template_of(document, seen.path)
        if path is None and not seen.path.startswith("/api/"):
            continue  # the SPA and the docs pages are outside the contract
        if not _declared(document, seen, path):
            missing.add(f"{seen.method} {path or seen.path} {seen.status}")
    return sorted(missing)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not OBSERVED:
        return
    missing = undeclared(yaml.safe_load(openapi_document()), OBSERVED)
    session.config.stash[_UNDECLARED] = missing
    if missing and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    missing = config.stash.get(_UNDECLARED, [])
    if not missing:
        return
    terminalreporter.section("4xx answered but not declared in the OpenAPI document", red=True)
    for line in missing:
        terminalreporter.write_line(line)
    terminalreporter.write_line(
        "Declare them: api/openapi.py derives each route's problem responses; add a status the "
        "route's shape does not reveal with `responses=problems(...)`."
    )
