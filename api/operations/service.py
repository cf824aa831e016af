"""The operations engine, as callers drive it: start, cancel, retry what failed, resume.

An operation is a parent row with one item per tenant. PostgreSQL holds every state; jobs only
carry ids. The worker side (running items) is `runner.py`; this module never calls Microsoft.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import table_of, utcnow
from api.errors import Conflict, NotFound
from api.operations.capability import ItemSpec
from api.operations.jobs import prepare_job
from api.operations.models import (
    EXCLUSIVE_KINDS,
    UNFINISHED,
    ItemState,
    Operation,
    OperationItem,
    OperationKind,
    OperationState,
)
from api.permissions import Principal
from api.queue import JobQueue

OPEN_ITEMS = (ItemState.pending, ItemState.running)
# How many failed tenants an operation's message names; the items list has every one.
NAMED_FAILURES = 5


def exclusive_key(kind: OperationKind, subject: str | None) -> str | None:
    return f"{kind.value}:{subject or '*'}" if kind in EXCLUSIVE_KINDS else None


async def start(
    db: AsyncSession,
    queue: JobQueue,
    *,
    organization_id: uuid.UUID,
    kind: OperationKind,
    principal: Principal | None,
    subject: str | None = None,
    params: dict[str, Any] | None = None,
    items: Sequence[ItemSpec] | None = None,
) -> tuple[Operation, bool]:
    """The one way to start an operation: routers, crons and the CLI all come here.

    Returns the operation and whether it is new; for an exclusive kind a live operation on the
    same subject is returned instead of a second one. With `items` the tenants are known now;
    otherwise the capability's plan lists them in the worker.
    """
    key = exclusive_key(kind, subject)
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "organization_id": organization_id,
        "kind": kind,
        "state": OperationState.queued,
        "subject": subject,
        "exclusive_key": key,
        "params": params or {},
        "actor_type": principal.actor_type if principal else "system",
        "actor_id": principal.actor_id if principal else None,
        "actor_label": principal.label if principal else "scheduler",
        "summary": {},
    }
    try:
        async with db.begin_nested():
            inserted = await db.scalar(
                insert(Operation).values(**values).on_conflict_do_nothing().returning(Operation.id)
            )
    except IntegrityError:
        inserted = None
    if inserted is None:
        return await _live(db, organization_id, key), False
    operation = await db.get_one(Operation, inserted)
    if items is not None:
        await add_items(db, operation.id, items)
        operation.total = len(items)
        if not items:
            # Nothing to do, and a worker would take an operation without items for one whose
            # capability lists them: it would run every tenant instead of none.
            await finish_if_done(db, operation.id)
            return operation, True
    queue.send_after_commit(db, prepare_job(operation.id))
    return operation, True


async def _live(db: AsyncSession, organization_id: uuid.UUID, key: str | None) -> Operation:
    return (
        await db.execute(
            select(Operation).where(
                Operation.organization_id == organization_id,
                Operation.exclusive_key == key,
                Operation.state.in_(UNFINISHED),
            )
        )
    ).scalar_one()


async def add_items(db: AsyncSession, operation_id: uuid.UUID, items: Sequence[ItemSpec]) -> None:
    if not items:
        return
    # One statement executed over all rows: the ORM's multi-row VALUES form spent more CPU
    # building the statement than the database spent running it.
    await db.execute(
        insert(table_of(OperationItem)).on_conflict_do_nothing(),
        [
            {
                "operation_id": operation_id,
                "tenant_id": item.tenant_id,
                "display_name": item.display_name[:256],
                "state": ItemState.pending,
            }
            for item in items
        ],
    )


async def get_for(
    db: AsyncSession, organization_id: uuid.UUID, operation_id: uuid.UUID, *, lock: bool = False
) -> Operation:
    query = select(Operation).where(
        Operation.id == operation_id, Operation.organization_id == organization_id
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    operation = (await db.execute(query)).scalar_one_or_none()
    if operation is None:
        raise NotFound("No such operation.", code="operation_not_found")
    return operation


async def item_counts(db: AsyncSession, operation_id: uuid.UUID) -> dict[str, int]:
    rows = await db.execute(
        select(OperationItem.state, func.count())
        .where(OperationItem.operation_id == operation_id)
        .group_by(OperationItem.state)
    )
    counts = {state.value: 0 for state in ItemState}
    for state, count in rows.all():
        counts[state.value] = int(count)
    return counts


def final_state(counts: dict[str, int]) -> OperationState:
    if counts["failed"] == 0:
        return OperationState.succeeded
    if counts["succeeded"] == 0:
        return OperationState.failed
    return OperationState.partially_failed


async def has_open_items(db: AsyncSession, operation_id: uuid.UUID) -> bool:
    """An index probe that takes no lock: cheap enough to ask after every batch."""
    probe = exists().where(
        OperationItem.operation_id == operation_id, OperationItem.state.in_(OPEN_ITEMS)
    )
    return bool(await db.scalar(select(probe)))


async def finish_if_done(db: AsyncSession, operation_id: uuid.UUID) -> Operation | None:
    """Close the operation when no item is open; the row lock makes exactly one closer."""
    await db.flush()
    operation = (
        await db.execute(select(Operation).where(Operation.id == operation_id).with_for_update())
    ).scalar_one_or_none()
    if operation is None or operation.state.finished or operation.state is OperationState.paused:
        return None
    counts = await item_counts(db, operation_id)
    if counts["pending"] or counts["running"]:
        return None
    operation.state = final_state(counts)
    _close(operation)
    operation.summary = counts
    if counts["failed"]:
        await _name_failures(db, operation, counts["failed"])
    return operation


async def _name_failures(db: AsyncSession, operation: Operation, failed: int) -> None:
    """The operation's own words name the tenants that failed and why (the first few)."""
    rows = (
        await db.execute(
            select(OperationItem.tenant_id, OperationItem.display_name, OperationItem.root_cause)
            .where(
                OperationItem.operation_id == operation.id,
                OperationItem.state == ItemState.failed,
            )
            .order_by(OperationItem.display_name, OperationItem.tenant_id)
            .limit(NAMED_FAILURES)
        )
    ).all()
    named = "; ".join(f"{name or tenant} ({cause or 'error'})" for tenant, name, cause in rows)
    more = f"; and {failed - len(rows)} more" if failed > len(rows) else ""
    noun = "tenant" if operation.total == 1 else "tenants"
    operation.error_code = "tenants_failed"
    operation.error_message = f"{failed} of {operation.total} {noun} failed: {named}{more}."[:1000]
    operation.error_action = (
        "Each failed tenant's row says what went wrong and what fixes it; "
        "retry the failed tenants once that is done."
    )


