from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request, Response

from api.audit.service import client_ip, describe_failure, record
from api.auth import service
from api.auth.schemas import LoginIn, MeOut
from api.db import DbSession
from api.deps import AppSettings, RedisClient, check_origin, require
from api.openapi import problems
from api.orgs.service import normalize_email
from api.permissions import Action, Principal

router = APIRouter(prefix="/auth", tags=["auth"])
me_router = APIRouter(tags=["auth"])


@router.post(
    "/login",
    operation_id="login",
    summary="Sign in with e-mail and password",
    responses=problems(401, 403, 429),
)
async def login(
    body: LoginIn,
    request: Request,
    response: Response,
    db: DbSession,
    settings: AppSettings,
    redis: RedisClient,
) -> MeOut:
    describe_failure(request, action="auth.login", actor_label=normalize_email(body.email))
    check_origin(request, settings)
    attempt = service.LoginAttempt(
        email=body.email,
        password=body.password,
        organization_id=body.organization_id,
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent"),
        previous_token=request.cookies.get(settings.session_cookie_name),
    )
    signed_in = await service.log_in(
        db, redis, settings, attempt, note=partial(describe_failure, request)
    )
    principal = signed_in.principal
    request.state.principal = principal
    record(
        db,
        request,
        "auth.login",
        principal=principal,
        target_type="member",
        target_id=principal.member_id,
    )
    response.set_cookie(
        settings.session_cookie_name,
        signed_in.token,
        max_age=settings.session_absolute_timeout_seconds,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    return await service.me(db, principal)


@router.post("/logout", operation_id="logout", summary="End this session", status_code=204)
async def logout(
    request: Request,
    response: Response,
    db: DbSession,
    settings: AppSettings,
    principal: Principal = require(Action.session_end),
) -> None:
    assert principal.session_token_hash is not None
    await service.end_session(db, principal.session_token_hash)
    record(db, request, "auth.logout", target_type="member", target_id=principal.member_id)
    response.delete_cookie(
        settings.session_cookie_name,
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )


@me_router.get("/me", operation_id="get_me", summary="Who is calling, and what they may do")
async def get_me(db: DbSession, principal: Principal = require(Action.me_read)) -> MeOut:
    return await service.me(db, principal)
