"""Re-driving unfinished operations whose jobs were lost.

Redis only carries job messages: if it empties, or a worker dies holding a batch, PostgreSQL
still knows every open item. Items a dead batch left running (no heartbeat) are reopened, and an
operation with open work but no activity gets its jobs again under fresh ids (arq may still
hold the lost job's id); claims make a duplicate run harmless.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import structlog
from sqlalchemy import func, select, update

from api.operations.heartbeat import DEAD_AFTER
from api.operations.jobs import prepare_job
from api.operations.models import ItemState, Operation, OperationItem, OperationState
from api.resources import Resources

log = structlog.get_logger(__name__)
# Longer than a batch takes between two writes (heartbeats included), so live work is left alone.
STALE_AFTER = timedelta(seconds=20)
LIVE = (OperationState.queued, OperationState.running)


async def reconcile(
    resources: Resources,
    *,
    stale_after: timedelta = STALE_AFTER,
    dead_after: timedelta = DEAD_AFTER,
) -> int:
    """Returns how many operations were re-driven."""
    now = resources.clock()
    async with resources.transaction() as db:
        reopened = await db.execute(
            update(OperationItem)
            .where(
                OperationItem.operation_id == Operation.id,
                Operation.state.in_(LIVE),
                OperationItem.state == ItemState.running,
                OperationItem.updated_at < now - dead_after,
            )
            .values(state=ItemState.pending, attempts=OperationItem.attempts - 1)
            .returning(OperationItem.operation_id)
        )
        orphaned = {row[0] for row in reopened.all()}
        cutoff = now - stale_after
        last_activity = (
            select(func.max(OperationItem.updated_at))
            .where(OperationItem.operation_id == Operation.id)
            .scalar_subquery()
        )
        idle = (
            await db.execute(
                select(Operation)
                .where(
                    Operation.state.in_(LIVE),
                    (Operation.id.in_(orphaned))
                    | (
                        (Operation.updated_at < cutoff)
                        & func.coalesce(last_activity < cutoff, True)
                    ),
                )
                .with_for_update(skip_locked=True, of=Operation)
                .limit(100)
            )
        ).scalars()
        redriven: list[uuid.UUID] = []
        for operation in idle:
            operation.updated_at = now
            resources.queue.send_after_commit(
                db, prepare_job(operation.id, nonce=int(now.timestamp() * 1000))
            )
            redriven.append(operation.id)
    if redriven:
        log.info("operations_reconciled", operations=len(redriven), reopened=len(orphaned))
    return len(redriven)
