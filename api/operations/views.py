"""Operations as callers see them: counts from the items, waiting tenants and an ETA."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.operations.models import ItemState, Operation, OperationItem
from api.operations.schemas import OperationOut, ProgressOut


async def progress_of(db: AsyncSession, operation: Operation) -> ProgressOut:
    """One aggregate over the items: counts by state, throttled tenants, measured pace."""
    now = utcnow()
    item = OperationItem
    waiting = (item.state == ItemState.pending) & (item.next_attempt_at > now)
    row = (
        await db.execute(
            select(
                *(
                    func.count().filter(item.state == state).label(state.value)
                    for state in ItemState
                ),
                func.count().filter(waiting).label("waiting"),
                func.min(item.next_attempt_at).filter(waiting).label("next_retry_at"),
                func.min(item.started_at).label("first_start"),
                func.max(item.finished_at).label("last_finish"),
            ).where(item.operation_id == operation.id)
        )
    ).one()
    counts = {state.value: int(getattr(row, state.value)) for state in ItemState}
    done = counts["succeeded"] + counts["failed"]
    remaining = counts["pending"] + counts["running"]
    return ProgressOut(
        total=operation.total,
        **counts,
        waiting_on_microsoft=int(row.waiting),
        next_retry_at=row.next_retry_at,
        eta_seconds=_eta(row.first_start, row.last_finish, done, remaining)
        if not operation.state.finished
        else None,
    )


def _eta(
    first_start: datetime | None, last_finish: datetime | None, done: int, remaining: int
) -> float | None:
    """Remaining tenants at the pace measured so far (tenants finished per second of work)."""
    if not remaining:
        return 0.0
    if not done or first_start is None or last_finish is None:
        return None
    elapsed = (last_finish - first_start).total_seconds()
    return round(max(0.0, elapsed) / done * remaining, 1)


async def operation_out(db: AsyncSession, operation: Operation) -> OperationOut:
    return OperationOut(
        id=operation.id,
        kind=operation.kind,
        state=operation.state,
        subject=operation.subject,
        step=operation.step,
        created_at=operation.created_at,
        started_at=operation.started_at,
        finished_at=operation.finished_at,
        cancel_requested_at=operation.cancel_requested_at,
        paused_at=operation.paused_at,
        pause_reason=operation.pause_reason,
        created_by=operation.actor_label,
        attempts=operation.attempts,
        error_code=operation.error_code,
        error_message=operation.error_message,
        error_action=operation.error_action,
        progress=await progress_of(db, operation),
    )


async def items_of(
    db: AsyncSession,
    operation_id: uuid.UUID,
    *,
    state: ItemState | None,
    allowed_tenants: frozenset[str] | None,
    limit: int,
    after: str | None,
) -> list[OperationItem]:
    query = select(OperationItem).where(OperationItem.operation_id == operation_id)
    if state is not None:
        query = query.where(OperationItem.state == state)
    if allowed_tenants is not None:
        query = query.where(OperationItem.tenant_id.in_(sorted(allowed_tenants)))
    if after:
        query = query.where(OperationItem.tenant_id > after)
    return list((await db.execute(query.order_by(OperationItem.tenant_id).limit(limit))).scalars())
