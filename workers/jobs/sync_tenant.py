"""A tenant's part of a sync: its user count, from the best source that answers.

Tenants normally run in batches (sync_batch.py); this job carries one tenant that Microsoft
throttled past the inline budget, retried with arq's backoff until it succeeds or runs out.
Both record their outcomes the same way, here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy import select

from api.microsoft.errors import MicrosoftError, RequestError, SignInError, TransientError
from api.operations import service as operations
from api.operations.models import ItemState, Operation, OperationItem
from api.partner_center.clients import PartnerClients
from api.partner_center.models import PartnerConnection
from api.partner_center.tokens import NotConnected
from api.tenants.models import UserCountSource
from api.tenants.sync import TenantFailure, TenantRefresh, apply_outcomes
from workers.context import JOB_TRY, WorkerContext, job
from workers.jobs.sync import MAX_TRIES, _fail_for_sign_in, clients_for
from workers.queue import retry_later

log = structlog.get_logger(__name__)
# Graph cannot be used in this tenant (app not consented there, or the GDAP roles do not allow
# it): Partner Center may still know the user count.
FALL_BACK_LAYERS = frozenset({"consent", "gdap"})


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


def partner_level(exc: SignInError) -> bool:
    return exc.root_cause.layer == "partner_sign_in"


@dataclass
class Outcomes:
    refreshed: dict[str, TenantRefresh] = field(default_factory=dict)
    failed: dict[str, TenantFailure] = field(default_factory=dict)
    deferred: dict[str, float] = field(default_factory=dict)
    sign_in: Exception | None = None


def failure_of(exc: MicrosoftError) -> TenantFailure:
    cause = exc.root_cause
    log.warning("tenant_sync_failed", code=exc.code, root_cause=cause.label)
    return TenantFailure(
        code=exc.code or str(exc.status),
        root_cause=cause.label,
        message=cause.summary,
        action=cause.action,
    )


def _item_rows(outcomes: Outcomes, attempts: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for tenant_id, refresh in outcomes.refreshed.items():
        count = refresh.user_count if refresh.user_count is not None else "unknown"
        rows.append(
            {
                "tenant_id": tenant_id,
                "state": ItemState.succeeded,
                "attempts": attempts,
                "message": f"{count} users ({refresh.source.value})",
            }
        )
    for tenant_id, failure in outcomes.failed.items():
        rows.append(
            {
                "tenant_id": tenant_id,
                "state": ItemState.failed,
                "attempts": attempts,
                "message": f"{failure.message} {failure.action}",
                "error_code": failure.code,
                "root_cause": failure.root_cause,
            }
        )
    return rows


async def record(
    context: WorkerContext, op_id: uuid.UUID, org_id: uuid.UUID, outcomes: Outcomes
) -> None:
    """Tenant rows and their items in one transaction; only still-pending items change."""
    if not outcomes.refreshed and not outcomes.failed:
        return
    async with context.sessionmaker() as db:
        await apply_outcomes(db, org_id, outcomes.refreshed, outcomes.failed)
        await operations.close_items(db, op_id, _item_rows(outcomes, JOB_TRY.get()))
        await db.commit()


async def close_if_done(context: WorkerContext, op_id: uuid.UUID) -> None:
    """Asked after the outcomes' commit, so the last job to commit always sees none pending.

    Only that job (or two racing for last) takes the operation's row lock.
    """
    async with context.sessionmaker() as db:
        if not await operations.has_pending(db, op_id):
            await operations.finish_if_done(db, op_id)
            await db.commit()


@dataclass
class _Work:
    organization_id: uuid.UUID
    item_state: ItemState
    clients: PartnerClients | None


async def _load(context: WorkerContext, op_id: uuid.UUID, tenant_id: str) -> _Work | None:
    # One query for everything the job reads before calling Microsoft: at a few hundred tenants
    # a second the worker's CPU, not Microsoft, sets the pace.
    query = (
        select(
            Operation.organization_id,
            Operation.state,
            OperationItem.state,
            PartnerConnection.state,
            PartnerConnection.partner_tenant_id,
            PartnerConnection.connected_at,
        )
        .join(OperationItem, OperationItem.operation_id == Operation.id)
        .outerjoin(
            PartnerConnection, PartnerConnection.organization_id == Operation.organization_id
        )
        .where(Operation.id == op_id, OperationItem.tenant_id == tenant_id)
    )
    async with context.sessionmaker() as db:
        row = (await db.execute(query)).one_or_none()
    if row is None or row[1].finished:
        return None
    org_id, _, item_state, connection_state, partner_tenant_id, connected_at = row
    try:
        clients = clients_for(context, org_id, connection_state, partner_tenant_id, connected_at)
    except NotConnected:
        clients = None
    return _Work(org_id, item_state, clients)


@job
async def sync_tenant(context: WorkerContext, operation_id: str, tenant_id: str) -> str:
    op_id = uuid.UUID(operation_id)
    work = await _load(context, op_id, tenant_id)
    if work is None:
        return "skipped"
    if work.item_state is not ItemState.pending:
        # An earlier try may have stopped between closing its item and closing the operation.
        await close_if_done(context, op_id)
        return "skipped"
    org_id = work.organization_id
    outcomes = Outcomes()
    try:
        if work.clients is None:
            raise NotConnected("Partner Center is not connected")
        outcomes.refreshed[tenant_id] = await refresh_tenant(work.clients, tenant_id)
    except NotConnected as exc:
        await _fail_for_sign_in(context, op_id, org_id, exc)
        return "partner_sign_in_required"
    except SignInError as exc:
        if partner_level(exc):
            await _fail_for_sign_in(context, op_id, org_id, exc)
            return "partner_sign_in_required"
        outcomes.failed[tenant_id] = failure_of(exc)
    except TransientError as exc:
        if JOB_TRY.get() < MAX_TRIES:
            raise retry_later(exc.retry_after or min(30.0, 2.0 ** JOB_TRY.get())) from exc
        outcomes.failed[tenant_id] = failure_of(exc)
    except MicrosoftError as exc:
        outcomes.failed[tenant_id] = failure_of(exc)
    await record(context, op_id, org_id, outcomes)
    await close_if_done(context, op_id)
    return "succeeded" if tenant_id in outcomes.refreshed else "failed"
