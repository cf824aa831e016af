"""Operations: creating them once, finishing them once, and telling how far they got."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import bindparam, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import table_of, utcnow
from api.errors import NotFound
from api.operations.models import (
    UNFINISHED,
    ItemState,
    Operation,
    OperationItem,
    OperationKind,
    OperationState,
)
from api.permissions import Principal


async def create_unique(
    db: AsyncSession, principal: Principal | None, organization_id: uuid.UUID, kind: OperationKind
) -> tuple[Operation, bool]:
    """Create an operation, or return the unfinished one of the same kind (one sync at a time)."""
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "organization_id": organization_id,
        "kind": kind,
        "state": OperationState.queued,
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
    if inserted is not None:
        return await db.get_one(Operation, inserted), True
    running = (
        await db.execute(
            select(Operation).where(
                Operation.organization_id == organization_id,
                Operation.kind == kind,
                Operation.state.in_(UNFINISHED),
            )
        )
    ).scalar_one()
    return running, False


async def get_for(
    db: AsyncSession, organization_id: uuid.UUID, operation_id: uuid.UUID
) -> Operation:
    operation = (
        await db.execute(
            select(Operation).where(
                Operation.id == operation_id, Operation.organization_id == organization_id
            )
        )
    ).scalar_one_or_none()
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


async def has_pending(db: AsyncSession, operation_id: uuid.UUID) -> bool:
    """An index probe that takes no lock: cheap enough to ask after every item."""
    probe = exists().where(
        OperationItem.operation_id == operation_id, OperationItem.state == ItemState.pending
    )
    return bool(await db.scalar(select(probe)))


async def finish_if_done(db: AsyncSession, operation_id: uuid.UUID) -> Operation | None:
    """Close the operation when no item is pending; the row lock makes exactly one closer."""
    await db.flush()
    operation = (
        await db.execute(select(Operation).where(Operation.id == operation_id).with_for_update())
    ).scalar_one_or_none()
    if operation is None or operation.state.finished:
        return None
    counts = await item_counts(db, operation_id)
    if counts["pending"]:
        return None
    operation.state = final_state(counts)
    operation.finished_at = utcnow()
    operation.summary = counts
    operation.step = None
    return operation


async def fail(
    db: AsyncSession, operation: Operation, *, code: str, message: str, action: str | None = None
) -> None:
    operation.state = OperationState.failed
    operation.error_code = code[:80]
    operation.error_message = message[:1000]
    operation.error_action = (action or "")[:500] or None
    operation.finished_at = utcnow()
    operation.step = None
    await _cancel_pending(db, operation.id, "The operation failed before this tenant ran.")
    operation.summary = await item_counts(db, operation.id)


async def _cancel_pending(db: AsyncSession, operation_id: uuid.UUID, message: str) -> None:
    """Items not started yet will not run: they end as cancelled, saying why."""
    await db.execute(
        update(OperationItem)
        .where(
            OperationItem.operation_id == operation_id,
            OperationItem.state == ItemState.pending,
        )
        .values(state=ItemState.cancelled, message=message)
    )


async def cancel(db: AsyncSession, operation: Operation) -> None:
    if operation.state.finished:
        return
    now = utcnow()
    operation.cancel_requested_at = now
    await _cancel_pending(db, operation.id, "Cancelled before this tenant ran.")
    operation.state = OperationState.cancelled
    operation.finished_at = now
    operation.step = None
    operation.summary = await item_counts(db, operation.id)


async def close_items(
    db: AsyncSession, operation_id: uuid.UUID, outcomes: list[dict[str, Any]]
) -> None:
    """Close many pending items in one executemany; an item closed before is left as it is.

    Each outcome holds tenant_id, state, attempts, message, error_code and root_cause.
    """
    if not outcomes:
        return
    table = table_of(OperationItem)
    stmt = (
        table.update()
        .where(
            (table.c.operation_id == operation_id)
            & (table.c.tenant_id == bindparam("t"))
            & (table.c.state == ItemState.pending.value)
        )
        .values(
            state=bindparam("s"),
            attempts=bindparam("a"),
            message=bindparam("m"),
            error_code=bindparam("e"),
            root_cause=bindparam("r"),
            updated_at=func.now(),
        )
    )
    conn = await db.connection()
    await conn.execute(
        stmt,
        [
            {
                "t": o["tenant_id"],
                "s": o["state"].value,
                "a": o.get("attempts", 1),
                "m": (o.get("message") or "")[:1000] or None,
                "e": o.get("error_code"),
                "r": o.get("root_cause"),
            }
            for o in outcomes
        ],
    )
