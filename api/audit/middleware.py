"""Every state-changing request leaves an audit event, failures included.

Routes record their own success events inside their transaction. Anything else — a refused
login, a 403, a validation error, a 500 — is recorded here in a transaction of its own, just
before the response starts, so the trail holds it even though the request's work rolled back.
"""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.audit.models import AuditEvent, Outcome
from api.audit.service import AUDIT_CONTEXT, AUDITED_FLAG
from api.permissions import Principal

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
log = structlog.get_logger(__name__)


class AuditMiddleware:
    def __init__(self, app: ASGIApp, prefix: str = "/api/") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in UNSAFE
            or not scope["path"].startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return

        async def send_with_audit(message: Message) -> None:
            if message["type"] == "http.response.start":
                await self._write_if_needed(scope, int(message["status"]))
            await send(message)

        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_audit(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception:
            if not started:
                await self._write_if_needed(scope, 500)
            raise

    async def _write_if_needed(self, scope: Scope, status: int) -> None:
        state: dict[str, Any] = scope.setdefault("state", {})
        if status < 400 and state.get(AUDITED_FLAG):
            return
        try:
            sessionmaker: async_sessionmaker[AsyncSession] = scope["app"].state.sessionmaker
            async with sessionmaker() as db:
                db.add(_event(scope, state, status))
                await db.commit()
        except Exception as exc:  # the response must still go out if the trail is unreachable
            log.error("audit_write_failed", error_type=type(exc).__name__)


def _event(scope: Scope, state: dict[str, Any], status: int) -> AuditEvent:
    principal: Principal | None = state.get("principal")
    context: dict[str, Any] = state.get(AUDIT_CONTEXT, {})
    route = scope.get("route")
    action = context.get("action") or getattr(route, "name", None) or scope["path"]
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
    client = scope.get("client")
    label = principal.label if principal else context.get("actor_label")
    return AuditEvent(
        organization_id=principal.organization_id if principal else context.get("organization_id"),
        actor_type=principal.actor_type if principal else "anonymous",
        actor_id=principal.actor_id if principal else context.get("actor_id"),
        actor_label=_storable(label, 320),
        action=_storable(action, 80) or "",
        target_type=_storable(context.get("target_type"), 40),
        target_id=_storable(context.get("target_id"), 80),
        outcome=Outcome.failure if status >= 400 else Outcome.success,
        status_code=status,
        error_code=state.get("error_code"),
        ip=_storable(client[0], 64) if client else None,
        user_agent=_storable(headers.get("user-agent"), 400),
        correlation_id=state.get("correlation_id"),
        details={"method": scope["method"], "path": _storable(scope["path"], 2000)},
    )


def _storable(value: object, limit: int) -> str | None:
    """What a hostile request sent, in a form PostgreSQL stores: NULs escaped, cut to fit.

    A failed request must leave its trace even when its input is what made it fail.
    """
    if value is None:
        return None
    return str(value).replace("\x00", "\\x00")[:limit] or None
