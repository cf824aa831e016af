from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import describe_failure, record
from api.auth import ratelimit
from api.db import DbSession
from api.deps import AppSettings, HttpClient, Queue, RedisClient, require
from api.onboarding import individual, service
from api.onboarding.schemas import (
    BatchOnboardIn,
    BatchOnboardOut,
    BatchOnboardTenants,
    IndividualConnectIn,
    IndividualConnectOut,
    OnboardIn,
    OnboardingOut,
    ProductCatalog,
    SkippedOut,
)
from api.openapi import problems
from api.operations.models import Operation
from api.operations.schemas import OperationOut
from api.operations.views import operation_out
from api.permissions import Action, Principal
from api.schemas import Text

router = APIRouter(tags=["onboarding"])
TENANT_ID = Annotated[uuid.UUID, Path(description="The Microsoft tenant id")]


async def _accepted(
    db: DbSession,
    request: Request,
    response: Response,
    action: str,
    tenant_id: uuid.UUID,
    started: tuple[Operation, bool],
    details: dict[str, Any] | None = None,
) -> OperationOut:
    operation, created = started
    record(
        db,
        request,
        action,
        target_type="tenant",
        target_id=str(tenant_id),
        details={"operation_id": str(operation.id), "created": created, **(details or {})},
    )
    response.headers["Location"] = f"/api/v1/operations/{operation.id}"
    return await operation_out(db, operation)


@router.get(
    "/products",
    operation_id="list_products",
    summary="The products a tenant can be onboarded to, with every permission and its reason",
)
async def list_products(principal: Principal = require(Action.tenants_read)) -> ProductCatalog:
    return service.catalog()


@router.post(
    "/tenants/onboard",
    operation_id="onboard_tenants",
    summary="Onboard many tenants to a product in one operation (runs in the background)",
    status_code=202,
    responses=problems(409),
)
async def onboard_tenants(
    body: BatchOnboardIn,
    request: Request,
    response: Response,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.tenants_manage),
) -> BatchOnboardOut:
    describe_failure(request, action="tenants.onboard", target_type="operation")
    operation, created, skipped = await service.start_batch_onboarding(
        db,
        queue,
        principal,
        name=body.product,
        tenant_ids=[str(t) for t in body.tenant_ids]
        if isinstance(body, BatchOnboardTenants)
        else None,
        exclude=[str(t) for t in body.exclude],
    )
    record(
        db,
        request,
        "tenants.onboard",
        target_type="operation",
        target_id=str(operation.id),
        details={
            "product": body.product.value,
            "created": created,
            "tenants": operation.total if created else None,
            "skipped": [{"tenant_id": s.tenant_id, "reason": s.reason} for s in skipped[:200]],
        },
    )
    response.headers["Location"] = f"/api/v1/operations/{operation.id}"
    return BatchOnboardOut(
        operation=await operation_out(db, operation),
        created=created,
        skipped=[
            SkippedOut(tenant_id=s.tenant_id, display_name=s.display_name, reason=s.reason)
            for s in skipped
        ],
    )


@router.post(
    "/tenants/individual/connect",
    operation_id="connect_tenant_individually",
    summary="Start adding a tenant individually: the admin consent URL for its Global "
    "Administrator",
    responses=problems(429),
)
async def connect_tenant_individually(
    body: IndividualConnectIn,
    request: Request,
    db: DbSession,
    settings: AppSettings,
    http: HttpClient,
    redis: RedisClient,
    principal: Principal = require(Action.tenants_add_individually),
) -> IndividualConnectOut:
    describe_failure(request, action="individual_connect.started")
    await ratelimit.hit_admin_consent_start(redis, settings, principal.member_id)
    started = await individual.start(db, principal, settings=settings, http=http, name=body.product)
    record(
        db,
        request,
        "individual_connect.started",
        target_type="tenant",
        details={"product": body.product.value},
    )
    return IndividualConnectOut(admin_consent_url=started.url, expires_in=started.expires_in)


@router.get(
    "/tenants/individual/callback",
    operation_id="individual_tenant_callback",
    summary="Where Microsoft sends the browser back after the client's admin consent",
    status_code=303,
    response_class=RedirectResponse,
    responses={303: {"description": "Back to /portal with the outcome"}},
)
async def individual_tenant_callback(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    queue: Queue,
    state: Annotated[Text | None, Query(max_length=200)] = None,
    admin_consent: Annotated[Text | None, Query(max_length=10)] = None,
    tenant: Annotated[Text | None, Query(max_length=100)] = None,
    scope: Annotated[Text | None, Query(max_length=4096)] = None,
    error: Annotated[Text | None, Query(max_length=200)] = None,
    error_description: Annotated[Text | None, Query(max_length=2000)] = None,
    error_subcode: Annotated[Text | None, Query(max_length=200)] = None,
    principal: Principal = require(Action.tenants_add_individually),
) -> RedirectResponse:
    answer = individual.ConsentAnswer(state, admin_consent, tenant, error, error_description)
    outcome = await individual.finish(db, queue, principal, answer)
    base = f"{settings.public_base_url.rstrip('/')}/{individual.RETURN_TO}"
    if outcome.error:
        record(
            db,
            request,
            "individual_connect.refused",
            target_type="tenant",
            target_id=outcome.tenant_id,
            details={
                "code": outcome.error,
                "message": outcome.message,
                "microsoft_error": error,
                "error_subcode": error_subcode,
            },
        )
        return RedirectResponse(f"{base}?individual_error={outcome.error}", status_code=303)
    action = {
        "added": "tenant.added_individually",
        "reconsented": "tenant.reconsented_individually",
    }.get(outcome.result or "", "individual_connect.already_present")
    record(
        db,
        request,
        action,
        target_type="tenant",
        target_id=outcome.tenant_id,
        details={
            "product": outcome.product,
            "operation_id": str(outcome.operation_id) if outcome.operation_id else None,
        },
    )
    back = {"individual": outcome.result or "", "tenant": outcome.tenant_id or ""}
    if outcome.operation_id is not None:
        # The portal follows the checks on the tenant's row.
        back["operation"] = str(outcome.operation_id)
    query = urlencode(back)
    return RedirectResponse(f"{base}?{query}", status_code=303)


