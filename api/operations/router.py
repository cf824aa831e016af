from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sse_starlette.sse import EventSourceResponse

from api.audit.service import describe_failure, record
from api.db import DbSession
from api.deps import require
from api.operations import service
from api.operations.models import ItemState, Operation, OperationItem
from api.operations.schemas import OperationItemOut, OperationOut, OperationPage, OperationQuery
from api.operations.views import operation_out
from api.paging import decode_time_cursor, encode_time_cursor
from api.permissions import Action, Principal
from api.tenants.service import tenant_ids_for_guest

router = APIRouter(prefix="/operations", tags=["operations"])
POLL_SECONDS = 0.5
LOOK_BACK = timedelta(seconds=30)


@router.get("", operation_id="list_operations", summary="Recent operations, newest first")
async def list_operations(
    db: DbSession,
    params: Annotated[OperationQuery, Query()],
    principal: Principal = require(Action.operations_read),
) -> OperationPage:
    query = select(Operation).where(Operation.organization_id == principal.organization_id)
    if params.kind:
        query = query.where(Operation.kind == params.kind)
    if params.state:
        query = query.where(Operation.state == params.state)
    if params.cursor:
        stamp, ident = decode_time_cursor(params.cursor)
        query = query.where(tuple_(Operation.created_at, Operation.id) < tuple_(stamp, ident))
    query = query.order_by(Operation.created_at.desc(), Operation.id.desc()).limit(params.limit + 1)
    rows = list((await db.execute(query)).scalars())
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return OperationPage(
        items=[await operation_out(db, op) for op in rows],
        next_cursor=encode_time_cursor(rows[-1].created_at, rows[-1].id) if more and rows else None,
    )


@router.get("/{operation_id}", operation_id="get_operation", summary="One operation's progress")
async def get_operation(
    operation_id: uuid.UUID, db: DbSession, principal: Principal = require(Action.operations_read)
) -> OperationOut:
    return await operation_out(
        db, await service.get_for(db, principal.organization_id, operation_id)
    )


@router.post(
    "/{operation_id}/cancel",
    operation_id="cancel_operation",
    summary="Cancel an operation; tenants not started yet are skipped",
)
async def cancel_operation(
    operation_id: uuid.UUID,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.operations_manage),
) -> OperationOut:
    describe_failure(
        request, action="operation.cancel", target_type="operation", target_id=operation_id
    )
    operation = await service.get_for(db, principal.organization_id, operation_id)
    locked = await db.get_one(Operation, operation.id, with_for_update=True, populate_existing=True)
    await service.cancel(db, locked)
    record(db, request, "operation.cancel", target_type="operation", target_id=operation_id)
    return await operation_out(db, locked)


@router.get(
    "/{operation_id}/events",
    operation_id="operation_events",
    summary="Live progress as server-sent events: progress, tenant, end",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def operation_events(
    operation_id: uuid.UUID,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.operations_read),
) -> EventSourceResponse:
    await service.get_for(db, principal.organization_id, operation_id)
    allowed_tenants = (
        set(await tenant_ids_for_guest(db, principal.member_id))
        if principal.tenant_scoped and principal.member_id
        else None
    )
    sessions: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return EventSourceResponse(_events(sessions, operation_id, allowed_tenants, request), ping=15)


async def _events(
    sessions: async_sessionmaker[AsyncSession],
    operation_id: uuid.UUID,
    allowed_tenants: set[str] | None,
    request: Request,
) -> AsyncIterator[dict[str, Any]]:
    # Polls PostgreSQL, the operation's source of truth, with a short session per poll so an open
    # stream never holds a pooled connection.
    last_progress: str | None = None
    seen_until: datetime | None = None
    emitted: set[str] = set()
    while not await request.is_disconnected():
        async with sessions() as db:
            operation = await db.get_one(Operation, operation_id)
            progress = (await operation_out(db, operation)).model_dump_json()
            query = select(OperationItem).where(
                OperationItem.operation_id == operation_id,
                OperationItem.state != ItemState.pending,
            )
            if seen_until is not None:
                # updated_at is the writer's transaction start, so a later commit can carry an
                # earlier stamp: look back a margin and skip what was already sent.
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