def _close(operation: Operation) -> None:
    operation.finished_at = utcnow()
    operation.step = None
    # A finished operation no longer holds its kind's one live slot.
    operation.exclusive_key = None


async def fail(
    db: AsyncSession, operation: Operation, *, code: str, message: str, action: str | None = None
) -> None:
    operation.state = OperationState.failed
    operation.error_code = code[:80]
    operation.error_message = message[:1000]
    operation.error_action = (action or "")[:500] or None
    _close(operation)
    await cancel_pending(db, operation.id, "The operation stopped before this tenant ran.")
    operation.summary = await item_counts(db, operation.id)


async def cancel_pending(db: AsyncSession, operation_id: uuid.UUID, message: str) -> None:
    """Items not started yet will not run: they end as cancelled, saying why."""
    await db.execute(
        update(OperationItem)
        .where(
            OperationItem.operation_id == operation_id,
            OperationItem.state == ItemState.pending,
        )
        .values(
            state=ItemState.cancelled,
            message=message,
            finished_at=func.now(),
            # A throttled tenant's next try will not happen: the row must not announce it.
            next_attempt_at=None,
        )
    )


async def cancel(db: AsyncSession, operation: Operation) -> None:
    """Pending tenants stop; tenants already running finish and keep their outcome."""
    if operation.state.finished:
        return
    operation.cancel_requested_at = utcnow()
    await cancel_pending(db, operation.id, "Cancelled before this tenant ran.")
    operation.state = OperationState.cancelled
    _close(operation)
    operation.summary = await item_counts(db, operation.id)


async def retry_failed(db: AsyncSession, queue: JobQueue, operation: Operation) -> int:
    """Run again only the tenants that did not succeed; returns how many.

    After a cancel by a person only the failed ones run again; after the operation itself
    stopped (a lost sign-in, say) the tenants it never reached run too.
    """
    if not operation.state.finished:
        raise Conflict("The operation is still running.", code="operation_running")
    again = [ItemState.failed]
    if operation.state is not OperationState.cancelled:
        again.append(ItemState.cancelled)
    reopened = (
        await db.execute(
            update(OperationItem)
            .where(OperationItem.operation_id == operation.id, OperationItem.state.in_(again))
            .values(
                state=ItemState.pending,
                retry_base=OperationItem.attempts,
                message=None,
                error_code=None,
                root_cause=None,
                started_at=None,
                finished_at=None,
                next_attempt_at=None,
            )
            .returning(OperationItem.tenant_id)
        )
    ).all()
    listing_failed = operation.total == 0 and operation.state is OperationState.failed
    if not reopened and not listing_failed:
        raise Conflict("No tenant failed: there is nothing to retry.", code="nothing_to_retry")
    await _reopen(db, operation, OperationState.queued)
    queue.send_after_commit(db, prepare_job(operation.id, nonce=operation.attempts))
    return len(reopened)


async def resume(db: AsyncSession, queue: JobQueue, operation: Operation) -> None:
    """Continue an operation the breaker paused."""
    if operation.state is not OperationState.paused:
        raise Conflict("Only a paused operation can be resumed.", code="operation_not_paused")
    operation.state = OperationState.running
    operation.paused_at = None
    operation.pause_reason = None
    await db.flush()
    queue.send_after_commit(db, prepare_job(operation.id, nonce=operation.attempts))


async def _reopen(db: AsyncSession, operation: Operation, state: OperationState) -> None:
    operation.state = state
    operation.finished_at = None
    operation.cancel_requested_at = None
    operation.error_code = operation.error_message = operation.error_action = None
    operation.summary = {}
    operation.exclusive_key = exclusive_key(operation.kind, operation.subject)
    try:
        async with db.begin_nested():
            await db.flush()
    except IntegrityError as exc:
        raise Conflict(
            "Another operation of this kind is running; wait for it to finish.",
            code="operation_already_running",
        ) from exc


def pause(operation: Operation, reason: str) -> None:
    operation.state = OperationState.paused
    operation.paused_at = utcnow()
    operation.pause_reason = reason[:500]
