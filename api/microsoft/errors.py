"""The error tree for Microsoft calls, and how each service's error envelope is read into it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from api.microsoft.root_causes import Layer, RootCause, Service, root_cause_for

__all__ = [
    "Layer",
    "MicrosoftError",
    "RequestError",
    "RootCause",
    "Service",
    "SignInError",
    "TransientError",
    "graph_error",
    "identity_error",
    "parse_retry_after",
    "partner_center_error",
]

# invalid_grant covers both "sign in again" and "consent/GDAP missing"; only these codes
# mean a person has to sign in again.
SIGN_IN_CODES = frozenset(
    {
        "AADSTS700082",
        "AADSTS700084",
        "AADSTS50173",
        "AADSTS50076",
        "AADSTS50079",
        "AADSTS53003",
        "AADSTS50158",
        "AADSTS70043",
        "AADSTS530034",
        "AADSTS54005",
        "AADSTS70000",
        "AADSTS70008",
        "AADSTS501481",
        "AADSTS9002313",
        "AADSTS50126",
        "AADSTS50058",
    }
)
SIGN_IN_ERRORS = frozenset({"interaction_required", "login_required"})
TRANSIENT_IDENTITY = frozenset({"AADSTS90055", "AADSTS90033"})
_JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]*")
# Partner Center's "no MFA claim in the token" (401, code 900421): only a new sign-in with MFA
# fixes it (https://learn.microsoft.com/en-us/partner-center/developer/
# partner-center-authentication).
PARTNER_CENTER_SIGN_IN_CODES = frozenset({"900421"})
_PC_WAIT = re.compile(r"try again in (\d+(?:\.\d+)?) seconds", re.I)
MAX_MESSAGE = 500


class MicrosoftError(Exception):
    def __init__(
        self,
        message: str,
        *,
        service: Service,
        status: int | None,
        code: str | None,
        request_id: str | None = None,
        root_cause: RootCause | None = None,
    ) -> None:
        self.message = safe_message(message)
        self.service: Service = service
        self.status = status
        self.code = code
        self.request_id = request_id
        self.root_cause = root_cause or root_cause_for(service, code, status, self.message)
        super().__init__(str(self))

    def __str__(self) -> str:
        status = self.status if self.status is not None else "-"
        return f"{self.service} {status} {self.code or '-'}: {self.message}"


class RequestError(MicrosoftError):
    """Microsoft refused the request; retrying the same request will not help."""


class SignInError(RequestError):
    """The partner sign-in is unusable: a person has to sign in again."""


class TransientError(MicrosoftError):
    """Throttling, server errors, timeouts: retry later, after retry_after seconds if known."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


def safe_message(text: str) -> str:
    # Identity descriptions carry trace ids and timestamps after the sentence; tokens must
    # never reach a message that is shown or logged.
    text = text.split(" Trace ID:", 1)[0].split("\r\nTrace ID:", 1)[0]
    text = _JWT.sub("[token]", text)
    return text.strip()[:MAX_MESSAGE]


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds (fractional too, e.g. Graph's "2.128") or an HTTP-date; None when unusable."""
    if value is None or not value.strip():
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        try:
            when = parsedate_to_datetime(value.strip())
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds or seconds == float("inf"):
        return None
    return max(0.0, seconds)


def _json(resp: httpx.Response) -> dict[str, Any]:
    try:
        body = resp.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _transient(resp: httpx.Response) -> bool:
    return resp.status_code in (408, 429) or resp.status_code >= 500


def identity_error(resp: httpx.Response) -> MicrosoftError:
    body = _json(resp)
    error = str(body.get("error") or "")
    codes = body.get("error_codes")
    code = f"AADSTS{codes[0]}" if isinstance(codes, list) and codes else error or None
    description = str(body.get("error_description") or error or f"HTTP {resp.status_code}")
    request_id = (
        body.get("correlation_id")
        or body.get("trace_id")
        or resp.headers.get("x-ms-request-id")
        or None
    )
    fields: dict[str, Any] = {
        "service": "identity",
        "status": resp.status_code,
        "code": code,
        "request_id": str(request_id) if request_id else None,
    }
    if _transient(resp) or error == "temporarily_unavailable" or code in TRANSIENT_IDENTITY:
        retry_after = parse_retry_after(resp.headers.get("retry-after"))
        return TransientError(description, retry_after=retry_after, **fields)
    if code in SIGN_IN_CODES or error in SIGN_IN_ERRORS:
        return SignInError(description, **fields)
    return RequestError(description, **fields)


def graph_error(resp: httpx.Response) -> MicrosoftError:
    body = _json(resp)
    error = body.get("error") if isinstance(body.get("error"), dict) else {}
    assert isinstance(error, dict)
    inner = error.get("innerError") or error.get("innererror") or {}
    code = str(error.get("code") or "") or None
    message = str(error.get("message") or f"HTTP {resp.status_code}")
    request_id = resp.headers.get("request-id") or (
        inner.get("request-id") if isinstance(inner, dict) else None
    )
    fields: dict[str, Any] = {
        "service": "graph",
        "status": resp.status_code,
        "code": code,
        "request_id": request_id or None,
    }
    if _transient(resp):
        retry_after = parse_retry_after(resp.headers.get("retry-after"))
        return TransientError(message, retry_after=retry_after, **fields)
    return RequestError(message, **fields)


def partner_center_error(resp: httpx.Response) -> MicrosoftError:
    body = _json(resp)
    # Errors come as {code, description, source}; throttling as {statusCode, message}.
    raw_code = body.get("code", body.get("statusCode"))
    code = str(raw_code) if raw_code is not None else None
    message = str(body.get("description") or body.get("message") or f"HTTP {resp.status_code}")
    request_id = resp.headers.get("ms-requestid") or resp.headers.get("ms-correlationid")
    fields: dict[str, Any] = {
        "service": "partner_center",
        "status": resp.status_code,
        "code": code,
        "request_id": request_id or None,
    }
    if _transient(resp):
        retry_after = parse_retry_after(resp.headers.get("retry-after"))
        if retry_after is None and (found := _PC_WAIT.search(message)):
            retry_after = float(found.group(1))
        return TransientError(message, retry_after=retry_after, **fields)
    if code in PARTNER_CENTER_SIGN_IN_CODES:
        return SignInError(message, **fields)
    return RequestError(message, **fields)
