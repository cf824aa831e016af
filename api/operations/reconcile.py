"""Re-driving unfinished operations whose jobs were lost.

Redis only carries job messages: if it empties, or a worker dies holding a batch, PostgreSQL
still knows every open item. Items a dead batch left running (its worker's lock gone, or no
heartbeat) are reopened and their operation is sent again at once; when Redis lost its jobs
(the mark the queue sets on sending is gone), every live operation is sent again at once, except
a plan still beating; otherwise an operation with open work but no activity is sent again after
`STALE_AFTER`. Re-sent jobs get fresh ids (arq may still hold the lost job's id for its
in-progress or result key); claims make a duplicate run harmless.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import structlog
from sqlalchemy import func, select, update

from api.operations.heartbeat import DEAD_AFTER
from api.operations.jobs import prepare_job
from api.operations.liveness import held_keys
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
    lost = await resources.queue.lost_jobs()
    now = resources.clock()
    async with resources.transaction() as db:
        reopened = await db.execute(
            update(OperationItem)
            .where(
                OperationItem.operation_id == Operation.id,
                Operation.state.in_(LIVE),
                OperationItem.state == ItemState.running,
                (OperationItem.updated_at < now - dead_after)
                | (
                    OperationItem.claimed_by.is_not(None)
                    & OperationItem.claimed_by.not_in(held_keys())
                ),
            )
            .values(state=ItemState.pending, attempts=OperationItem.attempts - 1, claimed_by=None)
            .returning(OperationItem.operation_id)
        )
        orphaned = {row[0] for row in reopened.all()}
        cutoff = now - stale_after
        last_activity = (
            select(func.max(OperationItem.updated_at))
            .where(OperationItem.operation_id == Operation.id)
            .scalar_subquery()
        )
        redrive = Operation.id.in_(orphaned) | (
            (Operation.updated_at < cutoff) & func.coalesce(last_activity < cutoff, True)
        )
        if lost:
            # A plan still beating sends its own jobs when it ends: sending it again would plan
            # twice.
            redrive |= (
                (Operation.state == OperationState.queued)
                | (Operation.total > 0)
                | (Operation.updated_at < now - dead_after)
            )
        idle = (
            await db.execute(
                select(Operation)
                .where(Operation.state.in_(LIVE), redrive)
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
        log.info(
            "operations_reconciled",
            operations=len(redriven),
            reopened=len(orphaned),
            jobs_lost=lost,
        )
    return len(redriven)
