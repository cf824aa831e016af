"""The security headers every response carries: CSP, no framing, no referrer leaks, no sniffing.

The SPA's scripts all come from its own origin, and nothing else may run. Its styles may be
inline too: Mantine writes its theme's CSS variables into <style> elements at run time (styles
cannot run code, and React escapes what pages show). API answers are data, never documents to
render: their policy allows nothing. The API docs page is FastAPI's Swagger UI: it loads
swagger-ui from its CDN and boots it with one inline script, allowed by that script's hash as
served (FastAPI renders it from the app's fixed settings, never from the request).
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_ASSETS = "https://cdn.jsdelivr.net"
DOCS_FAVICON = "https://fastapi.tiangolo.com"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)

SPA_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Microsoft's sign-in page learns nothing of the portal's URLs, and the portal's own unsafe
    # requests keep the Origin header the CSRF check reads (no-referrer would send "null").
    "Referrer-Policy": "same-origin",
}


def docs_policy(html: bytes) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src {DOCS_ASSETS} {hashes}; style-src {DOCS_ASSETS}; "
        f"img-src 'self' data: {DOCS_FAVICON}; connect-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


class SecurityHeadersMiddleware:
    def __init__(
        self, app: ASGIApp, *, docs_path: str = "/api/docs", api_prefix: str = "/api/"
    ) -> None:
        self.app = app
        self.docs_path = docs_path
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(self.docs_path):
            await self._docs(scope, receive, send)
            return
        policy = API_POLICY if path.startswith(self.api_prefix) else SPA_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _apply(message, policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hold the page until its body is known: its policy names its inline script."""
        start: Message | None = None
        body = bytearray()

        async def send_buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body.extend(message.get("body", b""))
            if not message.get("more_body", False):
                _apply(start, docs_policy(bytes(body)))
                await send(start)
                await send({"type": "http.response.body", "body": bytes(body)})

        await self.app(scope, receive, send_buffered)


def _apply(start: Message, policy: str) -> None:
    headers = MutableHeaders(scope=start)
    headers["Content-Security-Policy"] = policy
    for name, value in HEADERS.items():
        headers[name] = value
