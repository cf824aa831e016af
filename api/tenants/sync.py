"""Sync as a capability on the operations engine.

The plan lists the partner's GDAP relationships (every status, each classified) and writes the
tenant table from the usable ones; each tenant
then refreshes its user count from the best source that answers. Everything around that
(batches, concurrency, retries, progress, cancel, closing) is the engine's.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.errors import Conflict
from api.microsoft.errors import MicrosoftError, RequestError, SignInError, TransientError
from api.microsoft.graph import MAX_RELATIONSHIP_PAGE, PageCursor
from api.microsoft.graph_models import DelegatedAdminRelationship
from api.microsoft.root_causes import NOT_ADMIN_AGENT, known_causes
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
from api.operations.pace import Pace
from api.partner_center.clients import PartnerClients, clients_for_sign_in
from api.partner_center.models import ConnectionState, PartnerConnection
from api.partner_center.problems import cause_record, clear_problem, record_error, record_problem
from api.partner_center.tokens import NotConnected, connection_of, mark_needs_reauth
from api.permissions import Principal
from api.queue import JobQueue
from api.resources import Resources
from api.tenants.access import (
    AssignmentReads,
    domains,
    kept_assignments,
    tenants_with_domain,
)
from api.tenants.gdap import (
    ACTIVE,
    Account,
    CustomerSummary,
    RelationshipView,
    classify,
    counted_customers,
    summarize,
)
from api.tenants.refresh import UNKNOWN_HINT, Hint, hints_for, refresh_tenant
from api.tenants.store import PlanWrite, TenantFailure, apply_outcomes, apply_relationships

log = structlog.get_logger(__name__)
PARTNER_SIGN_IN_REQUIRED = "partner_sign_in_required"
# The partner connection works but cannot do the job (the account left AdminAgents): every
# tenant would fail the same, so the operation stops with one banner on the connection.
PARTNER_CONNECTION_FAILED = "partner_connection_failed"
PARTNER_LEVEL = frozenset({PARTNER_SIGN_IN_REQUIRED, PARTNER_CONNECTION_FAILED})
AFTER_FAILURE = "Sync again; if it keeps failing, check the error code with Microsoft."
# Hints of this many operations stay in a worker process's memory.
KEPT_OPERATIONS = 4
# Relationships per page of the GDAP listing (Graph's most).
LISTING_PAGE = MAX_RELATIONSHIP_PAGE


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
        kind=classify(rel.display_name, rel.odata_type),
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
            microsoft_code=exc.code,
        )
    said = str(exc).rstrip(".") or "Partner Center is not connected"
    reason = f"{said}." if "reauthenticate" in said else f"{said}. Reauthenticate Partner Center."
    return Abort(
        PARTNER_SIGN_IN_REQUIRED,
        reason,
        "Reauthenticate Partner Center.",
        root_cause="partner_not_connected",
    )


def not_admin_agent(exc: RequestError) -> Abort:
    """GDAP is the Admin agent's business ("Users with the Admin agent role in the partner
    organization can create GDAP relationship requests",
    https://learn.microsoft.com/en-us/partner-center/security/dap-faq), and the emulator refuses
    the GDAP APIs to anyone outside AdminAgents (a documented choice in emulator/README.md): a
    403 on the partner's own listing means the account left AdminAgents."""
    return Abort(
        PARTNER_CONNECTION_FAILED,
        NOT_ADMIN_AGENT.explanation,
        NOT_ADMIN_AGENT.action,
        root_cause=NOT_ADMIN_AGENT.label,
        microsoft_code=exc.code,
    )


async def sign_in_clients(
    resources: Resources, organization_id: uuid.UUID
) -> tuple[PartnerClients, str]:
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


