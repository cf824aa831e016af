"""ASGI middleware: the client's address, correlation ids, the body-size limit and metrics."""

from __future__ import annotations

import re
import time
import uuid
from typing import cast

import structlog
from fastapi import Request
from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.errors import problem
from api.security_headers import SecurityHeadersMiddleware
from api.settings import Settings

REQUEST_ID_HEADER = "x-request-id"
log = structlog.get_logger(__name__)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

HTTP_REQUESTS = Counter(
    "petra_http_requests_total", "HTTP requests served", ["method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "petra_http_request_duration_seconds", "HTTP request latency", ["method", "route"]
)


class EdgeMiddleware:
    """The outermost layer: who the client is, and the security headers of every response.

    The client is the socket's peer, unless that peer is one of TRUSTED_PROXIES: then it is
    the address the proxy reports in X-Forwarded-For. Anyone else's X-Forwarded-For is ignored,
    so a client cannot pick the address the per-IP sign-in limit counts.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        inner: ASGIApp = SecurityHeadersMiddleware(app)
        trusted = settings.trusted_proxy_list
        if trusted:
            # uvicorn spells the ASGI callable types its own way; at run time they are one.
            proxied = ProxyHeadersMiddleware(inner, trusted_hosts=trusted)  # type: ignore[arg-type]
            inner = cast(ASGIApp, proxied)
        self.app = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class CorrelationIdMiddleware:
    """Take a caller's X-Request-ID when it is sane, else make one; echo it and log with it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers", [])).get(REQUEST_ID_HEADER.encode(), b"").decode()
        correlation_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["correlation_id"] = correlation_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), correlation_id.encode()))
                message["headers"] = headers
            await send(message)

        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_id(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception as exc:
            # Answer here rather than in Starlette's outer error middleware, so the 500 still
            # carries the correlation id header and the problem+json body.
            log.error("unhandled_error", error_type=type(exc).__name__, path=scope["path"])
            if started:
                raise
            response = problem(
                Request(scope),
                status=500,
                code="internal_error",
                title="Internal server error",
                detail="An unexpected error occurred. Quote the correlation id when reporting it.",
            )
            await response(scope, receive, send_with_id)


class BodySizeLimitMiddleware:
    """Refuse bodies over the limit with 413 before any route parses them.

    A declared Content-Length is checked up front; a chunked body is buffered up to the limit
    (at most max_bytes held) and replayed to the app only if it fits.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit():
            if int(declared) > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body"):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            Request(scope),
            status=413,
            code="payload_too_large",
            title="Request body too large",
            detail=f"Request bodies are limited to {self.max_bytes} bytes.",
        )
        await response(scope, receive, send)


class MetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            # The operation id names the route with bounded cardinality, unlike the raw path.
            route = getattr(scope.get("route"), "name", "unmatched")
            HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
            HTTP_LATENCY.labels(scope["method"], route).observe(time.perf_counter() - started)
