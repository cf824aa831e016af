"""Starting onboarding work on a tenant, pausing and resuming Petra there, and its history."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
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
from api.operations.models import UNFINISHED, Operation, OperationKind, OperationState
from api.partner_center.models import ConnectionState
from api.partner_center.tokens import connection_of
from api.permissions import Principal
from api.queue import JobQueue
from api.tenants.models import GdapState, ManagedTenant, PetraStatus
from api.tenants.service import get_tenant

HISTORY = 50
ON_RESUME = ("preflight", "verify", "monitoring")
# The most tenants one batch request may name.
BATCH_MAX = 5000


@dataclass(frozen=True)
class Skipped:
    tenant_id: str
    display_name: str
    reason: str


async def _lock_onboarding(db: AsyncSession, organization_id: uuid.UUID) -> None:
    """Onboarding starts of an organization take turns until they commit, so two requests
    (a batch and a single tenant, say) never both see a tenant as free and onboard it twice."""
    await db.execute(
        select(func.pg_advisory_xact_lock(func.hashtext(f"onboard:{organization_id}")))
    )


async def _onboarding_now(db: AsyncSession, organization_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """Tenants an unfinished onboarding is working on, with its operation."""
    rows = await db.execute(
        select(OnboardingRecord.tenant_id, Operation.id)
        .join(Operation, Operation.id == OnboardingRecord.operation_id)
        .where(
            OnboardingRecord.organization_id == organization_id,
            OnboardingRecord.kind == RecordKind.onboard.value,
            Operation.kind == OperationKind.onboard,
            Operation.state.in_(UNFINISHED),
        )
    )
    return {str(t): o for t, o in rows.all()}


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
    # A tenant added individually is checked with the app's own token: no GDAP, and no
    # Partner Center connection, needed (unless GDAP became Ready there since).
    individual = individually(tenant)
    if not individual:
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
    await _lock_onboarding(db, principal.organization_id)
    running = (await _onboarding_now(db, principal.organization_id)).get(tenant.tenant_id)
    if running is not None:
        live = await db.get_one(Operation, running)
        if live.subject != tenant.tenant_id:
            raise Conflict(
                f"A batch onboarding (operation {running}) is onboarding this tenant now; "
                "follow it there.",
                code="already_onboarding",
            )
    # A new onboarding after a failed one resumes where that one stopped.
    last = await _last(db, tenant, RecordKind.onboard)
    steps = (
        carried_over(last.steps, ON_RESUME)
        if last is not None
        and last.state == RecordState.failed
        and last.product == name.value
        and not individual
        else []
    )
    params: dict[str, object] = {"product": name.value}
    if individual:
        params["individual"] = True
    return await _start(
        db, queue, principal, tenant, OperationKind.onboard, RecordKind.onboard, params, steps
    )


def individually(tenant: ManagedTenant) -> bool:
    """Whether Petra reaches the tenant through its admin's consent rather than GDAP."""
    return tenant.added_individually and tenant.gdap_state is not GdapState.ready


def _require_gdap_route(tenant: ManagedTenant, what: str) -> None:
    if individually(tenant):
        raise Conflict(
            f"This tenant was added individually: Petra has no GDAP role there to {what}. "
            "The client's Global Administrator does it in the tenant.",
            code="added_individually",
        )


def _skip_reason(
    tenant: ManagedTenant, name: ProductName, excluded: set[str], busy: dict[str, uuid.UUID]
) -> str | None:
    """Why a batch leaves this tenant out, or None when it onboards it."""
    if tenant.excluded:
        return "Excluded: Petra never works on this tenant until it is included again."
    if tenant.tenant_id in excluded:
        return "Excluded by this request."
    if tenant.status is PetraStatus.monitoring and tenant.product == name.value:
        return f"Already onboarded to {PRODUCTS[name].title} and Monitoring."
    if tenant.status is PetraStatus.paused:
        return "Petra is paused in this tenant: resume it instead."
    if individually(tenant):
        return "Added individually: onboard it from its row (its admin's consent, not GDAP)."
    if tenant.gdap_state is not GdapState.ready:
        return f"GDAP is not Ready. {tenant.gdap_missing_reason or ''}".strip()
    if tenant.tenant_id in busy:
        return f"Already being onboarded (operation {busy[tenant.tenant_id]})."
    return None