async def _relationships(
    clients: PartnerClients,
    deadline_seconds: float,
    retry: RetryPolicy,
    found_one: Callable[[RelationshipView], None],
) -> list[RelationshipView]:
    """Every relationship, whatever its status, page by page (the tenant page shows ended and
    pending ones too; only the active ones count, api/tenants/gdap.py).

    A page Microsoft throttles (or fails for a while) is asked again after its Retry-After, or
    a capped backoff, from that page on: the pages read stay read. Past the deadline the last
    error fails the plan, before anything is written.
    """
    found: list[RelationshipView] = []
    cursor = PageCursor()
    give_up_at = time.monotonic() + deadline_seconds
    attempt, pages = 0, 0
    while True:
        try:
            async for rel in clients.graph.relationships(
                status=None, page_size=LISTING_PAGE, cursor=cursor
            ):
                found.append(view(rel))
                found_one(found[-1])
            return found
        except TransientError as exc:
            if cursor.pages > pages:
                attempt, pages = 0, cursor.pages
            attempt += 1
            wait = retry.wait_for(exc, attempt)
            if time.monotonic() + wait > give_up_at:
                raise RequestError(
                    f"Microsoft kept refusing the GDAP relationship listing for "
                    f"{deadline_seconds:.0f} s: {exc.message}",
                    service=exc.service,
                    status=exc.status,
                    code=exc.code,
                    request_id=exc.request_id,
                    root_cause=exc.root_cause,
                ) from exc
            log.info("relationship_listing_waits", pages_read=cursor.pages, wait_s=round(wait, 2))
            await asyncio.sleep(wait)


async def _listing(
    clients: PartnerClients,
    account_name: str,
    deadline_seconds: float,
    retry: RetryPolicy,
    reads: AssignmentReads,
) -> tuple[list[RelationshipView], Account]:
    """The relationships, page after page, and the account's groups read beside them."""

    def known(task: asyncio.Task[dict[str, str]]) -> None:
        if not task.cancelled() and task.exception() is None:
            reads.account_known(Account(account_name, task.result()))

    groups = asyncio.create_task(clients.graph.my_groups())
    groups.add_done_callback(known)
    try:
        relationships = await _relationships(clients, deadline_seconds, retry, reads.found)
        account = Account(account_name, await groups)
    except (SignInError, NotConnected) as exc:
        raise sign_in_lost(exc) from exc
    except RequestError as exc:
        if exc.status == 403:
            raise not_admin_agent(exc) from exc
        raise
    finally:
        groups.cancel()
    return relationships, account


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
        """Only the listing's pages run one after the other: the account's groups, the access
        assignments, the groups' names and the customers' domains are read alongside."""
        clients, account_name = await sign_in_clients(resources, operation.organization_id)
        reads = AssignmentReads(clients.graph, resources.clock(), self.concurrency(resources))
        stored = asyncio.create_task(_stored(resources, operation.organization_id, reads))
        found: asyncio.Task[dict[str, str]] | None = None
        try:
            relationships, account = await _listing(
                clients,
                account_name,
                resources.settings.sync_listing_deadline_seconds,
                self.retry,
                reads,
            )
            missing = counted_customers(relationships) - await stored
            found = asyncio.create_task(domains(clients.partner_center, missing))
            access, fresh = await reads.assignments(
                [rel for rel in relationships if rel.status == ACTIVE]
            )
            summaries = summarize(relationships, access, account)
            names = await reads.group_names(summaries.values(), access, fresh)
            if names:
                summaries = summarize(relationships, access, account, names)
            try:
                domains_found = await found
            except SignInError as exc:
                raise sign_in_lost(exc) from exc
        finally:
            reads.close()
            for task in (stored, found):
                if task is not None and not task.done():
                    task.cancel()
                elif task is not None and not task.cancelled():
                    task.exception()  # retrieved: the plan failed for another reason
        known = {**names, **account.groups}
        return SyncPlan(summaries, PlanWrite(fresh, domains_found, known, relationships))

    async def apply_plan(
        self, db: AsyncSession, operation: OperationHead, plan: SyncPlan
    ) -> list[ItemSpec]:
        await apply_relationships(db, operation.organization_id, plan.summaries, plan.learned)
        # The partner-level listing got through: whatever stopped the connection is gone.
        await clear_problem(db, operation.organization_id)
        return [ItemSpec(t, s.display_name or t) for t, s in plan.summaries.items()]

    async def weights(
        self, resources: Resources, operation_id: uuid.UUID, tenant_ids: list[str]
    ) -> dict[str, int]:
        """The user pages each tenant took last time (`Hint.pages`): the longest start first.
        The hints stay for the operation's batches in this process (`_hints`)."""
        async with resources.sessionmaker() as db:
            organization_id = await db.scalar(
                select(Operation.organization_id).where(Operation.id == operation_id)
            )
        if organization_id is None:
            return {}
        hints = await _hints(resources, operation_id, organization_id)
        return {tenant: hint.pages for tenant, hint in hints.items() if hint.pages}

    async def open(self, resources: Resources, operation: OperationHead) -> SyncHandle:
        clients, _ = await sign_in_clients(resources, operation.organization_id)
        hints = await _hints(resources, operation.id, operation.organization_id)
        return SyncHandle(clients, hints)

    async def run_item(self, handle: SyncHandle, operation: OperationHead, tenant_id: str) -> Done:
        return await self.run_paced(handle, operation, tenant_id, Pace.unlimited())

    async def run_paced(
        self, handle: SyncHandle, operation: OperationHead, tenant_id: str, pace: Pace
    ) -> Done:
        """Each call takes its slot (`concurrency` is calls at once), in the order
        `refresh.page_rank` gives the user pages."""
        hint = handle.hints.get(tenant_id, UNKNOWN_HINT)
        try:
            refresh = await refresh_tenant(handle.clients, tenant_id, hint, utcnow(), pace)
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
        for tenant_id, failure in list(outcomes.failed.items())[-1:]:
            await record_error(db, operation.organization_id, _error_of(failure, tenant_id))

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Abort) -> None:
        if abort.code not in PARTNER_LEVEL:
            return
        cause = known_causes().get(abort.root_cause)
        if cause is not None:
            record = cause_record(cause, code=abort.microsoft_code, message=abort.message)
            await record_problem(db, operation.organization_id, record)
        if abort.code == PARTNER_SIGN_IN_REQUIRED:
            await mark_needs_reauth(
                db, operation.organization_id, reason=abort.message, root_cause=abort.root_cause
            )


