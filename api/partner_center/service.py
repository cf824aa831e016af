"""The Partner Center connection as the portal shows it, and forgetting it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.errors import Conflict
from api.operations.models import Operation
from api.partner_center import check
from api.partner_center.clients import clients_for_sign_in
from api.partner_center.models import ConnectionState, PartnerConnection
from api.partner_center.schemas import CauseOut, ConnectionCheckOut, ConnectionOut, LastSyncOut
from api.partner_center.tokens import connection_of
from api.resources import Resources

# Microsoft expires a partner's refresh token after 90 days without use.
REFRESH_TOKEN_WINDOW = timedelta(days=90)


async def connection_status(db: AsyncSession, organization_id: uuid.UUID) -> ConnectionOut:
    connection = await connection_of(db, organization_id)
    if connection is None:
        return ConnectionOut(state=ConnectionState.disconnected)
    out = ConnectionOut(
        state=connection.state,
        account=connection.account_username,
        partner_tenant_id=connection.partner_tenant_id,
        connected_at=connection.connected_at,
        connected_by=connection.connected_by_label,
        last_token_refresh_at=connection.last_refreshed_at,
        reauth_reason=connection.reauth_reason,
        reauth_root_cause=connection.reauth_root_cause,
    )
    out.refresh_token_days_left = days_left(connection)
    out.last_sync = await _last_sync(db, connection)
    out.problem = _cause(connection.problem)
    out.last_error = _cause(connection.last_error)
    out.last_check = _check(connection.last_check)
    return out


def days_left(connection: PartnerConnection) -> int | None:
    if connection.state is not ConnectionState.connected or not connection.last_refreshed_at:
        return None
    left = connection.last_refreshed_at + REFRESH_TOKEN_WINDOW - utcnow()
    return max(0, left.days)


def _cause(raw: dict[str, Any] | None) -> CauseOut | None:
    return CauseOut.model_validate(raw) if raw else None


def _check(raw: dict[str, Any] | None) -> ConnectionCheckOut | None:
    return ConnectionCheckOut.model_validate(raw) if raw else None


async def check_connection(
    db: AsyncSession, organization_id: uuid.UUID, resources: Resources
) -> ConnectionCheckOut:
    """Ask Microsoft what the stored sign-in can do; keep the answer for the card."""
    connection = await connection_of(db, organization_id)
    if connection is None or connection.state is ConnectionState.disconnected:
        raise Conflict("Connect Partner Center first.", code="partner_center_not_connected")
    if connection.state is ConnectionState.needs_reauth or not connection.partner_tenant_id:
        raise Conflict(
            "The Partner Center sign-in must be renewed before it can be checked: "
            "reauthenticate Partner Center.",
            code="partner_center_needs_reauth",
        )
    clients = clients_for_sign_in(
        resources, organization_id, connection.partner_tenant_id, connection.connected_at
    )
    facts = await check.gather(clients, connection.partner_tenant_id)
    # The check's token refresh stored a rotated refresh token in its own transaction.
    await db.refresh(connection)
    await save_check(db, connection, facts.as_json())
    return ConnectionCheckOut.model_validate(connection.last_check)


async def save_check(
    db: AsyncSession, connection: PartnerConnection, found: dict[str, Any]
) -> None:
    connection.last_checked_at = utcnow()
    if found["problem"]:
        connection.problem = found["problem"]
        connection.last_error = found["problem"]
    else:
        connection.problem = None
    connection.last_check = {
        **found,
        "refresh_token_days_left": days_left(connection),
        "last_error": connection.last_error,
    }
    await db.flush()


async def _last_sync(db: AsyncSession, connection: PartnerConnection) -> LastSyncOut | None:
    if not connection.last_sync_operation_id:
        return None
    operation = await db.get(Operation, connection.last_sync_operation_id)
    if operation is None:
        return None
    return LastSyncOut(
        operation_id=operation.id,
        state=operation.state.value,
        started_at=operation.started_at,
        finished_at=operation.finished_at,
        error_code=operation.error_code,
        error_message=operation.error_message,
    )


async def disconnect(db: AsyncSession, organization_id: uuid.UUID) -> None:
    """Forget the stored credentials; the tenants and their history stay."""
    connection = await connection_of(db, organization_id, for_update=True)
    if connection is not None:
        connection.state = ConnectionState.disconnected
        connection.refresh_token_sealed = None
        connection.reauth_reason = None
        connection.reauth_root_cause = None
        connection.problem = None
