"""Keeping partner sign-ins alive: Microsoft expires a refresh token after 90 days unused."""

from __future__ import annotations

from datetime import timedelta

import structlog
from sqlalchemy import select

from api.microsoft.errors import MicrosoftError, SignInError
from api.microsoft.identity import GRAPH_DEFAULT
from api.partner_center.clients import clients_for_sign_in
from api.partner_center.models import ConnectionState, PartnerConnection
from api.partner_center.problems import error_record, record_problem
from api.partner_center.tokens import mark_needs_reauth
from api.resources import Resources

log = structlog.get_logger(__name__)
# Refreshing weekly keeps a sign-in far inside Microsoft's 90-day inactivity window.
REFRESH_AFTER = timedelta(days=7)


async def refresh_idle_sign_ins(resources: Resources) -> int:
    """Refresh every connected sign-in unused for a week; returns how many were refreshed."""
    cutoff = resources.clock() - REFRESH_AFTER
    async with resources.sessionmaker() as db:
        due = list(
            (
                await db.execute(
                    select(PartnerConnection).where(
                        PartnerConnection.state == ConnectionState.connected,
                        PartnerConnection.last_refreshed_at < cutoff,
                    )
                )
            ).scalars()
        )
    refreshed = 0
    for connection in due:
        if await _refresh_one(resources, connection):
            refreshed += 1
    log.info("partner_tokens_refreshed", refreshed=refreshed, due=len(due))
    return refreshed


async def _refresh_one(resources: Resources, connection: PartnerConnection) -> bool:
    assert connection.partner_tenant_id is not None
    clients = clients_for_sign_in(
        resources, connection.organization_id, connection.partner_tenant_id, connection.connected_at
    )
    try:
        # A fresh token for the partner tenant rotates (and stores) the refresh token.
        clients.tokens.invalidate(connection.partner_tenant_id)
        await clients.tokens.access_token(connection.partner_tenant_id, GRAPH_DEFAULT)
    except SignInError as exc:
        async with resources.transaction() as db:
            await record_problem(db, connection.organization_id, error_record(exc))
            await mark_needs_reauth(
                db,
                connection.organization_id,
                reason=exc.root_cause.explanation,
                root_cause=exc.root_cause.label,
            )
        return False
    except MicrosoftError as exc:
        log.warning("partner_token_refresh_failed", code=exc.code, root_cause=exc.root_cause.label)
        return False
    return True
