from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from api.audit.service import describe_failure, record
from api.auth.security import digest
from api.db import DbSession, utcnow
from api.deps import AppSettings, HttpClient, Vault, require
from api.operations.models import Operation
from api.partner_center import signin
from api.partner_center.models import ConnectionState, OAuthPurpose, OAuthState
from api.partner_center.schemas import (
    AuthorizationOut,
    ConnectIn,
    ConnectionOut,
    LastSyncOut,
)
from api.partner_center.tokens import connection_of
from api.permissions import Action, Principal

router = APIRouter(prefix="/partner-center", tags=["partner-center"])
REFRESH_TOKEN_WINDOW = timedelta(days=90)


async def _begin(
    db: DbSession,
    request: Request,
    principal: Principal,
    settings: AppSettings,
    vault: Vault,
    http: HttpClient,
    purpose: OAuthPurpose,
    return_to: str,
) -> AuthorizationOut:
    describe_failure(request, action=f"partner_center.{purpose.value}_started")
    url = await signin.start(
        db,
        principal,
        settings=settings,
        vault=vault,
        http=http,
        purpose=purpose,
        return_to=return_to,
    )
    record(
        db,
        request,
        f"partner_center.{purpose.value}_started",
        target_type="partner_connection",
        details={"return_to": return_to},
    )
    return AuthorizationOut(authorization_url=url)


@router.post(
    "/connect",
    operation_id="connect_partner_center",
    summary="Start the Microsoft sign-in that connects Partner Center",
)
async def connect_partner_center(
    body: ConnectIn,
    request: Request,
    db: DbSession,
    settings: AppSettings,
    vault: Vault,
    http: HttpClient,
    principal: Principal = require(Action.partner_center_connect),
) -> AuthorizationOut:
    return await _begin(
        db, request, principal, settings, vault, http, OAuthPurpose.connect, body.return_to
    )


@router.post(
    "/reauthenticate",
    operation_id="reauthenticate_partner_center",
    summary="Sign in again and replace the stored Partner Center credentials",
)
async def reauthenticate_partner_center(
    body: ConnectIn,
    request: Request,
    db: DbSession,
    settings: AppSettings,
    vault: Vault,
    http: HttpClient,
    principal: Principal = require(Action.partner_center_connect),
) -> AuthorizationOut:
    return await _begin(
        db, request, principal, settings, vault, http, OAuthPurpose.reauthenticate, body.return_to
    )


@router.get(
    "/callback",
    operation_id="partner_center_callback",
    summary="Where Microsoft sends the browser back after sign-in",
    status_code=303,
    response_class=RedirectResponse,
    responses={303: {"description": "Back to /portal or /onboarding with the outcome"}},
)
async def partner_center_callback(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    vault: Vault,
    http: HttpClient,
    code: Annotated[str | None, Query(max_length=4096)] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
    error_description: Annotated[str | None, Query(max_length=2000)] = None,
    principal: Principal = require(Action.partner_center_connect),
) -> RedirectResponse:
    base = settings.public_base_url.rstrip("/")
    try:
        outcome = await signin.finish(
            db,
            principal,
            settings=settings,
            vault=vault,
            http=http,
            state=state,
            code=code,
            error=error,
        )
    except signin.SignInRefused as refused:
        record(
            db,
            request,
            "partner_center.sign_in_refused",
            target_type="partner_connection",
            details={"code": refused.code, "message": refused.message},
        )
        return_to = await _return_to(db, state)
        return RedirectResponse(
            f"{base}/{return_to}?partner_center_error={refused.code}", status_code=303
        )
    action = (
        "partner_center.reauthenticated"
        if outcome.purpose is OAuthPurpose.reauthenticate
        else "partner_center.connected"
    )
    record(
        db,
        request,
        action,
        target_type="partner_connection",
        details={"account": outcome.account},
    )
    return RedirectResponse(f"{base}/{outcome.return_to}?partner_center=connected", status_code=303)


async def _return_to(db: DbSession, state: str | None) -> str:
    if not state:
        return "portal"
    found = await db.scalar(
        select(OAuthState.return_to).where(OAuthState.state_hash == digest(state))
    )
    return found or "portal"


@router.get(
    "/connection",
    operation_id="get_partner_center_connection",
    summary="The Partner Center connection: state, account, token age, last sync",
)
async def get_partner_center_connection(
    db: DbSession, principal: Principal = require(Action.partner_center_read)
) -> ConnectionOut:
    connection = await connection_of(db, principal.organization_id)
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
    if connection.last_sync_operation_id:
        operation = await db.get(Operation, connection.last_sync_operation_id)
        if operation is not None:
            out.last_sync = LastSyncOut(
                operation_id=operation.id,
                state=operation.state.value,
                started_at=operation.started_at,
                finished_at=operation.finished_at,
                error_code=operation.error_code,
                error_message=operation.error_message,
            )
    return out


@router.delete(
    "/connection",
    operation_id="disconnect_partner_center",
    summary="Forget the stored Partner Center credentials; tenants stay",
    status_code=204,
)
async def disconnect_partner_center(
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.partner_center_manage),
) -> None:
    describe_failure(request, action="partner_center.disconnected")
    connection = await connection_of(db, principal.organization_id, for_update=True)
    if connection is not None:
        connection.state = ConnectionState.disconnected
        connection.refresh_token_sealed = None
        connection.reauth_reason = None
        connection.reauth_root_cause = None
    record(db, request, "partner_center.disconnected", target_type="partner_connection")
