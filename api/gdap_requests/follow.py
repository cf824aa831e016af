"""Following GDAP requests as a capability on the operations engine: each item is one request,
moved as far as Microsoft allows each time (approved, roles assigned, assignment active, the
account in the group), then its tenant is synced and shows Ready.

A cron starts it for every organization with open requests; a person can ask for it at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent, Outcome
from api.db import utcnow
from api.errors import Conflict
from api.gdap_requests.models import OPEN_STATES, GdapRequest, RequestState
from api.gdap_requests.service import (
    ENDING_SOON,
    PENDING_REMINDER,
    fail,
    system_event,
    timeline_entry,
)
from api.microsoft.errors import RequestError
from api.microsoft.graph import GraphClient
from api.microsoft.graph_models import AccessAssignment, DelegatedAdminRelationship
from api.microsoft.transport import RetryPolicy
from api.operations import service as operations
from api.operations.capability import (
    Breaker,
    Done,
    ItemSpec,
    OperationHead,
    Outcomes,
)
from api.operations.models import Operation, OperationKind
from api.partner_center.clients import PartnerClients
from api.partner_center.models import ConnectionState, PartnerConnection
from api.permissions import Principal
from api.queue import JobQueue
from api.resources import Resources
from api.tenants.models import ManagedTenant
from api.tenants.roles import role_list
from api.tenants.sync import sign_in_clients, start_sync

# The group the portal creates in the partner tenant when a template names none.
DEFAULT_GROUP_NAME = "Petra GDAP access"
DEFAULT_GROUP_NICKNAME = "petra-gdap-access"
WAITING = ("approvalPending", "approved", "activating", "created")
ENDED = ("terminated", "terminating", "terminationRequested")
ASSIGNMENT_GONE = ("deleted", "deleting")


@dataclass(frozen=True)
class Snapshot:
    """What a run needs of the request, read before calling Microsoft."""

    id: uuid.UUID
    state: RequestState
    relationship_id: str | None
    role_ids: list[str]
    group_id: str | None
    group_name: str | None


@dataclass
class Step:
    """Where Microsoft says the request is now: the states passed through, with the words."""

    transitions: list[tuple[RequestState, str]] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    # Something in the way that a person must fix; the request stays open.
    blocked: tuple[str, str, str] | None = None
    failed: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class FollowHandle:
    clients: PartnerClients
    account_name: str
    resources: Resources


def _customer_fields(rel: DelegatedAdminRelationship) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if rel.customer and rel.customer.tenant_id:
        found["tenant_id"] = rel.customer.tenant_id.lower()
        if rel.customer.display_name:
            found["customer_name"] = rel.customer.display_name
    if rel.end_date_time:
        found["relationship_end_at"] = rel.end_date_time
    return found


async def _group(graph: GraphClient, snap: Snapshot) -> tuple[str, str]:
    """The template's group, else the portal's own one: found by name first, created if absent
    (never a group chosen silently among the partner's others)."""
    if snap.group_id:
        return snap.group_id, snap.group_name or snap.group_id
    found = await graph.groups_named(DEFAULT_GROUP_NAME)
    if found:
        return found[0].id, DEFAULT_GROUP_NAME
    created = await graph.create_security_group(DEFAULT_GROUP_NAME, DEFAULT_GROUP_NICKNAME)
    return created.id, DEFAULT_GROUP_NAME


def _assignment_for(found: list[AccessAssignment], group_id: str) -> AccessAssignment | None:
    live = [
        a
        for a in found
        if a.access_container.access_container_id == group_id and a.status not in ASSIGNMENT_GONE
    ]
    return live[0] if live else None


async def advance(
    graph: GraphClient, snap: Snapshot, account_name: str, rel: DelegatedAdminRelationship
) -> Step:
    step = Step(fields=_customer_fields(rel))
    state = snap.state
    if rel.status in WAITING:
        return step
    if rel.status == "expired":
        if state is RequestState.approval_pending:
            step.failed = (
                "not_approved_in_time",
                "The client's admin did not approve within 90 days; the link no longer works.",
                "Request GDAP again and send the client's admin the new link.",
            )
        else:
            step.failed = (
                "relationship_expired",
                "The relationship expired.",
                "Request GDAP again (renew) to keep access.",
            )
        return step
    if rel.status in ENDED:
        if state is RequestState.approval_pending:
            step.failed = (
                "declined_by_customer",
                "The client's admin declined the request.",
                "Check with the client which roles they accept, then request again.",
            )
        else:
            step.failed = (
                "relationship_terminated",
                "The relationship was terminated.",
                "Request GDAP again if you still manage this client.",
            )
        return step
    if rel.status != "active":
        return step
    if state is RequestState.approval_pending:
        when = rel.activated_date_time.isoformat() if rel.activated_date_time else "now"
        step.transitions.append(
            (
                RequestState.active,
                f"The client's admin approved; the relationship is active ({when}).",
            )
        )
    group_id, group_name = await _group(graph, snap)
    step.fields.update(group_id=group_id, group_name=group_name)
    assignment = _assignment_for(await graph.access_assignments(rel.id), group_id)
    if assignment is None:
        roles = [r for r in rel.access_details.role_ids if r in set(snap.role_ids)] or list(
            rel.access_details.role_ids
        )
        assignment = await graph.create_access_assignment(rel.id, group_id=group_id, role_ids=roles)
        step.transitions.append(
            (
                RequestState.assigning,
                f"Assigned {role_list(roles)} to the group '{group_name}'; waiting for Microsoft "
                "to apply it.",
            )
        )
    elif state is not RequestState.assigning:
        step.transitions.append(
            (RequestState.assigning, f"The group '{group_name}' holds the roles; waiting.")
        )
    if assignment.status == "error":
        step.failed = (
            "access_assignment_failed",
            f"Microsoft could not assign the roles to the group '{group_name}'.",
            "Check the group still exists in your partner tenant, then request GDAP again.",
        )
        return step
    if assignment.status != "active":
        return step
    if group_id not in await graph.my_groups():
        me = await graph.me()
        try:
            await graph.add_group_member(group_id, me.id)
        except RequestError:
            step.blocked = (
                "account_not_in_group",
                f"The connected account {account_name} is not a member of the group "
                f"'{group_name}', so it cannot use the roles.",
                f"Add {account_name} to '{group_name}' in your partner tenant (Entra admin "
                "center > Groups), then refresh the request.",
            )
            return step
    step.transitions.append(
        (
            RequestState.ready,
            f"The roles are active for '{group_name}' and {account_name} is a member; the "
            "tenant is being synced.",
        )
    )
    return step


class GdapFollow:
    """The engine's hooks for following GDAP requests."""

    kind = OperationKind.gdap_follow
    # Throttled reads wait as Microsoft says (Retry-After), in deferred jobs.
    retry = RetryPolicy(max_attempts=6, backoff_base=2.0, backoff_cap=60.0)
    breaker: Breaker | None = None

    def __init__(self) -> None:
        self._queue: JobQueue | None = None

    def batch_size(self, resources: Resources) -> int:
        return resources.settings.sync_batch_size

    def concurrency(self, resources: Resources) -> int:
        return resources.settings.sync_concurrency

    async def plan(self, resources: Resources, operation: OperationHead) -> list[ItemSpec]:
        async with resources.sessionmaker() as db:
            rows = await db.execute(
                select(GdapRequest.id, GdapRequest.customer_name).where(
                    GdapRequest.organization_id == operation.organization_id,
                    GdapRequest.state.in_(OPEN_STATES),
                    GdapRequest.relationship_id.is_not(None),
                )
            )
            return [ItemSpec(str(rid), name) for rid, name in rows.all()]

    async def apply_plan(
        self, db: AsyncSession, operation: OperationHead, plan: list[ItemSpec]
    ) -> list[ItemSpec]:
        return plan

    async def open(self, resources: Resources, operation: OperationHead) -> FollowHandle:
        self._queue = resources.queue
        clients, account_name = await sign_in_clients(resources, operation.organization_id)
        return FollowHandle(clients, account_name, resources)

    async def run_item(self, handle: FollowHandle, operation: OperationHead, item: str) -> Done:
        async with handle.resources.sessionmaker() as db:
            row = await db.get(GdapRequest, uuid.UUID(item))
            if row is None or not row.state.open or row.relationship_id is None:
                return Done("Nothing to follow.", None)
            snap = Snapshot(
                row.id,
                row.state,
                row.relationship_id,
                list(row.role_ids),
                row.group_id,
                row.group_name,
            )
        graph = handle.clients.graph
        try:
            rel = await graph.get_relationship(snap.relationship_id or "")
        except RequestError as exc:
            if exc.status != 404:
                raise
            step = Step(
                failed=(
                    "relationship_not_found",
                    "Microsoft no longer knows this relationship.",
                    "Request GDAP again.",
                )
            )
        else:
            step = await advance(graph, snap, handle.account_name, rel)
        final = step.transitions[-1][0].value if step.transitions else snap.state.value
        return Done(f"GDAP request {final}", step)

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        now = utcnow()
        for item, done in outcomes.done.items():
            if isinstance(done.data, Step):
                await self._apply(db, operation.organization_id, uuid.UUID(item), done.data, now)
        for item, failed in outcomes.failed.items():
            row = await db.get(GdapRequest, uuid.UUID(item), with_for_update=True)
            if row is not None and row.state.open:
                # Microsoft refused one read: the request stays open, saying why.
                row.error_code, row.root_cause = failed.code[:80], failed.root_cause[:80]
                row.error_message, row.error_action = failed.message[:1000], failed.action[:500]
                row.last_checked_at = now

    async def _apply(
        self,
        db: AsyncSession,
        organization_id: uuid.UUID,
        request_id: uuid.UUID,
        step: Step,
        now: datetime,
    ) -> None:
        row = await db.get(GdapRequest, request_id, with_for_update=True)
        if row is None or not row.state.open:
            return
        row.last_checked_at = now
        for name, value in step.fields.items():
            setattr(row, name, value)
        row.error_code = row.root_cause = row.error_message = row.error_action = None
        for state, message in step.transitions:
            row.state = state
            row.timeline = [*row.timeline, timeline_entry(now, state, message)]
            db.add(system_event(organization_id, f"gdap_request.{state.value}", row.id, {}))
        if step.blocked:
            row.error_code, message, action = step.blocked
            row.root_cause = row.error_code
            row.error_message, row.error_action = message, action
        if step.failed:
            code, message, action = step.failed
            state = {
                "not_approved_in_time": RequestState.expired,
                "relationship_expired": RequestState.expired,
                "declined_by_customer": RequestState.terminated,
                "relationship_terminated": RequestState.terminated,
            }.get(code, RequestState.failed)
            fail(row, now, code, message, action, state=state)
            db.add(
                system_event(
                    organization_id, f"gdap_request.{state.value}", row.id, {"root_cause": code}
                )
            )
        if row.state is RequestState.ready:
            row.finished_at = now
            await self._sync(db, organization_id)
        elif (
            row.state is RequestState.approval_pending
            and row.reminded_at is None
            and now - row.created_at >= PENDING_REMINDER
        ):
            row.reminded_at = now
            db.add(system_event(organization_id, "gdap_request.reminder", row.id, {"days": 7}))

    async def _sync(self, db: AsyncSession, organization_id: uuid.UUID) -> None:
        if self._queue is None:
            return
        try:
            await start_sync(db, self._queue, organization_id, None)
        except Conflict:
            # The sign-in needs a person; the tenant turns Ready on the next sync after that.
            return

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Any) -> None:
        return None


