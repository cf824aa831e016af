from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.audit import service
from api.audit.schemas import AuditEventPage, AuditFilters, AuditQuery
from api.db import DbSession
from api.deps import require
from api.permissions import Action, Principal

router = APIRouter(prefix="/audit-events", tags=["audit"])


@router.get("", operation_id="list_audit_events", summary="Search the audit trail, newest first")
async def list_audit_events(
    db: DbSession,
    params: Annotated[AuditQuery, Query()],
    principal: Principal = require(Action.audit_read),
) -> AuditEventPage:
    return await service.search(db, principal.organization_id, params)


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
    body = await service.export_csv(db, principal.organization_id, filters)
    return StreamingResponse(
        iter([body]),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-events.csv"'},
    )
