"""The monitoring heartbeat: for each Monitoring tenant, a periodic check of Petra's access.

Each run confirms the app is in the tenant (its service principal), its application
permissions and delegated grants, its Email Perms where the product reads mail, and that the
app's own token is accepted. Drift is repaired with onboarding's own steps where the partner's
GDAP roles allow it; otherwise the tenant's row says what is wrong and why. A tenant whose GDAP
relationship ended, or whose admin removed the app, turns Access lost with the reason: it stays,
nothing is collected there, and onboarding it again (Reconsent) brings it back.

A cron tick starts one operation per organization for the tenants whose slot is due, so each
tenant is checked once per interval and the calls are spread over it; Microsoft's throttling is
honoured by the engine's retry policy (Retry-After) and its concurrency.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent, Outcome
from api.db import utcnow
from api.microsoft.errors import RequestError
from api.microsoft.root_causes import (
    APP_NOT_AUTHORIZED,
    APP_NOT_FOUND,
    CONSENT_MISSING,
    RootCause,
)
from api.microsoft.transport import RetryPolicy
from api.onboarding import steps
from api.onboarding.access import APP_REMOVED, APP_REMOVED_INDIVIDUAL, GDAP_LOST
from api.onboarding.email import EmailState, fix_email, read_individual_email
from api.onboarding.handle import Handle, StartedWithTenants, app_only_handle, open_handle
from api.onboarding.products import EXCHANGE_ONLINE, ProductName, product
from api.onboarding.records import tenants_of
from api.operations import service as operations
from api.operations.capability import Abort, Breaker, Done, ItemSpec, OperationHead, Outcomes
from api.operations.models import OperationKind
from api.partner_center.models import ConnectionState, PartnerConnection
from api.partner_center.tokens import mark_needs_reauth
from api.queue import JobQueue
from api.resources import Resources
from api.tenants.models import EmailPermissions, GdapState, ManagedTenant, PetraStatus
from api.tenants.sync import PARTNER_SIGN_IN_REQUIRED, sign_in_lost

# Every Monitoring tenant is checked once per interval; a cron tick every TICK covers a slot.
INTERVAL = timedelta(hours=6)
TICK = timedelta(minutes=10)
SLOTS = int(INTERVAL / TICK)


def slot_of(tenant_id: str) -> int:
    """A tenant's fixed slot in the interval: tenants spread evenly, each keeps its own."""
    return uuid.UUID(tenant_id).int % SLOTS


def slot_at(now: datetime) -> int:
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return int((now - start) / TICK) % SLOTS


@dataclass(frozen=True)
class Health:
    """What one heartbeat found in a tenant."""

    lost: RootCause | None = None
    reason: str | None = None
    repaired: list[str] = field(default_factory=list)
    email: EmailState | None = None


def _audit(tenant: ManagedTenant, action: str, details: dict[str, Any]) -> AuditEvent:
    return AuditEvent(
        organization_id=tenant.organization_id,
        actor_type="system",
        actor_label="scheduler",
        action=action,
        target_type="tenant",
        target_id=tenant.tenant_id,
        outcome=Outcome.success,
        details=details,
    )


def _sign_in(exc: RequestError) -> None:
    if exc.root_cause.layer == "partner_sign_in":
        raise sign_in_lost(exc) from exc


async def check_individual(handle: Handle, tenant: ManagedTenant) -> Health:
    """A tenant added individually, read with the app's own token: nothing can be repaired
    without GDAP, so drift turns the row's health with what the client's admin does."""
    chosen = product(tenant.product or ProductName.active.value)
    work = handle.work(tenant.tenant_id, chosen, app_only=True)
    # A token issued before the client removed the app would still read the directory.
    work.app_tokens.invalidate(tenant.tenant_id)
    try:
        app = await work.graph.service_principal(tenant.tenant_id, handle.client_id)
    except RequestError as exc:
        # Microsoft refuses the app a token in a tenant it is not installed in (AADSTS700016).
        if exc.root_cause is APP_NOT_FOUND:
            return Health(APP_REMOVED_INDIVIDUAL)
        raise
    if app is None:
        return Health(APP_REMOVED_INDIVIDUAL)
    work.found[handle.client_id] = app
    permissions = [p for p in chosen.application if p.resource_app_id != EXCHANGE_ONLINE]
    if missing := await steps.missing_app_roles(work, permissions):
        lost = steps.ADMIN_CONSENT_INCOMPLETE
        return Health(lost, f"{lost.summary} Missing: {', '.join(missing)}. {lost.action}")
    email = await read_individual_email(work) if chosen.email else None
    await steps.verify(work)
    return Health(email=email)


async def check(handle: Handle, tenant: ManagedTenant) -> Health:
    """Confirm Petra's access to one tenant, repairing drift with onboarding's steps."""
    if tenant.added_individually and tenant.gdap_state is not GdapState.ready:
        return await check_individual(handle, tenant)
    if tenant.gdap_state is not GdapState.ready:
        return Health(GDAP_LOST, f"{GDAP_LOST.summary} {tenant.gdap_missing_reason or ''}")
    chosen = product(tenant.product or ProductName.active.value)
    work = handle.work(tenant.tenant_id, chosen)
    try:
        app = await work.graph.service_principal(tenant.tenant_id, handle.client_id)
    except RequestError as exc:
        _sign_in(exc)
        if exc.root_cause in (APP_NOT_AUTHORIZED, CONSENT_MISSING):
            return Health(APP_REMOVED)
        if exc.root_cause.layer == "gdap":
            return Health(GDAP_LOST, f"{GDAP_LOST.summary} {exc.root_cause.summary}")
        raise
    if app is None:
        return Health(APP_REMOVED)
    work.found[handle.client_id] = app
    try:
        permissions = [p for p in chosen.application if p.resource_app_id != EXCHANGE_ONLINE]
        repaired = await steps.app_roles(work, permissions)
        grants = await steps.delegated_grants(work)
        if grants.startswith("Granted"):
            repaired.append(grants)
        email = await fix_email(work) if chosen.email else None
        await steps.verify(work)
    except RequestError as exc:
        _sign_in(exc)
        raise
    return Health(repaired=repaired, email=email)


