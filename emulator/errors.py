"""Microsoft's three error envelopes: identity platform, Graph and Partner Center."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

REQUEST_ID_KEY = "emulator.request_id"
TENANT_KEY = "emulator.tenant"


class GraphError(Exception):
    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


class IdentityError(Exception):
    def __init__(self, error: str, code: int, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.code, self.description, self.status = error, code, description, status


class PartnerCenterError(Exception):
    def __init__(self, status: int, code: int, description: str) -> None:
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def request_id(request: Request) -> str:
    value = request.scope.get(REQUEST_ID_KEY)
    return value if isinstance(value, str) else str(uuid.uuid4())


def graph_body(code: str, message: str, rid: str, client_rid: str | None = None) -> dict[str, Any]:
    inner = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "request-id": rid,
        "client-request-id": client_rid or rid,
    }
    return {"error": {"code": code, "message": message, "innerError": inner}}


def identity_body(error: str, code: int, description: str) -> dict[str, Any]:
    trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    full = (
        f"AADSTS{code}: {description} Trace ID: {trace} Correlation ID: {correlation} "
        f"Timestamp: {stamp}"
    )
    return {
        "error": error,
        "error_description": full,
        "error_codes": [code],
        "timestamp": stamp,
        "trace_id": trace,
        "correlation_id": correlation,
        "error_uri": f"https://login.microsoftonline.com/error?code={code}",
    }


def partner_center_body(code: int, description: str) -> dict[str, Any]:
    return {"code": code, "description": description, "data": [], "source": "PartnerFD"}


def graph_response(request: Request, exc: GraphError) -> JSONResponse:
    body = graph_body(
        exc.code, exc.message, request_id(request), request.headers.get("client-request-id")
    )
    return JSONResponse(body, status_code=exc.status, headers=exc.headers)


def _service(path: str) -> str:
    return path.strip("/").split("/", 1)[0]


def install_handlers(app: FastAPI) -> None:
    async def on_graph(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, GraphError)
        return graph_response(request, exc)

    async def on_identity(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, IdentityError)
        headers = {"WWW-Authenticate": "Basic"} if exc.status == 401 else None
        body = identity_body(exc.error, exc.code, exc.description)
        return JSONResponse(body, status_code=exc.status, headers=headers)

    async def on_partner_center(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PartnerCenterError)
        return JSONResponse(partner_center_body(exc.code, exc.description), exc.status)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return _generic(request, exc.status_code, str(exc.detail))

    async def on_validation(request: Request, exc: Exception) -> Response:
        return _generic(request, 400, "Invalid request.")

    app.add_exception_handler(GraphError, on_graph)
    app.add_exception_handler(IdentityError, on_identity)
    app.add_exception_handler(PartnerCenterError, on_partner_center)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)


def _generic(request: Request, status: int, detail: str) -> Response:
    service = _service(request.url.path)
    if service == "graph":
        if status == 404:
            segment = request.url.path.rstrip("/").rsplit("/", 1)[-1]
            message = f"Resource not found for the segment '{segment}'."
            return graph_response(request, GraphError(400, "BadRequest", message))
        if status == 405:
            return graph_response(
                request,
                GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed."),
            )
        return graph_response(request, GraphError(status, "BadRequest", detail))
    if service == "partnercenter":
        return JSONResponse(partner_center_body(status, detail), status_code=status)
    if service == "login":
        return JSONResponse(identity_body("invalid_request", 900561, detail), status_code=status)
    return JSONResponse({"detail": detail}, status_code=status)
