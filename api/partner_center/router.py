from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from redis.asyncio import Redis

from api.audit.service import describe_failure, record
from api.auth import ratelimit
from api.db import DbSession
from api.deps import AppResources, AppSettings, HttpClient, RedisClient, Vault, require
from api.openapi import problems
from api.partner_center import service, signin
from api.partner_center.models import OAuthPurpose
from api.partner_center.schemas import (
    AuthorizationOut,
    ConnectIn,
    ConnectionCheckOut,
    ConnectionOut,
)
from api.permissions import Action, Principal
from api.schemas import Text

router = APIRouter(prefix="/partner-center", tags=["partner-center"])


async def _begin(
    db: DbSession,
    request: Request,
    principal: Principal,
    settings: AppSettings,
    vault: Vault,
    http: HttpClient,
    redis: Redis,
    purpose: OAuthPurpose,
    return_to: str,
) -> AuthorizationOut:
    describe_failure(request, action=f"partner_center.{purpose.value}_started")
    await ratelimit.hit_sign_in_start(redis, settings, principal.member_id)
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
    responses=problems(429),
)
async def connect_partner_center(
    body: ConnectIn,
    request: Request,
    db: DbSession,
    settings: AppSettings,
    vault: Vault,
    http: HttpClient,
    redis: RedisClient,
    principal: Principal = require(Action.partner_center_connect),
) -> AuthorizationOut:
    return await _begin(
        db, request, principal, settings, vault, http, redis, OAuthPurpose.connect, body.return_to
    )


@router.post(
    "/reauthenticate",
    operation_id="reauthenticate_partner_center",
    summary="Sign in again and replace the stored Partner Center credentials",
    responses=problems(429),
)
async def reauthenticate_partner_center(
    body: ConnectIn,
    request: Request,
    db: DbSession,
    settings: AppSettings,
    vault: Vault,
    http: HttpClient,
    redis: RedisClient,
    principal: Principal = require(Action.partner_center_connect),
) -> AuthorizationOut:
    return await _begin(
        db,
        request,
        principal,
        settings,
        vault,
        http,
        redis,
        OAuthPurpose.reauthenticate,
        body.return_to,
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
    code: Annotated[Text | None, Query(max_length=4096)] = None,
    state: Annotated[Text | None, Query(max_length=200)] = None,
    error: Annotated[Text | None, Query(max_length=200)] = None,
    error_description: Annotated[Text | None, Query(max_length=2000)] = None,
    principal: Principal = require(Action.partner_center_connect),
) -> RedirectResponse:
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
    base = settings.public_base_url.rstrip("/")
    if outcome.error:
        record(
            db,
            request,
            "partner_center.sign_in_refused",
            target_type="partner_connection",
            details={"code": outcome.error, "message": outcome.message},
        )
        return RedirectResponse(
            f"{base}/{outcome.return_to}?partner_center_error={outcome.error}", status_code=303
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


@router.get(
    "/connection",
    operation_id="get_partner_center_connection",
    summary="The Partner Center connection: state, account, token age, last sync",
)
async def get_partner_center_connection(
    db: DbSession, principal: Principal = require(Action.partner_center_read)
) -> ConnectionOut:
    return await service.connection_status(db, principal.organization_id)


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
    await service.disconnect(db, principal.organization_id)
    record(db, request, "partner_center.disconnected", target_type="partner_connection")


@router.post(
    "/connection/check",
    operation_id="check_partner_center_connection",
    summary="Check what the Partner Center sign-in can do: account, MFA, AdminAgents, GDAP groups",
    responses=problems(409),
)
async def check_partner_center_connection(
    request: Request,
    db: DbSession,
    resources: AppResources,
    principal: Principal = require(Action.partner_center_connect),
) -> ConnectionCheckOut:
    describe_failure(request, action="partner_center.connection_checked")
    found = await service.check_connection(db, principal.organization_id, resources)
    record(
        db,
        request,
        "partner_center.connection_checked",
        target_type="partner_connection",
        details={
            "ok": found.ok,
            "account": found.account,
            "mfa": found.mfa,
            "admin_agent": found.admin_agent,
            "gdap_groups": found.gdap_groups,
            "problem": found.problem.label if found.problem else None,
        },
    )
    return found
