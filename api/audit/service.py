"""Writing and reading the audit trail."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from fastapi import Request
from sqlalchemy import Select, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent, Outcome
from api.audit.schemas import AuditEventOut, AuditEventPage, AuditFilters, AuditQuery
from api.errors import correlation_id_of
from api.paging import csv_cell, decode_time_cursor, encode_time_cursor
from api.permissions import Principal

AUDITED_FLAG = "audited"
AUDIT_CONTEXT = "audit_context"
EXPORT_LIMIT = 100_000
CSV_COLUMNS = [
    "created_at",
    "actor_type",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "outcome",
    "status_code",
    "error_code",
    "ip",
    "user_agent",
    "correlation_id",
]


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


def _query(organization_id: uuid.UUID, filters: AuditFilters) -> Select[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.organization_id == organization_id)
    if filters.actor_id:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.outcome:
        query = query.where(AuditEvent.outcome == filters.outcome)
    if filters.target_type:
        query = query.where(AuditEvent.target_type == filters.target_type)
    if filters.target_id:
        query = query.where(AuditEvent.target_id == filters.target_id)
    if filters.since:
        query = query.where(AuditEvent.created_at >= filters.since)
    if filters.until:
        query = query.where(AuditEvent.created_at < filters.until)
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


async def search(
    db: AsyncSession, organization_id: uuid.UUID, params: AuditQuery
) -> AuditEventPage:
    """One page of the organization's trail, newest first."""
    query = _query(organization_id, params)
    limit = params.limit
    if params.cursor:
        stamp, ident = decode_time_cursor(params.cursor)
        query = query.where(tuple_(AuditEvent.created_at, AuditEvent.id) < tuple_(stamp, ident))
    rows = list((await db.execute(query.limit(limit + 1))).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditEventPage(
        items=[AuditEventOut.model_validate(r) for r in rows],
        next_cursor=encode_time_cursor(rows[-1].created_at, rows[-1].id) if more and rows else None,
    )


async def export_csv(db: AsyncSession, organization_id: uuid.UUID, filters: AuditFilters) -> str:
    """The matching events as CSV, newest first, at most EXPORT_LIMIT of them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    query = _query(organization_id, filters).limit(EXPORT_LIMIT)
    for event in (await db.execute(query)).scalars():
        writer.writerow([csv_cell(getattr(event, c)) for c in CSV_COLUMNS])
    return buffer.getvalue()
