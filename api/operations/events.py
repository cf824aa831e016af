"""An operation's live progress as server-sent events: progress, one per tenant, the end."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.operations.models import ItemState, Operation, OperationItem
from api.operations.schemas import OperationItemOut
from api.operations.views import operation_out

POLL_SECONDS = 0.5
# updated_at is the writer's transaction start, so a later commit can carry an earlier stamp.
LOOK_BACK = timedelta(seconds=30)
FINISHED_ITEMS = (ItemState.succeeded, ItemState.failed, ItemState.cancelled)


async def stream(
    sessions: async_sessionmaker[AsyncSession],
    operation_id: uuid.UUID,
    allowed_tenants: frozenset[str] | None,
    disconnected: Callable[[], Awaitable[bool]],
) -> AsyncIterator[dict[str, Any]]:
    """Polls PostgreSQL, the operation's source of truth, with a short session per poll so an
    open stream never holds a pooled connection."""
    last_progress: str | None = None
    seen_until: datetime | None = None
    emitted: set[str] = set()
    while not await disconnected():
        async with sessions() as db:
            operation = await db.get_one(Operation, operation_id, populate_existing=True)
            progress = (await operation_out(db, operation)).model_dump_json()
            query = select(OperationItem).where(
                OperationItem.operation_id == operation_id,
                OperationItem.state.in_(FINISHED_ITEMS),
            )
            if seen_until is not None:
                query = query.where(OperationItem.updated_at > seen_until - LOOK_BACK)
            items = list((await db.execute(query.order_by(OperationItem.updated_at))).scalars())
        for item in items:
            seen_until = max(seen_until or item.updated_at, item.updated_at)
            if item.tenant_id in emitted:
                continue
            emitted.add(item.tenant_id)
            if allowed_tenants is None or item.tenant_id in allowed_tenants:
                out = OperationItemOut.model_validate(item)
                yield {"event": "tenant", "data": out.model_dump_json()}
        if progress != last_progress:
            last_progress = progress
            yield {"event": "progress", "data": progress}
        if operation.state.finished:
            yield {"event": "end", "data": json.dumps({"state": operation.state.value})}
            return
        await asyncio.sleep(POLL_SECONDS)
