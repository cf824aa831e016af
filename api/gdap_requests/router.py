from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.audit.service import describe_failure, record
from api.db import DbSession, utcnow
from api.deps import AppResources, Queue, require
from api.errors import Conflict, NotFound
from api.gdap_requests import service, templates
from api.gdap_requests.follow import start_follow
from api.gdap_requests.models import GdapRequest
from api.gdap_requests.schemas import (
    GdapRequestOut,
    GdapRequestPage,
    GdapRequestQuery,
    NewClientRequestCreate,
    RoleOut,
    TemplateCreate,
    TemplateOut,
    TemplateUpdate,
    TenantRequestCreate,
)
from api.gdap_requests.views import request_out, template_out
from api.openapi import problems
from api.operations.schemas import OperationOut
from api.operations.views import operation_out
from api.permissions import Action, Principal
from api.tenants.roles import NON_DELEGABLE_ROLES, ROLE_NAMES

router = APIRouter(tags=["gdap"])
TENANT_ID = Annotated[uuid.UUID, Path(description="The Microsoft tenant id")]
REQUEST_ID = Annotated[uuid.UUID, Path(description="The GDAP request id")]
TEMPLATE_ID = Annotated[uuid.UUID, Path(description="The role template id")]


@router.get(
    "/gdap-roles",
    operation_id="list_gdap_roles",
    summary="The roles a GDAP relationship can carry, by Microsoft's role template id",
)
async def list_gdap_roles(principal: Principal = require(Action.tenants_read)) -> list[RoleOut]:
    return [
        RoleOut(id=r, name=n)
        for r, n in sorted(ROLE_NAMES.items(), key=lambda kv: kv[1])
        if r not in NON_DELEGABLE_ROLES
    ]


@router.get(
    "/gdap-templates",
    operation_id="list_gdap_templates",
    summary="The organization's role templates, the default first",
)
async def list_gdap_templates(
    db: DbSession, principal: Principal = require(Action.tenants_read)
) -> list[TemplateOut]:
    return [template_out(t) for t in await templates.list_templates(db, principal.organization_id)]


@router.post(
    "/gdap-templates",
    operation_id="create_gdap_template",
    summary="Add a role template",
    status_code=201,
    responses=problems(409),
)
async def create_gdap_template(
    body: TemplateCreate,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.tenants_manage),
) -> TemplateOut:
    describe_failure(request, action="gdap_template.create", target_type="gdap_template")
    template = await templates.create_template(
        db,
        principal.organization_id,
        name=body.name,
        role_ids=[str(r) for r in body.role_ids],
        duration_days=body.duration_days,
        auto_extend=body.auto_extend,
        group_id=str(body.group_id) if body.group_id else None,
        group_name=body.group_name,
    )
    record(
        db,
        request,
        "gdap_template.create",
        target_type="gdap_template",
        target_id=template.id,
        details={"name": template.name, "role_ids": template.role_ids},
    )
    return template_out(template)


@router.patch(
    "/gdap-templates/{template_id}",
    operation_id="update_gdap_template",
    summary="Change a role template",
    responses=problems(409),
)
async def update_gdap_template(
    template_id: TEMPLATE_ID,
    body: TemplateUpdate,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.tenants_manage),
) -> TemplateOut:
    describe_failure(
        request, action="gdap_template.update", target_type="gdap_template", target_id=template_id
    )
    template = await templates.get_template(db, principal.organization_id, template_id)
    # Null clears the group; for the other fields it means "unchanged".
    changes = {
        k: v
        for k, v in body.model_dump(mode="json", exclude_unset=True).items()
        if v is not None or k in ("group_id", "group_name")
    }
    template = await templates.update_template(db, template, changes)
    record(
        db,
        request,
        "gdap_template.update",
        target_type="gdap_template",
        target_id=template.id,
        details={k: v for k, v in changes.items() if k != "group_id"} | {"fields": sorted(changes)},
    )
    return template_out(template)


@router.delete(
    "/gdap-templates/{template_id}",
    operation_id="delete_gdap_template",
    summary="Delete a role template (not the default)",
    status_code=204,
    responses=problems(409),
)
async def delete_gdap_template(
    template_id: TEMPLATE_ID,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.tenants_manage),
) -> Response:
    describe_failure(
        request, action="gdap_template.delete", target_type="gdap_template", target_id=template_id
    )
    template = await templates.get_template(db, principal.organization_id, template_id)
    await templates.delete_template(db, template)
    record(
        db,
        request,
        "gdap_template.delete",
        target_type="gdap_template",
        target_id=template_id,
        details={"name": template.name},
    )
    return Response(status_code=204)


def _answer(
    request: Request, response: Response, db: DbSession, row: GdapRequest, created: bool
) -> GdapRequestOut:
    """A new request is 201; the one already open for the tenant comes back with 200."""
    _audit_request(request, db, row, created)
    if not created:
        response.status_code = 200
    response.headers["Location"] = f"/api/v1/gdap-requests/{row.id}"
    return request_out(row, utcnow())