@router.post(
    "/tenants/{tenant_id}/onboard",
    operation_id="onboard_tenant",
    summary="Onboard a tenant to a product without the client's admin (runs in the background)",
    status_code=202,
    responses=problems(409),
)
async def onboard_tenant(
    tenant_id: TENANT_ID,
    body: OnboardIn,
    request: Request,
    response: Response,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.tenants_manage),
) -> OperationOut:
    describe_failure(request, action="tenant.onboard", target_type="tenant", target_id=tenant_id)
    started = await service.start_onboarding(db, queue, principal, str(tenant_id), body.product)
    details = {"product": body.product.value}
    return await _accepted(db, request, response, "tenant.onboard", tenant_id, started, details)


@router.get(
    "/tenants/{tenant_id}/onboarding",
    operation_id="get_tenant_onboarding",
    summary="A tenant's Petra Status, product, Email Perms and onboarding history",
)
async def get_tenant_onboarding(
    tenant_id: TENANT_ID, db: DbSession, principal: Principal = require(Action.tenants_read)
) -> OnboardingOut:
    return await service.onboarding_view(db, principal, str(tenant_id))


@router.post(
    "/tenants/{tenant_id}/email-permissions/check",
    operation_id="check_email_permissions",
    summary="Read a tenant's Email Perms from Microsoft again (runs in the background)",
    status_code=202,
    responses=problems(409),
)
async def check_email_permissions(
    tenant_id: TENANT_ID,
    request: Request,
    response: Response,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.tenants_manage),
) -> OperationOut:
    action = "tenant.email_permissions.check"
    describe_failure(request, action=action, target_type="tenant", target_id=tenant_id)
    started = await service.start_email_permissions(db, queue, principal, str(tenant_id), fix=False)
    return await _accepted(db, request, response, action, tenant_id, started)


@router.post(
    "/tenants/{tenant_id}/email-permissions/fix",
    operation_id="fix_email_permissions",
    summary="Grant exactly the Email Perms a tenant lacks (runs in the background)",
    status_code=202,
    responses=problems(409),
)
async def fix_email_permissions(
    tenant_id: TENANT_ID,
    request: Request,
    response: Response,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.tenants_manage),
) -> OperationOut:
    action = "tenant.email_permissions.fix"
    describe_failure(request, action=action, target_type="tenant", target_id=tenant_id)
    started = await service.start_email_permissions(db, queue, principal, str(tenant_id), fix=True)
    return await _accepted(db, request, response, action, tenant_id, started)


async def _set_paused(
    request: Request, db: AsyncSession, principal: Principal, tenant_id: uuid.UUID, *, paused: bool
) -> OnboardingOut:
    action = "tenant.pause" if paused else "tenant.resume"
    describe_failure(request, action=action, target_type="tenant", target_id=tenant_id)
    tenant = await service.set_paused(db, principal, str(tenant_id), paused=paused)
    record(db, request, action, target_type="tenant", target_id=str(tenant_id))
    return await service.view_of(db, tenant)


@router.post(
    "/tenants/{tenant_id}/pause",
    operation_id="pause_tenant",
    summary="Pause Petra's monitoring of a tenant; its data is kept",
    responses=problems(409),
)
async def pause_tenant(
    tenant_id: TENANT_ID,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.tenants_manage),
) -> OnboardingOut:
    return await _set_paused(request, db, principal, tenant_id, paused=True)


@router.post(
    "/tenants/{tenant_id}/resume",
    operation_id="resume_tenant",
    summary="Resume Petra's monitoring of a paused tenant",
    responses=problems(409),
)
async def resume_tenant(
    tenant_id: TENANT_ID,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.tenants_manage),
) -> OnboardingOut:
    return await _set_paused(request, db, principal, tenant_id, paused=False)


@router.post(
    "/tenants/{tenant_id}/offboard",
    operation_id="offboard_tenant",
    summary="Remove Petra's app from a tenant (runs in the background)",
    status_code=202,
    responses=problems(409),
)
async def offboard_tenant(
    tenant_id: TENANT_ID,
    request: Request,
    response: Response,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.tenants_manage),
) -> OperationOut:
    describe_failure(request, action="tenant.offboard", target_type="tenant", target_id=tenant_id)
    started = await service.start_offboarding(db, queue, principal, str(tenant_id))
    return await _accepted(db, request, response, "tenant.offboard", tenant_id, started)
