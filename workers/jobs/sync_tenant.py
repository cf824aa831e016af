"""One tenant's part of a sync: its user count, from the best source that answers."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.microsoft.errors import MicrosoftError, RequestError, SignInError, TransientError
from api.operations import service as operations
from api.operations.models import ItemState, Operation, OperationItem
from api.partner_center.clients import PartnerClients
from api.partner_center.models import PartnerConnection
from api.partner_center.tokens import NotConnected
from api.tenants.models import UserCountSource
from api.tenants.sync import TenantRefresh, apply_tenant_refresh, record_tenant_error
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


def _partner_level(exc: Exception) -> bool:
    return isinstance(exc, NotConnected) or (
        isinstance(exc, SignInError) and exc.root_cause.layer == "partner_sign_in"
    )


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


async def _close_item(
    db: AsyncSession, op_id: uuid.UUID, tenant_id: str, state: ItemState, **fields: object
) -> None:
    await db.execute(
        update(OperationItem)
        .where(
            OperationItem.operation_id == op_id,
            OperationItem.tenant_id == tenant_id,
            OperationItem.state == ItemState.pending,
        )
        .values(state=state, attempts=JOB_TRY.get(), **fields)
        .execution_options(synchronize_session=False)
    )


async def _record(
    context: WorkerContext,
    op_id: uuid.UUID,
    write: Callable[[AsyncSession], Awaitable[None]] | None,
) -> None:
    """Commit this tenant's outcome, then close the operation if no item is pending any more.

    Asked after this item's commit, so the last tenant to commit always sees none pending.
    Locking the operation row from every tenant's own transaction made the whole batch queue on
    that one lock; now only the last tenant (or two racing for last) takes it.
    """
    async with context.sessionmaker() as db:
        if write is not None:
            await write(db)
            await db.commit()
        if not await operations.has_pending(db, op_id):
            await operations.finish_if_done(db, op_id)
        await db.commit()


@job
async def sync_tenant(context: WorkerContext, operation_id: str, tenant_id: str) -> str:
    op_id = uuid.UUID(operation_id)
    work = await _load(context, op_id, tenant_id)
    if work is None:
        return "skipped"
    if work.item_state is not ItemState.pending:
        # An earlier try may have stopped between closing its item and closing the operation.
        await _record(context, op_id, None)
        return "skipped"
    org_id = work.organization_id
    try:
        if work.clients is None:
            raise NotConnected("Partner Center is not connected")
        refresh = await refresh_tenant(work.clients, tenant_id)
    except NotConnected as exc:
        await _fail_for_sign_in(context, op_id, org_id, exc)
        return "partner_sign_in_required"
    except SignInError as exc:
        if _partner_level(exc):
            await _fail_for_sign_in(context, op_id, org_id, exc)
            return "partner_sign_in_required"
        return await _failed(context, op_id, org_id, tenant_id, exc)
    except TransientError as exc:
        if JOB_TRY.get() < MAX_TRIES:
            raise retry_later(exc.retry_after or min(30.0, 2.0 ** JOB_TRY.get())) from exc
        return await _failed(context, op_id, org_id, tenant_id, exc)
    except MicrosoftError as exc:
        return await _failed(context, op_id, org_id, tenant_id, exc)
    count = refresh.user_count if refresh.user_count is not None else "unknown"

    async def write(db: AsyncSession) -> None:
        await apply_tenant_refresh(db, org_id, tenant_id, refresh)
        await _close_item(
            db,
            op_id,
            tenant_id,
            ItemState.succeeded,
            message=f"{count} users ({refresh.source.value})",
        )

    await _record(context, op_id, write)
    return "succeeded"


async def _failed(
    context: WorkerContext,
    op_id: uuid.UUID,
    org_id: uuid.UUID,
    tenant_id: str,
    exc: MicrosoftError,
) -> str:
    cause = exc.root_cause
    log.warning("tenant_sync_failed", tenant=tenant_id, code=exc.code, root_cause=cause.label)

    async def write(db: AsyncSession) -> None:
        await record_tenant_error(
            db,
            org_id,
            tenant_id,
            code=exc.code or str(exc.status),
            root_cause=cause.label,
            message=cause.summary,
            action=cause.action,
        )
        await _close_item(
            db,
            op_id,
            tenant_id,
            ItemState.failed,
            message=f"{cause.summary} {cause.action}"[:1000],
            error_code=(exc.code or str(exc.status))[:80],
            root_cause=cause.label,
        )

    await _record(context, op_id, write)
    return "failed"
