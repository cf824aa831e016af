"""Starting onboarding work on a tenant, pausing and resuming Petra there, and its history."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict
from api.onboarding.journal import carried_over
from api.onboarding.models import OnboardingRecord, RecordKind, RecordState
from api.onboarding.products import CATALOG_VERSION, PRODUCTS, ProductName
from api.onboarding.records import new_record
from api.onboarding.schemas import (
    OnboardingOut,
    PermissionOut,
    ProductCatalog,
    ProductOut,
    RecordOut,
)
from api.operations import service as operations
from api.operations.capability import ItemSpec
from api.operations.models import Operation, OperationKind, OperationState
from api.partner_center.models import ConnectionState
from api.partner_center.tokens import connection_of
from api.permissions import Principal
from api.queue import JobQueue
from api.tenants.models import ManagedTenant, PetraStatus
from api.tenants.service import get_tenant

HISTORY = 50
ON_RESUME = ("preflight", "verify", "monitoring")


async def _require_connection(db: AsyncSession, organization_id: uuid.UUID) -> None:
    connection = await connection_of(db, organization_id)
    if connection is None or connection.state is ConnectionState.disconnected:
        raise Conflict("Connect Partner Center first.", code="partner_center_not_connected")
    if connection.state is ConnectionState.needs_reauth:
        raise Conflict(
            f"Reauthenticate Partner Center first. {connection.reauth_reason or ''}".strip(),
            code="partner_center_needs_reauth",
        )


async def _last(
    db: AsyncSession, tenant: ManagedTenant, kind: RecordKind
) -> OnboardingRecord | None:
    return (
        await db.execute(
            select(OnboardingRecord)
            .where(OnboardingRecord.managed_tenant_id == tenant.id, OnboardingRecord.kind == kind)
            .order_by(OnboardingRecord.created_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def _start(
    db: AsyncSession,
    queue: JobQueue,
    principal: Principal,
    tenant: ManagedTenant,
    kind: OperationKind,
    record: RecordKind,
    params: dict[str, object],
    steps: list[dict[str, object]] | None = None,
) -> tuple[Operation, bool]:
    operation, created = await operations.start(
        db,
        queue,
        organization_id=principal.organization_id,
        kind=kind,
        principal=principal,
        subject=tenant.tenant_id,
        params=params,
        items=[ItemSpec(tenant.tenant_id, tenant.display_name)],
    )
    if created:
        product = params.get("product")
        db.add(
            new_record(
                tenant,
                record.value,
                operation_id=operation.id,
                product=str(product) if product else tenant.product,
                actor_label=principal.label,
                steps=list(steps or []),
            )
        )
        await db.flush()
    return operation, created


async def start_onboarding(
    db: AsyncSession, queue: JobQueue, principal: Principal, tenant_id: str, name: ProductName
) -> tuple[Operation, bool]:
    """Onboard a tenant to a product, or return the onboarding already running for it."""
    tenant = await get_tenant(db, principal, tenant_id)
    await _require_connection(db, principal.organization_id)
    title = PRODUCTS[name].title
    if tenant.status is PetraStatus.monitoring and tenant.product == name.value:
        raise Conflict(
            f"{tenant.display_name or tenant.tenant_id} is already onboarded to {title} and "
            "Monitoring; nothing was changed.",
            code="already_onboarded",
        )
    if tenant.status is PetraStatus.paused:
        raise Conflict("Petra is paused in this tenant: resume it instead.", code="tenant_paused")
    # A new onboarding after a failed one resumes where that one stopped.
    last = await _last(db, tenant, RecordKind.onboard)
    steps = (
        carried_over(last.steps, ON_RESUME)
        if last is not None and last.state == RecordState.failed and last.product == name.value
        else []
    )
    return await _start(
        db,
        queue,
        principal,
        tenant,
        OperationKind.onboard,
        RecordKind.onboard,
        {"product": name.value},
        steps,
    )


def _require_app(tenant: ManagedTenant) -> None:
    if tenant.status not in (PetraStatus.monitoring, PetraStatus.paused):
        raise Conflict("Onboard the tenant first: Petra is not in it.", code="not_onboarded")


async def start_email_permissions(
    db: AsyncSession, queue: JobQueue, principal: Principal, tenant_id: str, *, fix: bool
) -> tuple[Operation, bool]:
    """Read the tenant's Email Perms again, or grant exactly what is missing."""
    tenant = await get_tenant(db, principal, tenant_id)
    await _require_connection(db, principal.organization_id)
    _require_app(tenant)
    record = RecordKind.email_fix if fix else RecordKind.email_check
    return await _start(
        db, queue, principal, tenant, OperationKind.email_permissions, record, {"fix": fix}
    )