class MonitoringHeartbeat(StartedWithTenants):
    """The engine's hooks for the heartbeat: items are Monitoring tenants, started with them."""

    kind = OperationKind.monitor
    retry = RetryPolicy(max_attempts=6, backoff_base=2.0, backoff_cap=120.0)
    breaker: Breaker | None = Breaker()

    async def run_item(self, handle: Handle, operation: OperationHead, tenant_id: str) -> Done:
        async with handle.resources.sessionmaker() as db:
            tenant = (await tenants_of(db, operation.organization_id, [tenant_id])).get(tenant_id)
        if tenant is None or tenant.status is not PetraStatus.monitoring:
            return Done("No longer Monitoring; nothing was checked.", None)
        health = await check(handle, tenant)
        if health.lost is not None:
            return Done(health.reason or health.lost.summary, health)
        message = "Petra's access is confirmed."
        if health.repaired:
            message += f" Repaired: {'; '.join(health.repaired)}."
        if health.email is not None and health.email.value is not EmailPermissions.ok:
            message += f" {health.email.message}"
        return Done(message, health)

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        tenants = await tenants_of(db, operation.organization_id, list(outcomes.done))
        now = utcnow()
        for tenant_id, done in outcomes.done.items():
            health: Health | None = done.data
            tenant = tenants.get(tenant_id)
            if health is None or tenant is None or tenant.status is not PetraStatus.monitoring:
                continue
            if health.lost is not None:
                tenant.status = PetraStatus.access_lost
                tenant.access_lost_reason = (health.reason or health.lost.explanation)[:500]
                tenant.access_lost_root_cause = health.lost.label
                tenant.access_lost_at = now
                db.add(
                    _audit(
                        tenant,
                        "tenant.access_lost",
                        {"root_cause": health.lost.label, "operation_id": str(operation.id)},
                    )
                )
                continue
            tenant.monitored_at = now
            if health.repaired:
                db.add(
                    _audit(
                        tenant,
                        "tenant.monitoring.repaired",
                        {"repaired": health.repaired, "operation_id": str(operation.id)},
                    )
                )
            email = health.email
            if email is not None and (
                email.value is not tenant.email_permissions
                or email.note != tenant.email_permissions_note
            ):
                db.add(
                    _audit(
                        tenant,
                        "tenant.email_permissions.changed",
                        {
                            "from": tenant.email_permissions.value,
                            "to": email.value.value,
                            "note": email.note,
                            "operation_id": str(operation.id),
                        },
                    )
                )
                tenant.email_permissions = email.value
                tenant.email_permissions_note = email.note

    async def open(self, resources: Resources, operation: OperationHead) -> Handle:
        if operation.params.get("app_only"):
            return app_only_handle(resources)
        return await open_handle(resources, operation.organization_id)

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Abort) -> None:
        if abort.code == PARTNER_SIGN_IN_REQUIRED:
            await mark_needs_reauth(
                db, operation.organization_id, reason=abort.message, root_cause=abort.root_cause
            )


async def start_heartbeats(db: AsyncSession, queue: JobQueue, slot: int | None) -> int:
    """One heartbeat per organization over its Monitoring tenants in `slot` (every Monitoring
    tenant with None): those reached through GDAP when Partner Center is connected, and those
    added individually (read with the app's own token) in any case; excluded tenants are left
    alone. Returns how many started."""
    connected = PartnerConnection.state == ConnectionState.connected
    individual = and_(
        ManagedTenant.added_individually.is_(True),
        ManagedTenant.gdap_state != GdapState.ready,
    )
    rows = await db.execute(
        select(
            ManagedTenant.organization_id,
            ManagedTenant.tenant_id,
            ManagedTenant.display_name,
            connected.label("connected"),
        )
        .outerjoin(
            PartnerConnection,
            PartnerConnection.organization_id == ManagedTenant.organization_id,
        )
        .where(
            or_(connected, individual),
            ManagedTenant.status == PetraStatus.monitoring,
            ManagedTenant.excluded.is_(False),
        )
        .order_by(ManagedTenant.organization_id, ManagedTenant.tenant_id)
    )
    due: dict[uuid.UUID, list[ItemSpec]] = {}
    signed_in: dict[uuid.UUID, bool] = {}
    for organization_id, tenant_id, name, is_connected in rows.all():
        signed_in[organization_id] = bool(is_connected)
        if slot is None or slot_of(tenant_id) == slot:
            due.setdefault(organization_id, []).append(ItemSpec(tenant_id, name))
    started = 0
    for organization_id, items in due.items():
        _, created = await operations.start(
            db,
            queue,
            organization_id=organization_id,
            kind=OperationKind.monitor,
            principal=None,
            # Without Partner Center only tenants added individually are due: the app's token.
            params={} if signed_in[organization_id] else {"app_only": True},
            items=items,
        )
        started += created
    return started
