"""Re-sending the jobs of unfinished operations whose messages were lost.

Redis only carries job messages: if it empties, or a worker dies holding a batch, PostgreSQL
still knows every open item. An operation untouched for a while gets its jobs again; job ids
make a duplicate of a job still queued a no-op, and claims make a duplicate run harmless.
"""

from __future__ import annotations

from datetime import timedelta

import structlog
from sqlalchemy import func, select, update

from api.operations.jobs import prepare_job
from api.operations.models import ItemState, Operation, OperationItem, OperationState
from api.resources import Resources

log = structlog.get_logger(__name__)
# Longer than any batch can take (the job timeout), so a live batch is never taken back.
STALE_AFTER = timedelta(minutes=2)


async def reconcile(resources: Resources, *, stale_after: timedelta = STALE_AFTER) -> int:
    """Returns how many operations were re-driven."""
    cutoff = resources.clock() - stale_after
    async with resources.transaction() as db:
        stale = list(
            (
                await db.execute(
                    select(Operation)
                    .where(
                        Operation.state.in_((OperationState.queued, OperationState.running)),
                        Operation.updated_at < cutoff,
                    )
                    .with_for_update(skip_locked=True)
                    .limit(100)
                )
            ).scalars()
        )
        redriven = 0
        for operation in stale:
            last_item_activity = await db.scalar(
                select(func.max(OperationItem.updated_at)).where(
                    OperationItem.operation_id == operation.id
                )
            )
            if last_item_activity is not None and last_item_activity >= cutoff:
                continue
            # Items a lost batch had claimed are open again; throttled ones keep their time.
            await db.execute(
                update(OperationItem)
                .where(
                    OperationItem.operation_id == operation.id,
                    OperationItem.state == ItemState.running,
                )
                .values(state=ItemState.pending, attempts=OperationItem.attempts - 1)
            )
            operation.updated_at = resources.clock()
            resources.queue.send_after_commit(
                db, prepare_job(operation.id, nonce=int(operation.updated_at.timestamp()))
            )
            redriven += 1
    if redriven:
        log.info("operations_reconciled", operations=redriven)
    return redriven
