"""Sync as a capability on the operations engine.

The plan lists the partner's active GDAP relationships and writes the tenant table; each tenant
then refreshes its user count from the best source that answers. Everything around that
(batches, concurrency, retries, progress, cancel, closing) is the engine's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict
from api.microsoft.errors import MicrosoftError, RequestError, SignInError
from api.microsoft.graph_models import DelegatedAdminRelationship
from api.microsoft.transport import RetryPolicy
from api.operations import service as operations
from api.operations.capability import (
    Abort,
    Breaker,
    Done,
    ItemSpec,
    OperationHead,
    Outcomes,
)
from api.operations.models import Operation, OperationKind
from api.partner_center.clients import PartnerClients, clients_for_sign_in
from api.partner_center.models import ConnectionState, PartnerConnection
from api.partner_center.tokens import NotConnected, connection_of, mark_needs_reauth
from api.permissions import Principal
from api.queue import JobQueue
from api.resources import Resources
from api.tenants.gdap import CustomerSummary, RelationshipView, summarize
from api.tenants.models import UserCountSource
from api.tenants.store import TenantFailure, TenantRefresh, apply_outcomes, apply_relationships

PARTNER_SIGN_IN_REQUIRED = "partner_sign_in_required"
# Graph cannot be used in this tenant (app not consented there, or the GDAP roles do not allow
# it): Partner Center may still know the user count.
FALL_BACK_LAYERS = frozenset({"consent", "gdap"})


async def start_sync(
    db: AsyncSession, queue: JobQueue, organization_id: uuid.UUID, principal: Principal | None
) -> tuple[Operation, bool]:
    """Start a sync of the organization's tenants, or return the one already running."""
    connection = await connection_of(db, organization_id)
    if connection is None or connection.state is ConnectionState.disconnected:
        raise Conflict("Connect Partner Center first.", code="partner_center_not_connected")
    if connection.state is ConnectionState.needs_reauth:
        raise Conflict(
            f"Reauthenticate Partner Center first. {connection.reauth_reason or ''}".strip(),
            code="partner_center_needs_reauth",
        )
    operation, created = await operations.start(
        db, queue, organization_id=organization_id, kind=OperationKind.sync, principal=principal
    )
    if created:
        connection.last_sync_operation_id = operation.id
    return operation, created


def view(rel: DelegatedAdminRelationship) -> RelationshipView:
    customer = rel.customer
    return RelationshipView(
        id=rel.id,
        display_name=rel.display_name,
        status=rel.status,
        customer_tenant_id=(customer.tenant_id if customer else "").lower(),
        customer_name=(customer.display_name if customer and customer.display_name else ""),
        role_ids=rel.access_details.role_ids,
        end_at=rel.end_date_time,
        activated_at=rel.activated_date_time,
        auto_extend_duration=rel.auto_extend_duration,
    )


async def refresh_tenant(clients: PartnerClients, tenant_id: str) -> TenantRefresh:
    consented: bool | None = None
    try:
        count = await clients.graph.user_count(tenant_id)
        return TenantRefresh(count, UserCountSource.graph, app_consented=True)
    except RequestError as exc:
        if exc.root_cause.layer not in FALL_BACK_LAYERS and exc.status not in (401, 403):
            raise
        consented = False if exc.root_cause.layer == "consent" else None
    try:
        count = await clients.partner_center.customer_user_count(tenant_id)
    except RequestError as exc:
        if exc.status not in (403, 404):
            raise
        return TenantRefresh(None, UserCountSource.unknown, app_consented=consented)
    return TenantRefresh(count, UserCountSource.partner_center, app_consented=consented)


