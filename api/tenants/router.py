from __future__ import annotations

import csv
import io
import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.audit.service import describe_failure, record
from api.db import DbSession
from api.deps import Queue, require
from api.openapi import problems
from api.operations.schemas import OperationOut
from api.operations.views import operation_out
from api.paging import csv_cell
from api.permissions import Action, Principal
from api.tenants import detail, service
from api.tenants.schemas import (
    TenantDetail,
    TenantFilter,
    TenantOperationList,
    TenantOperationQuery,
    TenantOut,
    TenantPage,
    TenantQuery,
    TenantUpdate,
)
from api.tenants.sync import start_sync

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
    responses=problems(409),
)
async def sync_tenants(
    request: Request,
    response: Response,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.tenants_manage),
) -> OperationOut:
    describe_failure(request, action="tenants.sync", target_type="operation")
    operation, created = await start_sync(db, queue, principal.organization_id, principal)
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


@router.get(
    "",
    operation_id="list_tenants",
    summary="The managed tenants table",
    response_model=TenantPage,
)
async def list_tenants(
    db: DbSession,
    params: Annotated[TenantQuery, Query()],
    principal: Principal = require(Action.tenants_read),
) -> Response:
    # The page is written once, where it is built: FastAPI would validate it a second time.
    page = await service.list_tenants(db, principal, params)
    return Response(page, media_type="application/json")


@router.get(
    "/export.csv",
    operation_id="export_tenants",
    summary="Download the tenants table as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_tenants(
    db: DbSession,
    params: Annotated[TenantFilter, Query()],
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
    summary="One tenant with every GDAP relationship, its access assignments and last error",
)
async def get_tenant(
    tenant_id: TENANT_ID, db: DbSession, principal: Principal = require(Action.tenants_read)
) -> TenantDetail:
    tenant = await service.get_tenant(db, principal, str(tenant_id))
    return await detail.tenant_detail(db, principal, tenant)


@router.get(
    "/{tenant_id}/operations",
    operation_id="list_tenant_operations",
    summary="The operations that touched one tenant, with its outcome in each, newest first",
)
async def list_tenant_operations(
    tenant_id: TENANT_ID,
    db: DbSession,
    params: Annotated[TenantOperationQuery, Query()],
    principal: Principal = require(Action.operations_read),
) -> TenantOperationList:
    tenant = await service.get_tenant(db, principal, str(tenant_id))
    return await detail.tenant_operations(db, tenant, params.limit)


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
    tenant = await service.set_excluded(db, principal, str(tenant_id), body.excluded)
    record(
        db,
        request,
        "tenant.update",
        target_type="tenant",
        target_id=tenant.tenant_id,
        details={"excluded": body.excluded},
    )
    return service.tenant_out(tenant, principal)