async def start_follow(
    db: AsyncSession, queue: JobQueue, organization_id: uuid.UUID, principal: Principal | None
) -> tuple[Operation, bool]:
    return await operations.start(
        db,
        queue,
        organization_id=organization_id,
        kind=OperationKind.gdap_follow,
        principal=principal,
    )


async def flag_ending(db: AsyncSession, now: datetime) -> int:
    """An event for integrations (in the audit trail) once per end date for each tenant whose
    roles end within 30 days without auto-extend: time to renew."""
    rows = (
        await db.execute(
            select(ManagedTenant)
            .where(
                ManagedTenant.active,
                ManagedTenant.auto_extend.is_(False),
                ManagedTenant.earliest_end_at.is_not(None),
                ManagedTenant.earliest_end_at > now,
                ManagedTenant.earliest_end_at <= now + ENDING_SOON,
                or_(
                    ManagedTenant.ending_notified_for.is_(None),
                    ManagedTenant.ending_notified_for != ManagedTenant.earliest_end_at,
                ),
            )
            .with_for_update(skip_locked=True)
        )
    ).scalars()
    flagged = 0
    for tenant in rows:
        tenant.ending_notified_for = tenant.earliest_end_at
        db.add(
            AuditEvent(
                organization_id=tenant.organization_id,
                actor_type="system",
                actor_label="scheduler",
                action="gdap_relationship.ending",
                target_type="tenant",
                target_id=tenant.tenant_id,
                outcome=Outcome.success,
                details={
                    "end_at": tenant.earliest_end_at.isoformat()
                    if tenant.earliest_end_at
                    else None,
                    "role_ids": list(tenant.ending_role_ids),
                },
            )
        )
        flagged += 1
    return flagged


async def start_follows(db: AsyncSession, queue: JobQueue) -> int:
    """The cron: follow the open requests of every connected organization."""
    organizations = (
        await db.execute(
            select(GdapRequest.organization_id)
            .join(
                PartnerConnection,
                PartnerConnection.organization_id == GdapRequest.organization_id,
            )
            .where(
                GdapRequest.state.in_(OPEN_STATES),
                PartnerConnection.state == ConnectionState.connected,
            )
            .distinct()
        )
    ).scalars()
    started = 0
    for organization_id in list(organizations):
        _, created = await start_follow(db, queue, organization_id, None)
        started += created
    return started