async def start_batch_onboarding(
    db: AsyncSession,
    queue: JobQueue,
    principal: Principal,
    *,
    name: ProductName,
    tenant_ids: Sequence[str] | None,
    exclude: Sequence[str],
) -> tuple[Operation, bool, list[Skipped]]:
    """Onboard many tenants to a product in one operation (the single tenant's steps, one item
    per tenant); tenants that cannot or need not be onboarded are returned with why."""
    await _require_connection(db, principal.organization_id)
    await _lock_onboarding(db, principal.organization_id)
    query = select(ManagedTenant).where(ManagedTenant.organization_id == principal.organization_id)
    if tenant_ids is not None:
        query = query.where(ManagedTenant.tenant_id.in_(list(tenant_ids)))
    else:
        query = query.where(ManagedTenant.gdap_state == GdapState.ready)
    tenants = list(
        (await db.execute(query.order_by(func.lower(ManagedTenant.display_name), ManagedTenant.id)))
        .scalars()
        .all()
    )
    busy = await _onboarding_now(db, principal.organization_id)
    excluded = set(exclude)
    chosen: list[ManagedTenant] = []
    skipped: list[Skipped] = []
    for tenant in tenants:
        reason = _skip_reason(tenant, name, excluded, busy)
        if reason is None:
            chosen.append(tenant)
        else:
            skipped.append(Skipped(tenant.tenant_id, tenant.display_name, reason))
    known = {t.tenant_id for t in tenants}
    for missing in dict.fromkeys(tenant_ids or []):
        if missing not in known:
            skipped.append(Skipped(missing, "", "No such tenant in this organization."))
    operation, created = await operations.start(
        db,
        queue,
        organization_id=principal.organization_id,
        kind=OperationKind.onboard,
        principal=principal,
        params={"product": name.value, "batch": True},
        items=[ItemSpec(t.tenant_id, t.display_name) for t in chosen],
    )
    if created:
        last = await _last_failed(db, [t.id for t in chosen], name)
        for tenant in chosen:
            failed = last.get(tenant.id)
            db.add(
                new_record(
                    tenant,
                    RecordKind.onboard.value,
                    operation_id=operation.id,
                    product=name.value,
                    actor_label=principal.label,
                    steps=carried_over(failed.steps, ON_RESUME) if failed is not None else [],
                )
            )
        await db.flush()
    return operation, created, skipped


async def _last_failed(
    db: AsyncSession, ids: list[uuid.UUID], name: ProductName
) -> dict[uuid.UUID, OnboardingRecord]:
    """Each tenant's newest onboarding when it failed with this product: a batch resumes it."""
    if not ids:
        return {}
    newest = (
        select(OnboardingRecord)
        .where(
            OnboardingRecord.managed_tenant_id.in_(ids),
            OnboardingRecord.kind == RecordKind.onboard.value,
        )
        .order_by(OnboardingRecord.created_at.desc())
    )
    last: dict[uuid.UUID, OnboardingRecord] = {}
    for r in (await db.execute(newest)).scalars():
        last.setdefault(r.managed_tenant_id, r)
    return {
        t: r for t, r in last.items() if r.state == RecordState.failed and r.product == name.value
    }


def _require_app(tenant: ManagedTenant) -> None:
    if tenant.status not in (PetraStatus.monitoring, PetraStatus.paused):
        raise Conflict("Onboard the tenant first: Petra is not in it.", code="not_onboarded")


async def start_email_permissions(
    db: AsyncSession, queue: JobQueue, principal: Principal, tenant_id: str, *, fix: bool
) -> tuple[Operation, bool]:
    """Read the tenant's Email Perms again, or grant exactly what is missing."""
    tenant = await get_tenant(db, principal, tenant_id)
    _require_gdap_route(tenant, "grant Email Perms")
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
    _require_gdap_route(tenant, "remove Petra's app (Enterprise applications)")
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
