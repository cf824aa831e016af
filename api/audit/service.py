"""Writing and reading the audit trail."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent, Outcome
from api.errors import correlation_id_of
from api.permissions import Principal

AUDITED_FLAG = "audited"
AUDIT_CONTEXT = "audit_context"


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def record(
    db: AsyncSession,
    request: Request,
    action: str,
    *,
    principal: Principal | None = None,
    target_type: str | None = None,
    target_id: str | uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
    organization_id: uuid.UUID | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Add a success event to the request's transaction; it commits or rolls back with it."""
    principal = principal or request.scope.get("state", {}).get("principal")
    event = AuditEvent(
        organization_id=organization_id or (principal.organization_id if principal else None),
        actor_type=principal.actor_type if principal else "anonymous",
        actor_id=principal.actor_id if principal else None,
        actor_label=actor_label or (principal.label if principal else None),
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        outcome=Outcome.success,
        ip=client_ip(request),
        user_agent=(request.headers.get("user-agent") or "")[:400] or None,
        correlation_id=correlation_id_of(request),
        details=details or {},
    )
    db.add(event)
    request.state.audited = True
    return event


def describe_failure(request: Request, **context: Any) -> None:
    """Tell the audit middleware what a request was about in case it fails."""
    current: dict[str, Any] = request.scope.setdefault("state", {}).setdefault(AUDIT_CONTEXT, {})
    current.update(context)