def _audit_request(request: Request, db: DbSession, row: GdapRequest, created: bool) -> None:
    record(
        db,
        request,
        "gdap_request.create",
        target_type="gdap_request",
        target_id=row.id,
        details={
            "created": created,
            "tenant_id": row.tenant_id,
            "role_ids": list(row.role_ids),
            "state": row.state.value,
        },
    )


@router.post(
    "/tenants/{tenant_id}/gdap-requests",
    operation_id="request_tenant_gdap",
    summary="Ask the client for GDAP: creates the relationship and returns the approval link",
    status_code=201,
    responses={**problems(409), 200: {"description": "A request for this tenant is open already"}},
)
async def request_tenant_gdap(
    tenant_id: TENANT_ID,
    request: Request,
    response: Response,
    db: DbSession,
    resources: AppResources,
    body: TenantRequestCreate | None = None,
    principal: Principal = require(Action.tenants_manage),
) -> GdapRequestOut:
    describe_failure(
        request, action="gdap_request.create", target_type="tenant", target_id=tenant_id
    )
    body = body or TenantRequestCreate()
    tenant = await service.tenant_of(db, principal.organization_id, str(tenant_id))
    row, created = await service.request_gdap(
        db,
        resources,
        principal,
        tenant=tenant,
        template_id=body.template_id,
        top_up=body.top_up,
        renew=body.renew,
    )
    return _answer(request, response, db, row, created)


@router.post(
    "/gdap-requests",
    operation_id="request_new_client_gdap",
    summary="Ask a new client (not in the table yet) for GDAP, with its tenant id or none",
    status_code=201,
    responses={
        **problems(404, 409),
        200: {"description": "A request for this tenant is open already"},
    },
)
async def request_new_client_gdap(
    body: NewClientRequestCreate,
    request: Request,
    response: Response,
    db: DbSession,
    resources: AppResources,
    principal: Principal = require(Action.tenants_manage),
) -> GdapRequestOut:
    describe_failure(request, action="gdap_request.create", target_type="gdap_request")
    tenant = None
    if body.tenant_id:
        try:
            tenant = await service.tenant_of(db, principal.organization_id, str(body.tenant_id))
        except NotFound:  # not in the table yet: a new client
            tenant = None
    row, created = await service.request_gdap(
        db,
        resources,
        principal,
        tenant=tenant,
        new_tenant_id=str(body.tenant_id) if body.tenant_id else None,
        customer_name=body.customer_name,
        template_id=body.template_id,
    )
    return _answer(request, response, db, row, created)


@router.get(
    "/gdap-requests",
    operation_id="list_gdap_requests",
    summary="GDAP requests, newest first, by state and tenant",
)
async def list_gdap_requests(
    db: DbSession,
    params: Annotated[GdapRequestQuery, Query()],
    principal: Principal = require(Action.tenants_read),
) -> GdapRequestPage:
    rows = await service.list_requests(
        db,
        principal.organization_id,
        states=[params.state] if params.state else [],
        tenant_id=str(params.tenant_id) if params.tenant_id else None,
        limit=params.limit,
    )
    now = utcnow()
    return GdapRequestPage(items=[request_out(r, now) for r in rows])


@router.get(
    "/gdap-requests/{request_id}",
    operation_id="get_gdap_request",
    summary="One GDAP request with its timeline",
)
async def get_gdap_request(
    request_id: REQUEST_ID, db: DbSession, principal: Principal = require(Action.tenants_read)
) -> GdapRequestOut:
    row = await service.get_request(db, principal.organization_id, request_id)
    return request_out(row, utcnow())


@router.post(
    "/gdap-requests/{request_id}/refresh",
    operation_id="refresh_gdap_request",
    summary="Ask Microsoft now where the open requests stand (runs in the background)",
    status_code=202,
    responses=problems(409),
)
async def refresh_gdap_request(
    request_id: REQUEST_ID,
    request: Request,
    response: Response,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.tenants_manage),
) -> OperationOut:
    describe_failure(
        request, action="gdap_request.refresh", target_type="gdap_request", target_id=request_id
    )
    row = await service.get_request(db, principal.organization_id, request_id)
    if not row.state.open or row.relationship_id is None:
        raise Conflict(
            f"The request is {row.state.value}: there is nothing to follow.",
            code="gdap_request_finished",
        )
    await service.connected_or_conflict(db, principal.organization_id)
    operation, created = await start_follow(db, queue, principal.organization_id, principal)
    record(
        db,
        request,
        "gdap_request.refresh",
        target_type="gdap_request",
        target_id=row.id,
        details={"operation_id": str(operation.id), "created": created},
    )
    response.headers["Location"] = f"/api/v1/operations/{operation.id}"
    return await operation_out(db, operation)
