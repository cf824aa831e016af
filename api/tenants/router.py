from __future__ import annotations

import csv
import io
import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.audit.service import describe_failure, record
from api.db import DbSession, utcnow
from api.deps import Queue, require
from api.errors import Conflict
from api.operations import service as operations
from api.operations.models import OperationKind
from api.operations.schemas import OperationOut
from api.operations.views import operation_out
from api.paging import csv_cell
from api.partner_center.models import ConnectionState
from api.partner_center.tokens import connection_of
from api.permissions import Action, Principal
from api.tenants import service
from api.tenants.schemas import TenantDetail, TenantOut, TenantPage, TenantQuery, TenantUpdate

router = APIRouter(prefix="/tenants", tags=["tenants"])
TENANT_ID = Annotated[uuid.UUID, Path(description="The Microsoft tenant id")]
CSV_COLUMNS = [
    "tenant_id",
    "display_name",
    "default_domain",
    "gdap_state",
    "gdap_roles",
    "gdap_latest_end_at",
    "users",
    "users_source",
    "status",
    "email_permissions",
    "excluded",
    "active",
    "last_synced_at",
]


@router.post(
    "/sync",
    operation_id="sync_tenants",
    summary="Refresh the tenant list from Microsoft (runs in the background)",
    status_code=202,
)
async def sync_tenants(
    request: Request,
    response: Response,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.tenants_manage),
) -> OperationOut:
    describe_failure(request, action="tenants.sync", target_type="operation")
    connection = await connection_of(db, principal.organization_id)
    if connection is None or connection.state is ConnectionState.disconnected:
        raise Conflict("Connect Partner Center first.", code="partner_center_not_connected")
    if connection.state is ConnectionState.needs_reauth:
        raise Conflict(
            f"Reauthenticate Partner Center first. {connection.reauth_reason or ''}".strip(),
            code="partner_center_needs_reauth",
        )
    operation, created = await operations.create_unique(
        db, principal, principal.organization_id, OperationKind.sync
    )
    if created:
        connection.last_sync_operation_id = operation.id
        queue.enqueue_after_commit(
            db, "sync_partner", job_id=f"sync:{operation.id}", operation_id=str(operation.id)
        )
    record(
        db,
        request,
        "tenants.sync",
        target_type="operation",
        target_id=operation.id,
        details={"created": created},
    )
    response.headers["Location"] = f"/api/v1/operations/{operation.id}"
    return await operation_out(db, operation)


@router.get("", operation_id="list_tenants", summary="The managed tenants table")
async def list_tenants(
    db: DbSession,
    params: Annotated[TenantQuery, Query()],
    principal: Principal = require(Action.tenants_read),
) -> TenantPage:
    return await service.list_tenants(db, principal, params)


@router.get(
    "/export.csv",
    operation_id="export_tenants",
    summary="Download the tenants table as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_tenants(
    db: DbSession,
    params: Annotated[TenantQuery, Query()],
    principal: Principal = require(Action.tenants_read),
) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for tenant in await service.export_rows(db, principal, params):
        row = tenant.model_dump(mode="json")
        row["gdap_roles"] = "; ".join(tenant.gdap_roles)
        writer.writerow([csv_cell(row.get(c)) for c in CSV_COLUMNS])
    return Response(
        buffer.getvalue(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="tenants.csv"'},
    )


@router.get(
    "/{tenant_id}",
    operation_id="get_tenant",
    summary="One tenant with its GDAP relationships and last error",
)
async def get_tenant(
    tenant_id: TENANT_ID, db: DbSession, principal: Principal = require(Action.tenants_read)
) -> TenantDetail:
    tenant = await service.get_tenant(db, principal, str(tenant_id))
    return await service.tenant_detail(db, principal, tenant)


@router.patch(
    "/{tenant_id}",
    operation_id="update_tenant",
    summary="Exclude a tenant from batch work, or include it again",
)
async def update_tenant(
    tenant_id: TENANT_ID,
    body: TenantUpdate,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.tenants_manage),
) -> TenantOut:
    describe_failure(request, action="tenant.update", target_type="tenant", target_id=tenant_id)
    tenant = await service.get_tenant(db, principal, str(tenant_id))
    if tenant.excluded != body.excluded:
        tenant.excluded = body.excluded
        tenant.excluded_at = utcnow()
        tenant.excluded_by_label = principal.label
    record(
        db,
        request,
        "tenant.update",
        target_type="tenant",
        target_id=tenant.tenant_id,
        details={"excluded": body.excluded},
    )
    return service.tenant_out(tenant, principal)
