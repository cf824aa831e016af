from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sse_starlette.sse import EventSourceResponse

from api.audit.service import describe_failure, record
from api.db import DbSession
from api.deps import Queue, VisibleTenants, require
from api.openapi import problems
from api.operations import events, service
from api.operations.models import Operation
from api.operations.schemas import (
    OperationItemOut,
    OperationItemPage,
    OperationItemQuery,
    OperationOut,
    OperationPage,
    OperationQuery,
)
from api.operations.views import items_of, operation_out
from api.paging import decode_time_cursor, encode_time_cursor
from api.permissions import Action, Principal

router = APIRouter(prefix="/operations", tags=["operations"])


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


Change = Callable[[Operation], Awaitable[dict[str, Any] | None]]


async def _change(
    request: Request,
    db: AsyncSession,
    principal: Principal,
    operation_id: uuid.UUID,
    action: str,
    change: Change,
) -> OperationOut:
    """Lock the caller's operation, change it, and audit the change under `action`."""
    describe_failure(request, action=action, target_type="operation", target_id=operation_id)
    operation = await service.get_for(db, principal.organization_id, operation_id, lock=True)
    details = await change(operation)
    record(db, request, action, target_type="operation", target_id=operation_id, details=details)
    return await operation_out(db, operation)


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
    async def cancel(operation: Operation) -> None:
        await service.cancel(db, operation)

    return await _change(request, db, principal, operation_id, "operation.cancel", cancel)


@router.post(
    "/{operation_id}/retry",
    operation_id="retry_operation",
    summary="Run again only the tenants that failed",
    status_code=202,
    responses=problems(409),
)
async def retry_operation(
    operation_id: uuid.UUID,
    request: Request,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.operations_manage),
) -> OperationOut:
    async def retry(operation: Operation) -> dict[str, Any]:
        return {"tenants": await service.retry_failed(db, queue, operation)}

    return await _change(request, db, principal, operation_id, "operation.retry", retry)


@router.post(
    "/{operation_id}/resume",
    operation_id="resume_operation",
    summary="Resume an operation the breaker paused",
    status_code=202,
    responses=problems(409),
)
async def resume_operation(
    operation_id: uuid.UUID,
    request: Request,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.operations_manage),
) -> OperationOut:
    async def resume(operation: Operation) -> None:
        await service.resume(db, queue, operation)

    return await _change(request, db, principal, operation_id, "operation.resume", resume)


@router.get(
    "/{operation_id}/items",
    operation_id="list_operation_items",
    summary="Each tenant's part of an operation: state, attempts, root cause",
)
async def list_operation_items(
    operation_id: uuid.UUID,
    db: DbSession,
    params: Annotated[OperationItemQuery, Query()],
    visible: VisibleTenants,
    principal: Principal = require(Action.operations_read),
) -> OperationItemPage:
    await service.get_for(db, principal.organization_id, operation_id)
    rows = await items_of(
        db,
        operation_id,
        state=params.state,
        allowed_tenants=visible,
        limit=params.limit + 1,
        after=params.cursor,
    )
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return OperationItemPage(
        items=[OperationItemOut.model_validate(row) for row in rows],
        next_cursor=rows[-1].tenant_id if more and rows else None,
    )


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
    visible: VisibleTenants,
    principal: Principal = require(Action.operations_read),
) -> EventSourceResponse:
    await service.get_for(db, principal.organization_id, operation_id)
    sessions: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return EventSourceResponse(
        events.stream(sessions, operation_id, visible, request.is_disconnected), ping=15
    )
