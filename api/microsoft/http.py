"""The one long-lived httpx client per process that every Microsoft client shares.

httpx is the interface; aiohttp moves the bytes. A sync makes two calls per tenant at a few
hundred tenants a second, and the client's CPU per call sets the pace: httpx's own connection
pool (httpcore) cost about twice as much per request as aiohttp's pool and C-accelerated parser,
and inspected every pooled connection with a syscall whenever it handed one out.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import httpx
from yarl import URL

USER_AGENT = "PetraPortal/0.1 (+https://github.com/petra-portal)"
TIMEOUT = httpx.Timeout(30.0, connect=10.0, pool=10.0)
# Sync and onboarding run ~20-50 tenants at once with a few calls each; 100 leaves headroom.
MAX_CONNECTIONS = 100
KEEPALIVE_EXPIRY = 30.0


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport over one aiohttp session, opened on first use inside the event loop.

    The URL goes out exactly as httpx encoded it, and every aiohttp failure becomes the httpx
    exception of the same meaning, so callers see only httpx. Microsoft's answers are small
    JSON documents, so each body is read whole before the response is handed back.
    """

    def __init__(
        self,
        *,
        max_connections: int = MAX_CONNECTIONS,
        keepalive_expiry: float = KEEPALIVE_EXPIRY,
    ) -> None:
        self._max_connections = max_connections
        self._keepalive_expiry = keepalive_expiry
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections,
                keepalive_timeout=self._keepalive_expiry,
                ssl=httpx.create_ssl_context(),
            )
            # httpx already set every header; aiohttp must neither add its own nor decompress.
            self._session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=False,
                skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._open()
        timeouts = request.extensions.get("timeout", {})
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=timeouts.get("pool"),
            sock_connect=timeouts.get("connect"),
            sock_read=timeouts.get("read"),
        )
        try:
            async with session.request(
                request.method,
                URL(str(request.url), encoded=True),
                headers=request.headers.multi_items(),
                data=await request.aread() or None,
                allow_redirects=False,
                compress=None,
                timeout=timeout,
            ) as resp:
                body = await resp.read()
                status, headers, reason = resp.status, resp.raw_headers, resp.reason
        except Exception as exc:
            raise _as_httpx(exc, request) from exc
        extensions = {"http_version": b"HTTP/1.1"}
        if reason:
            extensions["reason_phrase"] = reason.encode("latin-1", "replace")
        return httpx.Response(
            status, headers=list(headers), stream=httpx.ByteStream(body), extensions=extensions
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _as_httpx(exc: Exception, request: httpx.Request) -> Exception:
    """The httpx exception that says what happened; anything else passes through unchanged."""
    message = str(exc) or type(exc).__name__
    match exc:
        case aiohttp.ConnectionTimeoutError():
            return httpx.ConnectTimeout(message, request=request)
        case aiohttp.ServerTimeoutError() | asyncio.TimeoutError():
            return httpx.ReadTimeout(message, request=request)
        case aiohttp.ClientConnectorError():
            return httpx.ConnectError(message, request=request)
        case aiohttp.ClientConnectionError():
            return httpx.ReadError(message, request=request)
        case aiohttp.ClientPayloadError() | aiohttp.ClientResponseError():
            return httpx.RemoteProtocolError(message, request=request)
        case aiohttp.InvalidURL():
            return httpx.UnsupportedProtocol(message, request=request)
    return exc


class MicrosoftHttpClient(httpx.AsyncClient):
    """An httpx client without the browser-like parts Microsoft's APIs never need.

    `send` hands the request straight to the transport: no cookie jar (httpx builds a urllib
    request per response to look for cookies), no auth flow and no redirects to follow. Every
    request still goes through `build_request`, so base headers, query encoding and timeouts are
    httpx's own.
    """

    def __init__(self, *, transport: httpx.AsyncBaseTransport) -> None:
        super().__init__(
            timeout=TIMEOUT,
            headers={"User-Agent": USER_AGENT},
            transport=transport,
            follow_redirects=False,
        )
        self._wire = transport

    async def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: Any = httpx.USE_CLIENT_DEFAULT,
        follow_redirects: Any = httpx.USE_CLIENT_DEFAULT,
    ) -> httpx.Response:
        if auth not in (None, httpx.USE_CLIENT_DEFAULT):
            raise ValueError("Microsoft calls carry their token in a header, not an auth flow")
        if follow_redirects is True:
            raise ValueError("Microsoft calls never follow redirects")
        response = await self._wire.handle_async_request(request)
        response.request = request
        if not stream:
            try:
                await response.aread()
            finally:
                await response.aclose()
        return response


def create_http_client(*, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    return MicrosoftHttpClient(transport=transport or AiohttpTransport())
