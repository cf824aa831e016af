from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from sqlalchemy import Select, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.audit.schemas import AuditEventOut, AuditEventPage, AuditFilters, AuditQuery
from api.db import DbSession
from api.deps import require
from api.paging import csv_cell, decode_time_cursor, encode_time_cursor
from api.permissions import Action, Principal

router = APIRouter(prefix="/audit-events", tags=["audit"])
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


def _query(principal: Principal, filters: AuditFilters) -> Select[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.organization_id == principal.organization_id)
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


@router.get("", operation_id="list_audit_events", summary="Search the audit trail, newest first")
async def list_audit_events(
    db: DbSession,
    params: Annotated[AuditQuery, Query()],
    principal: Principal = require(Action.audit_read),
) -> AuditEventPage:
    query = _query(principal, params)
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


async def _csv_rows(db: AsyncSession, query: Select[AuditEvent]) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in (await db.execute(query.limit(EXPORT_LIMIT))).scalars():
        writer.writerow([csv_cell(getattr(event, c)) for c in CSV_COLUMNS])
    yield buffer.getvalue()


@router.get(
    "/export.csv",
    operation_id="export_audit_events",
    summary="Download the audit trail as CSV",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_audit_events(
    db: DbSession,
    filters: Annotated[AuditFilters, Query()],
    principal: Principal = require(Action.audit_read),
) -> StreamingResponse:
    query = _query(principal, filters)
    body = "".join([chunk async for chunk in _csv_rows(db, query)])
    return StreamingResponse(
        iter([body]),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-events.csv"'},
    )