def sign_in_lost(exc: Exception) -> Abort:
    """A partner sign-in that stopped working ends the sync: every tenant would fail the same."""
    if isinstance(exc, MicrosoftError):
        cause = exc.root_cause
        return Abort(
            PARTNER_SIGN_IN_REQUIRED,
            cause.explanation,
            "Reauthenticate Partner Center.",
            root_cause=cause.label,
        )
    said = str(exc).rstrip(".") or "Partner Center is not connected"
    reason = f"{said}." if "reauthenticate" in said else f"{said}. Reauthenticate Partner Center."
    return Abort(
        PARTNER_SIGN_IN_REQUIRED,
        reason,
        "Reauthenticate Partner Center.",
        root_cause="partner_not_connected",
    )


async def _clients(resources: Resources, organization_id: uuid.UUID) -> PartnerClients:
    async with resources.sessionmaker() as db:
        connection = await connection_of(db, organization_id)
    if (
        connection is None
        or connection.state is not ConnectionState.connected
        or not connection.partner_tenant_id
    ):
        raise sign_in_lost(NotConnected("Partner Center is not connected"))
    return clients_for_sign_in(
        resources, organization_id, connection.partner_tenant_id, connection.connected_at
    )


@dataclass(frozen=True)
class SyncPlan:
    summaries: dict[str, CustomerSummary]


class TenantSync:
    """The engine's hooks for sync."""

    kind = OperationKind.sync
    retry = RetryPolicy(max_attempts=6, backoff_base=2.0, backoff_cap=60.0)
    # A sync's failures are about tenants, each named on its row; pausing would only delay the
    # others, so sync runs without a breaker.
    breaker: Breaker | None = None

    def batch_size(self, resources: Resources) -> int:
        return resources.settings.sync_batch_size

    def concurrency(self, resources: Resources) -> int:
        return resources.settings.sync_concurrency

    async def plan(self, resources: Resources, operation: OperationHead) -> SyncPlan:
        clients = await _clients(resources, operation.organization_id)
        try:
            relationships = [view(r) async for r in clients.graph.relationships(status="active")]
        except (SignInError, NotConnected) as exc:
            raise sign_in_lost(exc) from exc
        return SyncPlan(summarize(relationships))

    async def apply_plan(
        self, db: AsyncSession, operation: OperationHead, plan: SyncPlan
    ) -> list[ItemSpec]:
        await apply_relationships(db, operation.organization_id, plan.summaries)
        return [ItemSpec(t, s.display_name) for t, s in plan.summaries.items()]

    async def open(self, resources: Resources, operation: OperationHead) -> PartnerClients:
        return await _clients(resources, operation.organization_id)

    async def run_item(
        self, handle: PartnerClients, operation: OperationHead, tenant_id: str
    ) -> Done:
        try:
            refresh = await refresh_tenant(handle, tenant_id)
        except NotConnected as exc:
            raise sign_in_lost(exc) from exc
        except SignInError as exc:
            if exc.root_cause.layer == "partner_sign_in":
                raise sign_in_lost(exc) from exc
            raise
        count = refresh.user_count if refresh.user_count is not None else "unknown"
        return Done(f"{count} users ({refresh.source.value})", refresh)

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        refreshed = {t: done.data for t, done in outcomes.done.items()}
        failed = {
            t: TenantFailure(f.code, f.root_cause, f.message, f.action)
            for t, f in outcomes.failed.items()
        }
        await apply_outcomes(db, operation.organization_id, refreshed, failed)

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Abort) -> None:
        if abort.code == PARTNER_SIGN_IN_REQUIRED:
            await mark_needs_reauth(
                db, operation.organization_id, reason=abort.message, root_cause=abort.root_cause
            )


async def start_nightly_syncs(db: AsyncSession, queue: JobQueue) -> int:
    """A sync for every connected organization that is not syncing already."""
    organizations = (
        await db.execute(
            select(PartnerConnection.organization_id).where(
                PartnerConnection.state == ConnectionState.connected
            )
        )
    ).scalars()
    started = 0
    for organization_id in list(organizations):
        _, created = await start_sync(db, queue, organization_id, None)
        started += created
    return started
