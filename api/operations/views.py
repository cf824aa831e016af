"""Operations as callers see them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.operations.models import Operation
from api.operations.schemas import OperationOut, ProgressOut
from api.operations.service import item_counts


async def operation_out(db: AsyncSession, operation: Operation) -> OperationOut:
    counts = (
        operation.summary
        if operation.state.finished and operation.summary
        else await item_counts(db, operation.id)
    )
    return OperationOut(
        id=operation.id,
        kind=operation.kind,
        state=operation.state,
        step=operation.step,
        created_at=operation.created_at,
        started_at=operation.started_at,
        finished_at=operation.finished_at,
        cancel_requested_at=operation.cancel_requested_at,
        created_by=operation.actor_label,
        attempts=operation.attempts,
        error_code=operation.error_code,
        error_message=operation.error_message,
        error_action=operation.error_action,
        progress=ProgressOut(total=operation.total, **counts),
    )
