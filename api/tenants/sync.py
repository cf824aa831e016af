"""Sync as a capability on the operations engine.

The plan lists the partner's active GDAP relationships and writes the tenant table; each tenant
then refreshes its user count from the best source that answers. Everything around that
(batches, concurrency, retries, progress, cancel, closing) is the engine's.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.errors import Conflict
from api.microsoft.errors import MicrosoftError, SignInError
from api.microsoft.graph_models import DelegatedAdminRelationship
from api.microsoft.partner_center import USER_PAGE_SIZE
from api.microsoft.transport import RetryPolicy
from api.operations import service as operations
from api.operations.capability import (
    Abort,
    Breaker,
    Done,
    Failed,
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
from api.tenants.access import (
    domains,
    group_names,
    kept_assignments,
    read_assignments,
    tenants_with_domain,
)
from api.tenants.gdap import Account, CustomerSummary, RelationshipView, summarize
from api.tenants.models import ManagedTenant, UserCountSource
from api.tenants.refresh import UNKNOWN_HINT, Hint, hints_for, refresh_tenant
from api.tenants.store import PlanWrite, TenantFailure, apply_outcomes, apply_relationships

PARTNER_SIGN_IN_REQUIRED = "partner_sign_in_required"
AFTER_FAILURE = "Sync again; if it keeps failing, check the error code with Microsoft."
# Hints of this many operations stay in a worker process's memory.
KEPT_OPERATIONS = 4


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
        modified_at=rel.last_modified_date_time,
    )


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


async def _clients(resources: Resources, organization_id: uuid.UUID) -> tuple[PartnerClients, str]:
    """The sign-in's clients, and the account's name for the reasons the table shows."""
    async with resources.sessionmaker() as db:
        connection = await connection_of(db, organization_id)
    if (
        connection is None
        or connection.state is not ConnectionState.connected
        or not connection.partner_tenant_id
    ):
        raise sign_in_lost(NotConnected("Partner Center is not connected"))
    clients = clients_for_sign_in(
        resources, organization_id, connection.partner_tenant_id, connection.connected_at
    )
    return clients, connection.account_username or "the connected account"


@dataclass(frozen=True)
class SyncPlan:
    summaries: dict[str, CustomerSummary]
    learned: PlanWrite


@dataclass(frozen=True)
class SyncHandle:
    clients: PartnerClients
    hints: dict[str, Hint]


async def _listing(
    clients: PartnerClients, account_name: str
) -> tuple[list[RelationshipView], Account]:
    try:
        relationships = [view(r) async for r in clients.graph.relationships(status="active")]
        groups = await clients.graph.my_groups()
    except (SignInError, NotConnected) as exc:
        raise sign_in_lost(exc) from exc
    return relationships, Account(account_name, groups)


def _failure_for_record(failure: Failed) -> TenantFailure:
    """The row keeps the failure after the operation ended: no promise of an automatic retry."""
    action = failure.action if failure.action and not failure.action.startswith("None") else ""
    return TenantFailure(
        failure.code or failure.root_cause,
        failure.root_cause,
        failure.message or "Microsoft refused the request.",
        action or AFTER_FAILURE,
    )


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
        clients, account_name = await _clients(resources, operation.organization_id)
        relationships, account = await _listing(clients, account_name)
        async with resources.sessionmaker() as db:
            kept = await kept_assignments(db, operation.organization_id)
            with_domain = await tenants_with_domain(db, operation.organization_id)
        limit = self.concurrency(resources)
        access, fresh = await read_assignments(
            clients.graph, relationships, kept, account, resources.clock(), limit
        )
        summaries = summarize(relationships, access, account)
        names = await group_names(clients.graph, summaries.values(), access, account, limit)
        if names:
            summaries = summarize(relationships, access, account, names)
        found = await domains(clients.partner_center, set(summaries) - with_domain)
        return SyncPlan(summaries, PlanWrite(fresh, found))

    async def apply_plan(
        self, db: AsyncSession, operation: OperationHead, plan: SyncPlan
    ) -> list[ItemSpec]:
        await apply_relationships(db, operation.organization_id, plan.summaries, plan.learned)
        return [ItemSpec(t, s.display_name or t) for t, s in plan.summaries.items()]

    async def weights(
        self, resources: Resources, operation_id: uuid.UUID, tenant_ids: list[str]
    ) -> dict[str, int]:
        """The calls each tenant took last time: a count through Partner Center pages its
        users 500 at a time, so a 20,000-user tenant is 40 calls in a row; it starts first."""
        async with resources.sessionmaker() as db:
            rows = await db.execute(
                select(ManagedTenant.tenant_id, ManagedTenant.user_count)
                .join(Operation, Operation.organization_id == ManagedTenant.organization_id)
                .where(
                    Operation.id == operation_id,
                    ManagedTenant.user_count_source == UserCountSource.partner_center,
                )
            )
        return {tenant: math.ceil((count or 0) / USER_PAGE_SIZE) for tenant, count in rows.all()}

    async def open(self, resources: Resources, operation: OperationHead) -> SyncHandle:
        clients, _ = await _clients(resources, operation.organization_id)
        return SyncHandle(clients, await _hints(resources, operation))

    async def run_item(self, handle: SyncHandle, operation: OperationHead, tenant_id: str) -> Done:
        hint = handle.hints.get(tenant_id, UNKNOWN_HINT)
        try:
            refresh = await refresh_tenant(handle.clients, tenant_id, hint, utcnow())
        except NotConnected as exc:
            raise sign_in_lost(exc) from exc
        except SignInError as exc:
            if exc.root_cause.layer == "partner_sign_in":
                raise sign_in_lost(exc) from exc
            raise
        if refresh.user_count is None:
            return Done("User count unknown.", refresh)
        return Done(f"{refresh.user_count} users ({refresh.source.value})", refresh)

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        refreshed = {t: done.data for t, done in outcomes.done.items()}
        failed = {t: _failure_for_record(f) for t, f in outcomes.failed.items()}
        await apply_outcomes(db, operation.organization_id, refreshed, failed)

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Abort) -> None:
        if abort.code == PARTNER_SIGN_IN_REQUIRED:
            await mark_needs_reauth(
                db, operation.organization_id, reason=abort.message, root_cause=abort.root_cause
            )


async def _hints(resources: Resources, operation: OperationHead) -> dict[str, Hint]:
    """Read once per operation and process: every batch of the same sync shares them."""
    cache: dict[uuid.UUID, dict[str, Hint]] = resources.cache("sync_hints")
    if operation.id not in cache:
        async with resources.sessionmaker() as db:
            hints = await hints_for(db, operation.organization_id)
        while len(cache) >= KEPT_OPERATIONS:
            cache.pop(next(iter(cache)))
        cache[operation.id] = hints
    return cache[operation.id]


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
