"""Applies fault rules, stamps Graph's request-id headers and counts every call."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emulator.errors import REQUEST_ID_KEY, TENANT_KEY, identity_body, partner_center_body
from emulator.faults import Outcome
from emulator.state import EmulatorState
from emulator.tokens import unverified_claims


def _retry_after(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _guess_tenant(state: EmulatorState, path: str, headers: dict[str, str]) -> str | None:
    parts = path.strip("/").split("/")
    if parts[0] == "login" and len(parts) > 1:
        tenant = state.world.tenant(parts[1])
        return tenant.id if tenant else parts[1].lower()
    if parts[0] == "partnercenter" and len(parts) > 3 and parts[2] == "customers":
        return parts[3].lower()
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        tid = unverified_claims(token).get("tid")
        return str(tid) if tid else None
    return None


# What the token endpoint answers when a policy, or the state of the refresh token, stops a
# sign-in: error "invalid_grant" with the AADSTS code and Microsoft's own description
# (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes). A fault
# rule injects one per tenant (customer or partner) with rate_error and error_code "53003".
SIGN_IN_FAILURES: dict[int, str] = {
    50076: "Due to a configuration change made by your administrator, or because you moved to a "
    "new location, you must use multi-factor authentication to access the resource.",
    50079: "Due to a configuration change made by your administrator, or because you moved to a "
    "new location, you must enroll in multi-factor authentication to access the resource.",
    50158: "External security challenge not satisfied. User will be redirected to another page or "
    "authentication provider to satisfy additional authentication challenges.",
    53003: "Access has been blocked by Conditional Access policies. The access policy does not "
    "allow token issuance.",
    70043: "The refresh token has expired or is invalid due to sign-in frequency checks by "
    "conditional access.",
    700082: "The refresh token has expired due to inactivity.",
    50173: "The provided grant has expired due to it being revoked, a fresh auth token is needed. "
    "The user might have changed or reset their password.",
    530034: "DelegatedAdminBlockedDueToSuspiciousActivity: delegated admin access was blocked "
    "because of suspicious activity on the partner user's account.",
}


def _error_response(service: str, outcome: Outcome, rid: str) -> Response:
    """A lasting client error in the service's own envelope."""
    message = "The request was refused (injected fault)."
    if service == "graph":
        inner = {"date": "", "request-id": rid, "client-request-id": rid}
        body: dict[str, Any] = {
            "error": {"code": outcome.code, "message": message, "innerError": inner}
        }
    elif service == "login":
        aadsts = int(outcome.code) if outcome.code.isdigit() else 900144
        if aadsts in SIGN_IN_FAILURES:
            body = identity_body("invalid_grant", aadsts, SIGN_IN_FAILURES[aadsts])
        else:
            body = identity_body("invalid_request", aadsts, message)
    else:
        body = partner_center_body(outcome.status, message)
    return JSONResponse(body, status_code=outcome.status)


def fault_response(path: str, outcome: Outcome, rid: str, client_rid: str) -> Response:
    service = path.strip("/").split("/", 1)[0]
    status = outcome.status
    if outcome.kind == "error":
        return _error_response(service, outcome, rid)
    headers = {"Retry-After": _retry_after(outcome.retry_after)} if outcome.kind == "429" else {}
    if service == "graph":
        # Graph's throttled answer: 429, a Retry-After in seconds that may be fractional, and
        # the error TooManyRequests with innerError code "429" (the sample response in
        # https://learn.microsoft.com/en-us/graph/throttling shows "Retry-After: 2.128").
        code, message = {
            "429": ("TooManyRequests", "Please retry again later."),
            "5xx": ("serviceNotAvailable", "The service is temporarily unavailable."),
            "timeout": ("GatewayTimeout", "The operation timed out."),
        }[outcome.kind or "5xx"]
        inner = {
            "code": str(status),
            "message": "Please retry after" if outcome.kind == "429" else message,
            "status": str(status),
            "request-id": rid,
            "client-request-id": client_rid,
            "date": "",
        }
        body: dict[str, Any] = {"error": {"code": code, "message": message, "innerError": inner}}
        return JSONResponse(body, status_code=status, headers=headers)
    if service == "login":
        if outcome.kind == "429":
            body = identity_body(
                "temporarily_unavailable",
                90055,
                "TenantThrottlingError: There are too many "
                "incoming requests. This exception is thrown for blocked tenants.",
            )
        else:
            body = identity_body(
                "temporarily_unavailable",
                90033,
                "A transient error has occurred. Please try again.",
            )
        return JSONResponse(body, status_code=status, headers=headers)
    if service == "partnercenter":
        if outcome.kind == "429":
            seconds = max(1, round(outcome.retry_after))
            message = f"Rate limit is exceeded. Try again in {seconds} seconds."
            return JSONResponse({"statusCode": 429, "message": message}, 429, headers=headers)
        return JSONResponse(partner_center_body(status, "Service unavailable."), status)
    return PlainTextResponse("Service unavailable", status_code=status, headers=headers)


# The lower-cased request headers, read once by the middleware for the fault dependency too.
HEADERS_KEY = "emulator.headers"
PREFIXES = ("/graph/v1.0", "/login", "/partnercenter", "/admin", "/manage")


def route_template(scope: Scope) -> str:
    """The matched route's path with its service prefix, e.g. /graph/v1.0/users/$count."""
    path = getattr(scope.get("route"), "path", None)
    if not isinstance(path, str):
        return str(scope["path"])
    for prefix in PREFIXES:
        if scope["path"].startswith(prefix) and not path.startswith(prefix):
            return prefix + path
    return path


class FaultInjected(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__("fault injected")
        self.response = response


async def apply_faults(request: Request) -> None:
    """A global dependency, so faults see the matched route like the counters do."""
    scope = request.scope
    if scope["path"].startswith("/_emulator"):
        return
    state = request.app.state.emulator
    assert isinstance(state, EmulatorState)
    headers: dict[str, str] = scope.get(HEADERS_KEY) or {
        k.lower(): v for k, v in request.headers.items()
    }
    tenant = _guess_tenant(state, scope["path"], headers)
    scope.setdefault(TENANT_KEY, tenant)
    outcome = state.faults.decide(scope["method"], scope["path"], tenant)
    if outcome.delay:
        await asyncio.sleep(outcome.delay)
    if outcome.kind is None:
        return
    if outcome.kind == "timeout":
        await asyncio.sleep(outcome.hang)
    rid = str(scope.get(REQUEST_ID_KEY, ""))
    raise FaultInjected(
        fault_response(scope["path"], outcome, rid, headers.get("client-request-id", rid))
    )


class EmulatorMiddleware:
    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_emulator"):
            await self.app(scope, receive, send)
            return
        state, path, method = self.state, scope["path"], scope["method"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        rid = str(uuid.uuid4())
        client_rid = headers.get("client-request-id", rid)
        scope[REQUEST_ID_KEY] = rid
        scope[HEADERS_KEY] = headers
        status = [500]

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                if path.startswith("/graph"):
                    extra = [
                        (b"request-id", rid.encode()),
                        (b"client-request-id", client_rid.encode()),
                    ]
                    message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            recorded = scope.get(TENANT_KEY) or _guess_tenant(state, path, headers)
            state.counters.record(method, route_template(scope), recorded, status[0])
