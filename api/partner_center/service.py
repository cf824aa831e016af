"""The Partner Center connection as the portal shows it, and forgetting it."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.operations.models import Operation
from api.partner_center.models import ConnectionState, PartnerConnection
from api.partner_center.schemas import ConnectionOut, LastSyncOut
from api.partner_center.tokens import connection_of

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
    if connection.state is ConnectionState.connected and connection.last_refreshed_at:
        left = connection.last_refreshed_at + REFRESH_TOKEN_WINDOW - utcnow()
        out.refresh_token_days_left = max(0, left.days)
    out.last_sync = await _last_sync(db, connection)
    return out


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
