"""The security headers every response carries: CSP, no framing, no referrer leaks, no sniffing.

The SPA's scripts all come from its own origin, and nothing else may run. Its styles may be
inline too: Mantine writes its theme's CSS variables into <style> elements at run time (styles
cannot run code, and React escapes what pages show). API answers are data, never documents to
render: their policy allows nothing. The API docs page (api/docs.py) loads Swagger UI and its
init script from the portal itself, and reads the contract from it.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.docs import DOCS_PATH

SPA_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
# Swagger UI writes a few <style> elements and style attributes (its logo, its SVG icons):
# styles cannot run code, so as on the SPA they may be inline; scripts may not.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
# A printable report (Petra Scan's per-tenant page) is a document with its own <style>: styles
# only, no scripts, images or requests.
REPORT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
REPORT_SUFFIX = "/report"
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Microsoft's sign-in page learns nothing of the portal's URLs, and the portal's own unsafe
    # requests keep the Origin header the CSRF check reads (no-referrer would send "null").
    "Referrer-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    def __init__(
        self, app: ASGIApp, *, docs_path: str = DOCS_PATH, api_prefix: str = "/api/"
    ) -> None:
        self.app = app
        self.docs_path = docs_path
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path == self.docs_path or path.startswith(self.docs_path + "/"):
            policy = DOCS_POLICY
        elif path.startswith(self.api_prefix) and path.endswith(REPORT_SUFFIX):
            policy = REPORT_POLICY
        elif path.startswith(self.api_prefix):
            policy = API_POLICY
        else:
            policy = SPA_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _apply(message, policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _apply(start: Message, policy: str) -> None:
    headers = MutableHeaders(scope=start)
    headers["Content-Security-Policy"] = policy
    for name, value in HEADERS.items():
        headers[name] = value
