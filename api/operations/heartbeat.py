"""A running batch says it is alive, so the reconciler can tell a dead worker from a slow one.

While a batch runs, its items' `updated_at` moves every few seconds; items left `running`
without a beat for `DEAD_AFTER` belonged to a worker that died (SIGKILL, lost machine) and are
reopened by the reconciler within seconds, not after arq's job timeout. The beat also reads the
operation's state, so tenants of a cancelled operation that are still waiting for a slot do not
start. A plan beats on its operation the same way, so one waiting out Microsoft's throttling is
not mistaken for a lost job.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Collection
from datetime import timedelta

import structlog
from sqlalchemy import func, select, text, update

from api.operations.models import ItemState, Operation, OperationItem
from api.resources import Resources

log = structlog.get_logger(__name__)
BEAT_SECONDS = 1.5
# Four missed beats: a loaded machine may delay one or two, a dead worker sends none.
DEAD_AFTER = timedelta(seconds=4 * BEAT_SECONDS)


@contextlib.asynccontextmanager
async def beating(
    resources: Resources, operation_id: uuid.UUID, tenant_ids: Collection[str]
) -> AsyncIterator[asyncio.Event]:
    """Yields an event set once the operation has ended (cancelled, say)."""
    ended = asyncio.Event()
    task = asyncio.create_task(_beat(resources, operation_id, list(tenant_ids), ended))
    try:
        yield ended
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _beat(
    resources: Resources, operation_id: uuid.UUID, tenant_ids: list[str], ended: asyncio.Event
) -> None:
    while True:
        await asyncio.sleep(BEAT_SECONDS)
        try:
            async with resources.sessionmaker() as db:
                state = await db.scalar(select(Operation.state).where(Operation.id == operation_id))
                if state is None or state.finished:
                    ended.set()
                # A batch writing its outcomes locks the same rows, maybe in another order. The
                # beat waits for them a moment only: it gives up before PostgreSQL's deadlock
                # check (deadlock_timeout, 1 s by default) could pick the batch's write as the
                # victim; the next beat comes 1.5 s later and a row is dead only after 6 s.
                await db.execute(text("SET LOCAL lock_timeout = '250ms'"))
                await db.execute(
                    update(OperationItem)
                    .where(
                        OperationItem.operation_id == operation_id,
                        OperationItem.tenant_id.in_(tenant_ids),
                        OperationItem.state == ItemState.running,
                    )
                    .values(updated_at=func.now())
                )
                await db.commit()
        except Exception as exc:  # a missed beat must not fail the batch it watches
            log.warning("heartbeat_failed", error=type(exc).__name__)


@contextlib.asynccontextmanager
async def beating_operation(resources: Resources, operation_id: uuid.UUID) -> AsyncIterator[None]:
    """While a job works on the operation itself (its plan), its `updated_at` keeps moving."""
    task = asyncio.create_task(_beat_operation(resources, operation_id))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _beat_operation(resources: Resources, operation_id: uuid.UUID) -> None:
    while True:
        await asyncio.sleep(BEAT_SECONDS)
        try:
            async with resources.sessionmaker() as db:
                await db.execute(
                    update(Operation)
                    .where(Operation.id == operation_id)
                    .values(updated_at=func.now())
                )
                await db.commit()
        except Exception as exc:  # a missed beat must not fail the plan it watches
            log.warning("heartbeat_failed", error=type(exc).__name__)
