"""The engine's worker side: list an operation's tenants, then run them in batches.

A batch claims its pending items (so two jobs never run the same tenant), runs them under the
process's concurrency limit outside any transaction, and records every outcome in one
transaction. A tenant Microsoft throttles goes back to pending with the time of its next try,
in a deferred job of its own: no worker waits for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.microsoft.errors import MicrosoftError, TransientError
from api.operations import service
from api.operations.capability import (
    Abort,
    Capability,
    Done,
    Failed,
    OperationHead,
    Outcomes,
    Paced,
    Weighed,
)
from api.operations.heartbeat import beating, beating_operation
from api.operations.jobs import deferred_job, item_jobs
from api.operations.models import (
    ItemState,
    Operation,
    OperationItem,
    OperationKind,
    OperationState,
)
from api.operations.pace import CallGate, Pace, Stopped
from api.operations.progress import Recorder
from api.operations.record import close_items, failure_of, trip_breaker
from api.queue import retry_later
from api.resources import Resources

log = structlog.get_logger(__name__)
Capabilities = Mapping[OperationKind, Capability[Any, Any]]


def head_of(operation: Operation) -> OperationHead:
    return OperationHead(
        id=operation.id,
        organization_id=operation.organization_id,
        kind=operation.kind,
        subject=operation.subject,
        params=dict(operation.params or {}),
    )


async def prepare(
    resources: Resources,
    capabilities: Capabilities,
    operation_id: uuid.UUID,
    attempt: int,
    *,
    nonce: int = 0,
) -> int:
    """List the tenants once; afterwards (retry, resume, a lost job) send the pending ones."""
    async with resources.transaction() as db:
        operation = await db.get(Operation, operation_id, with_for_update=True)
        if operation is None or operation.state.finished:
            return 0
        if operation.state is OperationState.paused:
            return 0
        operation.state = OperationState.running
        operation.started_at = operation.started_at or resources.clock()
        operation.attempts += 1
        listed = operation.total > 0 or await service.has_open_items(db, operation_id)
        head = head_of(operation)
    capability = capabilities[head.kind]
    if not listed:
        # The operation beats while its plan runs (it may wait out Microsoft's throttling), so
        # the reconciler does not send it again meanwhile.
        async with beating_operation(resources, operation_id):
            planned = await _plan(resources, capability, head, attempt)
        if planned is None:
            return 0
    return await dispatch(resources, capability, operation_id, nonce=nonce)


async def _plan(
    resources: Resources, capability: Capability[Any, Any], head: OperationHead, attempt: int
) -> bool | None:
    started = time.perf_counter()
    try:
        plan = await capability.plan(resources, head)
    except Abort as abort:
        await abort_operation(resources, capability, head, abort)
        return None
    except TransientError as exc:
        if attempt < capability.retry.max_attempts:
            raise retry_later(capability.retry.wait_for(exc, attempt)) from exc
        await _fail(resources, head.id, failure_of(exc))
        return None
    except MicrosoftError as exc:
        await _fail(resources, head.id, failure_of(exc))
        return None
    planned = time.perf_counter()
    async with resources.transaction() as db:
        operation = await db.get_one(Operation, head.id, with_for_update=True)
        if operation.state.finished:
            return None
        if operation.total > 0 or await service.has_open_items(db, head.id):
            # Another job's plan (sent again while this one ran) came first: its tenants stand.
            return True
        items = await capability.apply_plan(db, head, plan)
        await service.add_items(db, head.id, items)
        operation.total = len(items)
        if not items:
            await service.finish_if_done(db, head.id)
    # Microsoft's reads, then the one transaction that writes what they found: the tenants
    # start only after both (bench/README.md reads this line).
    log.info(
        "operation.planned",
        operation_id=str(head.id),
        kind=head.kind.value,
        tenants=len(items),
        plan_ms=round((planned - started) * 1000, 1),
        write_ms=round((time.perf_counter() - planned) * 1000, 1),
    )
    return True


async def dispatch(
    resources: Resources,
    capability: Capability[Any, Any],
    operation_id: uuid.UUID,
    *,
    nonce: int = 0,
) -> int:
    """Send jobs for the pending tenants: batches for those due, a deferred job for the rest."""
    async with resources.sessionmaker() as db:
        pending = (
            await db.execute(
                select(
                    OperationItem.tenant_id, OperationItem.attempts, OperationItem.next_attempt_at
                ).where(
                    OperationItem.operation_id == operation_id,
                    OperationItem.state == ItemState.pending,
                )
            )
        ).all()
    if not pending:
        await close_if_done(resources, operation_id)
        return 0
    now = resources.clock()
    due = sorted(tenant for tenant, _, at in pending if at is None or at <= now)
    if isinstance(capability, Weighed):
        weights = await capability.weights(resources, operation_id, due)
        due.sort(key=lambda tenant: -weights.get(tenant, 0))
    jobs = item_jobs(operation_id, due, capability.batch_size(resources), nonce=nonce)
    jobs += [
        deferred_job(operation_id, tenant, attempts, (at - now).total_seconds())
        for tenant, attempts, at in pending
        if at is not None and at > now
    ]
    await resources.queue.enqueue_many(jobs)
    return len(pending)


async def run_items(
    resources: Resources,
    capabilities: Capabilities,
    operation_id: uuid.UUID,
    tenant_ids: list[str],
) -> Outcomes:
    claimed = await _claim(resources, operation_id, tenant_ids)
    if claimed is None:
        return Outcomes()
    head, attempts, claimed_tries = claimed
    # In the job's order: its heaviest tenants first.
    tries = {t: claimed_tries[t] for t in tenant_ids if t in claimed_tries}
    capability = capabilities[head.kind]

    async def record(chunk_attempts: dict[str, int], chunk: Outcomes) -> None:
        await _record(resources, capability, head, chunk_attempts, chunk)

    # Outcomes are written in groups while the batch runs: progress moves per tenant.
    recorder = Recorder(
        attempts, record, shared=resources.cache("progress_writers"), key=operation_id
    )
    outcomes = recorder.outcomes
    if attempts:
        try:
            handle = await capability.open(resources, head)
        except Abort as abort:
            outcomes.abort = abort
            await record(attempts, outcomes)
        else:
            async with beating(resources, operation_id, attempts) as ended, recorder.running():
                await _run_all(resources, capability, handle, head, tries, outcomes, ended)
    if outcomes.abort is not None:
        await abort_operation(resources, capability, head, outcomes.abort)
    await close_if_done(resources, operation_id)
    return outcomes


async def _claim(
    resources: Resources, operation_id: uuid.UUID, tenant_ids: list[str]
) -> tuple[OperationHead, dict[str, int], dict[str, int]] | None:
    """Mark this batch's pending items running.

    Returns each claimed tenant's attempt number, and its try within the current run (a retry
    of a failed operation gives its tenants the whole retry policy again).
    """
    async with resources.transaction() as db:
        operation = await db.get(Operation, operation_id)
        if operation is None or operation.state is OperationState.paused:
            return None
        if operation.state.finished:
            await _end_unreached(db, operation_id, tenant_ids, ItemState.pending)
            return None
        if operation.state is OperationState.queued:
            operation.state = OperationState.running
            operation.started_at = operation.started_at or resources.clock()
        rows = await db.execute(
            update(OperationItem)
            .where(
                OperationItem.operation_id == operation_id,
                OperationItem.tenant_id.in_(tenant_ids),
                OperationItem.state == ItemState.pending,
            )
            .values(
                state=ItemState.running,
                attempts=OperationItem.attempts + 1,
                started_at=func.coalesce(OperationItem.started_at, func.now()),
                next_attempt_at=None,
                claimed_by=resources.worker_key,
            )
            .returning(OperationItem.tenant_id, OperationItem.attempts, OperationItem.retry_base)
        )
        claimed = [(str(tenant), int(attempt), int(base)) for tenant, attempt, base in rows.all()]
        return (
            head_of(operation),
            {tenant: attempt for tenant, attempt, _ in claimed},
            {tenant: attempt - base for tenant, attempt, base in claimed},
        )


async def _run_all(
    resources: Resources,
    capability: Capability[Any, Any],
    handle: Any,
    head: OperationHead,
    tries: dict[str, int],
    outcomes: Outcomes,
    ended: asyncio.Event,
) -> None:
    size = capability.concurrency(resources)
    slots: contextlib.AbstractAsyncContextManager[Any] = contextlib.nullcontext()
    if isinstance(capability, Paced):
        # Every tenant starts; each of its calls waits for a slot in the process's gate.
        gates: dict[str, CallGate] = resources.cache("call_gates")
        gate = gates.setdefault(head.kind.value, CallGate(size))
        pace = Pace(gate, lambda: outcomes.abort is not None or ended.is_set())
        paced = capability

        async def run(tenant_id: str) -> Done:
            return await paced.run_paced(handle, head, tenant_id, pace)

    else:
        slots = resources.limit(head.kind.value, size)

        async def run(tenant_id: str) -> Done:
            return await capability.run_item(handle, head, tenant_id)

    async def one(tenant_id: str) -> None:
        async with slots:
            # Tenants still waiting for a slot do not start once the operation has ended.
            if outcomes.abort is not None or ended.is_set():
                return
            try:
                outcomes.done[tenant_id] = await run(tenant_id)
            except Stopped:
                return  # unreached: the operation ended while it waited for a slot
            except Abort as abort:
                outcomes.abort = abort
            except TransientError as exc:
                attempt = tries[tenant_id]
                if attempt < capability.retry.max_attempts:
                    outcomes.deferred[tenant_id] = capability.retry.wait_for(exc, attempt)
                else:
                    outcomes.failed[tenant_id] = failure_of(exc)
            except MicrosoftError as exc:
                outcomes.failed[tenant_id] = failure_of(exc)

    await asyncio.gather(*(one(t) for t in tries))


async def _record(
    resources: Resources,
    capability: Capability[Any, Any],
    head: OperationHead,
    attempts: dict[str, int],
    outcomes: Outcomes,
) -> None:
    """Domain rows and items in one transaction; tenants the batch never reached reopen."""
    unreached = set(attempts) - set(outcomes.done) - set(outcomes.failed) - set(outcomes.deferred)
    async with resources.transaction() as db:
        if outcomes.done or outcomes.failed:
            await capability.record(db, head, outcomes)
        await close_items(db, head.id, outcomes, attempts)
        state = await db.scalar(select(Operation.state).where(Operation.id == head.id))
        if state is None or state.finished:
            # Cancelled meanwhile: what would have waited or run again ends here.
            await _end_unreached(db, head.id, unreached | set(outcomes.deferred), ItemState.running)
            return
        now = resources.clock()
        for tenant_id, wait in outcomes.deferred.items():
            await _defer(db, head.id, tenant_id, now + timedelta(seconds=wait), wait)
            resources.queue.send_after_commit(
                db, deferred_job(head.id, tenant_id, attempts[tenant_id], wait)
            )
        if unreached:
            await db.execute(
                update(OperationItem)
                .where(
                    OperationItem.operation_id == head.id,
                    OperationItem.tenant_id.in_(unreached),
                    OperationItem.state == ItemState.running,
                )
                .values(state=ItemState.pending, attempts=OperationItem.attempts - 1)
            )
        if outcomes.failed and capability.breaker is not None:
            await trip_breaker(db, head.id, capability.breaker)


async def _end_unreached(
    db: AsyncSession, operation_id: uuid.UUID, tenant_ids: Iterable[str], state: ItemState
) -> None:
    if not tenant_ids:
        return
    await db.execute(
        update(OperationItem)
        .where(
            OperationItem.operation_id == operation_id,
            OperationItem.tenant_id.in_(list(tenant_ids)),
            OperationItem.state == state,
        )
        .values(
            state=ItemState.cancelled,
            message="The operation ended before this tenant ran.",
            finished_at=func.now(),
        )
    )


async def _defer(
    db: AsyncSession, operation_id: uuid.UUID, tenant_id: str, when: datetime, wait: float
) -> None:
    await db.execute(
        update(OperationItem)
        .where(
            OperationItem.operation_id == operation_id,
            OperationItem.tenant_id == tenant_id,
            OperationItem.state == ItemState.running,
        )
        .values(
            state=ItemState.pending,
            next_attempt_at=when,
            message=f"Waiting on Microsoft (throttled); next try in {wait:.0f} s.",
        )
    )


async def close_if_done(resources: Resources, operation_id: uuid.UUID) -> None:
    """Asked after the outcomes' commit, so the last batch to commit always sees none open.

    Only that batch (or two racing for last) takes the operation's row lock.
    """
    async with resources.transaction() as db:
        if not await service.has_open_items(db, operation_id):
            await service.finish_if_done(db, operation_id)


async def abort_operation(
    resources: Resources, capability: Capability[Any, Any], head: OperationHead, abort: Abort
) -> None:
    async with resources.transaction() as db:
        await capability.on_abort(db, head, abort)
        operation = await db.get_one(Operation, head.id, with_for_update=True)
        if not operation.state.finished:
            await service.fail(
                db, operation, code=abort.code, message=abort.message, action=abort.action
            )
        else:
            # Another batch stopped it first, while this one was handing back its tenants.
            await service.cancel_pending(
                db, head.id, "The operation stopped before this tenant ran."
            )


async def _fail(resources: Resources, operation_id: uuid.UUID, failure: Failed) -> None:
    async with resources.transaction() as db:
        operation = await db.get_one(Operation, operation_id, with_for_update=True)
        if not operation.state.finished:
            await service.fail(
                db,
                operation,
                code=failure.root_cause,
                message=failure.message,
                action=failure.action,
            )
