"""Writing a batch's outcomes onto its items, and the breaker that reads them back."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import table_of
from api.microsoft.errors import MicrosoftError
from api.operations import service
from api.operations.capability import Breaker, Failed, Outcomes
from api.operations.models import ItemState, Operation, OperationItem, OperationState

log = structlog.get_logger(__name__)


def failure_of(exc: MicrosoftError) -> Failed:
    cause = exc.root_cause
    log.warning("operation_item_failed", code=exc.code, root_cause=cause.label)
    return Failed(
        code=exc.code or str(exc.status or cause.label),
        root_cause=cause.label,
        message=cause.summary,
        action=cause.action,
    )


def _rows(outcomes: Outcomes, attempts: dict[str, int]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"t": tenant, "s": ItemState.succeeded.value, "m": done.message, "e": None, "r": None}
        for tenant, done in outcomes.done.items()
    ]
    rows += [
        {
            "t": tenant,
            "s": ItemState.failed.value,
            "m": failed.explanation,
            "e": failed.code,
            "r": failed.root_cause,
        }
        for tenant, failed in outcomes.failed.items()
    ]
    for row in rows:
        row["m"] = (row["m"] or "")[:1000] or None
        row["e"] = row["e"][:80] if row["e"] else None
        row["r"] = row["r"][:80] if row["r"] else None
        row["a"] = attempts.get(row["t"], 1)
    return rows


async def close_items(
    db: AsyncSession, operation_id: uuid.UUID, outcomes: Outcomes, attempts: dict[str, int]
) -> None:
    """Close many running items in one executemany; an item closed before is left as it is."""
    rows = _rows(outcomes, attempts)
    if not rows:
        return
    table = table_of(OperationItem)
    stmt = (
        table.update()
        .where(
            (table.c.operation_id == operation_id)
            & (table.c.tenant_id == bindparam("t"))
            & (table.c.state == ItemState.running.value)
        )
        .values(
            state=bindparam("s"),
            attempts=bindparam("a"),
            message=bindparam("m"),
            error_code=bindparam("e"),
            root_cause=bindparam("r"),
            finished_at=func.now(),
            updated_at=func.now(),
        )
    )
    conn = await db.connection()
    await conn.execute(stmt, rows)


async def trip_breaker(db: AsyncSession, operation_id: uuid.UUID, breaker: Breaker) -> bool:
    """Pause the operation when too many of its latest tenants failed; True when it paused."""
    latest = (
        select(OperationItem.state, OperationItem.root_cause)
        .where(
            OperationItem.operation_id == operation_id,
            OperationItem.state.in_((ItemState.succeeded, ItemState.failed)),
        )
        .order_by(OperationItem.finished_at.desc())
        .limit(breaker.window)
    )
    rows = (await db.execute(latest)).all()
    failures = [cause for state, cause in rows if state is ItemState.failed]
    if len(rows) < breaker.window or len(failures) < breaker.threshold * len(rows):
        return False
    operation = await db.get_one(Operation, operation_id, with_for_update=True)
    if operation.state is not OperationState.running:
        return False
    common = max(set(failures), key=failures.count) or "unknown"
    service.pause(
        operation,
        f"{len(failures)} of the last {len(rows)} tenants failed (mostly {common}). "
        "Fix the cause, then resume.",
    )
    log.warning("operation_paused", operation_id=str(operation_id), failures=len(failures))
    return True