def _error_of(failure: Failed, tenant_id: str) -> dict[str, Any]:
    cause = known_causes().get(failure.root_cause)
    if cause is None:
        return {
            "label": failure.root_cause,
            "summary": failure.message,
            "action": failure.action,
            "layer": "microsoft",
            "code": failure.code or None,
            "message": failure.message,
            "tenant_id": tenant_id,
            "at": utcnow().isoformat(),
        }
    return cause_record(cause, code=failure.code, message=failure.message, tenant_id=tenant_id)


async def _stored(
    resources: Resources, organization_id: uuid.UUID, reads: AssignmentReads
) -> set[str]:
    """What earlier syncs kept: the assignments go to `reads`; returns the tenants with a
    domain (the customers' listing is read only for the others)."""
    async with resources.sessionmaker() as db:
        reads.kept_known(await kept_assignments(db, organization_id))
        return await tenants_with_domain(db, organization_id)


async def _hints(
    resources: Resources, operation_id: uuid.UUID, organization_id: uuid.UUID
) -> dict[str, Hint]:
    """Read once per operation and process: the dispatch's weights and every batch of the same
    sync share them."""
    cache: dict[uuid.UUID, dict[str, Hint]] = resources.cache("sync_hints")
    if operation_id not in cache:
        async with resources.sessionmaker() as db:
            hints = await hints_for(db, organization_id)
        while len(cache) >= KEPT_OPERATIONS:
            cache.pop(next(iter(cache)))
        cache[operation_id] = hints
    return cache[operation_id]


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