async def start_offboarding(
    db: AsyncSession, queue: JobQueue, principal: Principal, tenant_id: str
) -> tuple[Operation, bool]:
    """Remove Petra's app from the tenant; the tenant becomes Previously Deleted."""
    tenant = await get_tenant(db, principal, tenant_id)
    await _require_connection(db, principal.organization_id)
    _require_app(tenant)
    return await _start(
        db, queue, principal, tenant, OperationKind.offboard, RecordKind.offboard, {}
    )


async def set_paused(
    db: AsyncSession, principal: Principal, tenant_id: str, *, paused: bool
) -> ManagedTenant:
    """Pause monitoring (Petra keeps the tenant's data and its app) or resume it."""
    tenant = await get_tenant(db, principal, tenant_id)
    before, after = (
        (PetraStatus.monitoring, PetraStatus.paused)
        if paused
        else (PetraStatus.paused, PetraStatus.monitoring)
    )
    if tenant.status is not before:
        verb = "paused" if paused else "resumed"
        raise Conflict(
            f"Only a tenant in {before.value.replace('_', ' ')} can be {verb}; this one is "
            f"{tenant.status.value.replace('_', ' ')}.",
            code="not_monitoring" if paused else "not_paused",
        )
    tenant.status = after
    kind = RecordKind.pause if paused else RecordKind.resume
    db.add(
        new_record(
            tenant,
            kind.value,
            operation_id=None,
            product=tenant.product,
            actor_label=principal.label,
            state=RecordState.succeeded,
            message="Monitoring paused; Petra keeps the tenant's data."
            if paused
            else "Monitoring resumed.",
        )
    )
    await db.flush()
    return tenant


async def onboarding_view(db: AsyncSession, principal: Principal, tenant_id: str) -> OnboardingOut:
    tenant = await get_tenant(db, principal, tenant_id)
    return await view_of(db, tenant)


def _shown_state(record: OnboardingRecord, operation: OperationState | None) -> str:
    """A record still running whose operation ended (cancelled, say) shows how it ended."""
    if record.state != RecordState.running.value or operation is None or not operation.finished:
        return record.state
    if operation is OperationState.cancelled:
        return RecordState.cancelled.value
    return RecordState.failed.value


async def view_of(db: AsyncSession, tenant: ManagedTenant) -> OnboardingOut:
    rows = await db.execute(
        select(OnboardingRecord, Operation.state)
        .outerjoin(Operation, Operation.id == OnboardingRecord.operation_id)
        .where(OnboardingRecord.managed_tenant_id == tenant.id)
        .order_by(OnboardingRecord.created_at.desc(), OnboardingRecord.id)
        .limit(HISTORY)
    )
    return OnboardingOut(
        tenant_id=tenant.tenant_id,
        status=tenant.status,
        product=ProductName(tenant.product) if tenant.product in PRODUCTS else None,
        email_permissions=tenant.email_permissions,
        email_permissions_note=tenant.email_permissions_note,
        history=[
            RecordOut.model_validate(
                {
                    "id": r.id,
                    "kind": r.kind,
                    "product": r.product,
                    "catalog_version": r.catalog_version,
                    "state": _shown_state(r, operation_state),
                    "message": r.message,
                    "actor": r.actor_label,
                    "operation_id": r.operation_id,
                    "created_at": r.created_at,
                    "finished_at": r.finished_at,
                    "steps": r.steps,
                }
            )
            for r, operation_state in rows.all()
        ],
    )


def catalog() -> ProductCatalog:
    return ProductCatalog(
        version=CATALOG_VERSION,
        products=[
            ProductOut(
                name=p.name,
                title=p.title,
                summary=p.summary,
                email=p.email,
                permissions=[
                    PermissionOut(
                        resource_app_id=d.resource_app_id,
                        resource_name=d.resource_name,
                        name=d.name,
                        type="delegated",
                        id=None,
                        reason=d.reason,
                    )
                    for d in p.delegated
                ]
                + [
                    PermissionOut(
                        resource_app_id=a.resource_app_id,
                        resource_name=a.resource_name,
                        name=a.name,
                        type="application",
                        id=a.app_role_id,
                        reason=a.reason,
                    )
                    for a in p.application
                ],
            )
            for p in PRODUCTS.values()
        ],
    )
