"""Crons: the nightly sync, keeping partner sign-ins alive, and re-driving lost jobs."""

from __future__ import annotations

from datetime import timedelta

import structlog
from sqlalchemy import func, select

from api.db import utcnow
from api.microsoft.errors import MicrosoftError, SignInError
from api.microsoft.identity import GRAPH_DEFAULT
from api.operations import service as operations
from api.operations.models import UNFINISHED, ItemState, Operation, OperationItem, OperationKind
from api.partner_center.models import ConnectionState, PartnerConnection
from api.partner_center.tokens import mark_needs_reauth
from workers.context import WorkerContext, job
from workers.jobs.sync import batch_jobs, partner_job

log = structlog.get_logger(__name__)
# Microsoft expires a refresh token after 90 days unused; refreshing weekly keeps it far inside.
REFRESH_AFTER = timedelta(days=7)
# An unfinished operation untouched this long has probably lost its job (Redis emptied, worker
# killed): its jobs are sent again. Job ids make a duplicate a no-op while the original exists.
STALE_AFTER = timedelta(minutes=2)


@job
async def nightly_sync(context: WorkerContext) -> int:
    async with context.transaction() as db:
        connections = list(
            (
                await db.execute(
                    select(PartnerConnection).where(
                        PartnerConnection.state == ConnectionState.connected
                    )
                )
            ).scalars()
        )
        started = 0
        for connection in connections:
            operation, created = await operations.create_unique(
                db, None, connection.organization_id, OperationKind.sync
            )
            if created:
                connection.last_sync_operation_id = operation.id
                job = partner_job(operation.id)
                context.queue.enqueue_after_commit(
                    db, job.function, job_id=job.job_id, **job.kwargs
                )
                started += 1
    log.info("nightly_sync_started", organizations=started)
    return started


@job
async def refresh_partner_tokens(context: WorkerContext) -> int:
    cutoff = utcnow() - REFRESH_AFTER
    async with context.sessionmaker() as db:
        due = list(
            (
                await db.execute(
                    select(PartnerConnection).where(
                        PartnerConnection.state == ConnectionState.connected,
                        PartnerConnection.last_refreshed_at < cutoff,
                    )
                )
            ).scalars()
        )
    refreshed = 0
    for connection in due:
        if await _refresh_one(context, connection):
            refreshed += 1
    log.info("partner_tokens_refreshed", refreshed=refreshed, due=len(due))
    return refreshed


async def _refresh_one(context: WorkerContext, connection: PartnerConnection) -> bool:
    assert connection.partner_tenant_id is not None
    clients = context.partner_clients(
        connection.organization_id, connection.partner_tenant_id, connection.connected_at
    )
    try:
        # A fresh token for the partner tenant rotates (and stores) the refresh token.
        clients.tokens.invalidate(connection.partner_tenant_id)
        await clients.tokens.access_token(connection.partner_tenant_id, GRAPH_DEFAULT)
    except SignInError as exc:
        async with context.transaction() as db:
            await mark_needs_reauth(
                db,
                connection.organization_id,
                reason=exc.root_cause.explanation,
                root_cause=exc.root_cause.label,
            )
        return False
    except MicrosoftError as exc:
        log.warning("partner_token_refresh_failed", code=exc.code, root_cause=exc.root_cause.label)
        return False
    return True


@job
async def reconcile_operations(context: WorkerContext) -> int:
    cutoff = utcnow() - STALE_AFTER
    async with context.transaction() as db:
        stale = list(
            (
                await db.execute(
                    select(Operation)
                    .where(Operation.state.in_(UNFINISHED), Operation.updated_at < cutoff)
                    .with_for_update(skip_locked=True)
                    .limit(100)
                )
            ).scalars()
        )
        jobs = []
        for operation in stale:
            last_item_activity = await db.scalar(
                select(func.max(OperationItem.updated_at)).where(
                    OperationItem.operation_id == operation.id
                )
            )
            if last_item_activity is not None and last_item_activity >= cutoff:
                continue
            pending = list(
                (
                    await db.execute(
                        select(OperationItem.tenant_id).where(
                            OperationItem.operation_id == operation.id,
                            OperationItem.state == ItemState.pending,
                        )
                    )
                ).scalars()
            )
            if operation.total == 0 and not pending:
                jobs.append(partner_job(operation.id))
            jobs.extend(batch_jobs(operation.id, pending, context.settings.sync_batch_size))
            operation.updated_at = utcnow()
    sent = await context.queue.enqueue_many(jobs) if jobs else 0
    if stale:
        log.info("operations_reconciled", operations=len(stale), jobs=len(jobs), sent=sent)
    return sent
