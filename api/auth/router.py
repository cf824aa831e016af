from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from api.audit.service import client_ip, describe_failure, record
from api.auth import ratelimit
from api.auth.models import AuthSession
from api.auth.schemas import LoginIn, MeOut
from api.auth.security import digest
from api.auth.service import create_session, end_session
from api.db import DbSession
from api.deps import AppSettings, RedisClient, check_origin, require
from api.errors import NotAuthenticated
from api.orgs.models import Member, Organization, User
from api.orgs.schemas import OrganizationOut
from api.orgs.service import find_login, normalize_email
from api.permissions import Action, Principal, allowed

router = APIRouter(prefix="/auth", tags=["auth"])
me_router = APIRouter(tags=["auth"])


async def me_out(db: DbSession, principal: Principal) -> MeOut:
    org = await db.get_one(Organization, principal.organization_id)
    out = MeOut(
        organization=OrganizationOut.model_validate(org),
        actor_type=principal.actor_type,
        api_key_id=principal.api_key_id,
        api_key_scope=principal.api_key_scope,
        role=principal.role,
        member_id=principal.member_id,
        can_manage_tenants=principal.can_manage_tenants,
        permissions=sorted(a.value for a in Action if allowed(principal, a)),
    )
    if principal.member_id is not None:
        user = (
            await db.execute(
                select(User)
                .join(Member, Member.user_id == User.id)
                .where(Member.id == principal.member_id)
            )
        ).scalar_one()
        out.email, out.display_name = user.email, user.display_name
    if principal.session_token_hash is not None:
        session = await db.get_one(AuthSession, principal.session_token_hash)
        out.csrf_token = session.csrf_token
    return out


@router.post("/login", operation_id="login", summary="Sign in with e-mail and password")
async def login(
    body: LoginIn,
    request: Request,
    response: Response,
    db: DbSession,
    settings: AppSettings,
    redis: RedisClient,
) -> MeOut:
    email = normalize_email(body.email)
    describe_failure(request, action="auth.login", actor_label=email)
    check_origin(request, settings)
    limit, window = settings.login_rate_limit_attempts, settings.login_rate_limit_window_seconds
    await ratelimit.hit(redis, f"login:email:{email}", limit=limit, window_seconds=window)
    await ratelimit.hit(
        redis, f"login:ip:{client_ip(request)}", limit=limit * 10, window_seconds=window
    )
    user, member = await find_login(db, email, body.password, body.organization_id)
    if user is not None:
        describe_failure(request, actor_id=user.id)
    if member is None or not member.active:
        if member is not None:
            describe_failure(request, organization_id=member.organization_id)
        raise NotAuthenticated("Wrong e-mail or password.", code="invalid_credentials")
    await ratelimit.reset(redis, f"login:email:{email}")
    # A fresh token at every sign-in: a session id planted before login is worthless after it.
    old = request.cookies.get(settings.session_cookie_name)
    token, session = await create_session(
        db, member, settings, ip=client_ip(request), user_agent=request.headers.get("user-agent")
    )
    if old:
        await end_session(db, digest(old))
    principal = Principal(
        organization_id=member.organization_id,
        member_id=member.id,
        role=member.role,
        can_manage_tenants=member.can_manage_tenants,
        session_token_hash=session.token_hash,
        label=user.email if user else email,
    )
    request.state.principal = principal
    record(
        db, request, "auth.login", principal=principal, target_type="member", target_id=member.id
    )
    response.set_cookie(
        settings.session_cookie_name,
        token,
        max_age=settings.session_absolute_timeout_seconds,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    return await me_out(db, principal)


@router.post("/logout", operation_id="logout", summary="End this session", status_code=204)
async def logout(
    request: Request,
    response: Response,
    db: DbSession,
    settings: AppSettings,
    principal: Principal = require(Action.session_end),
) -> None:
    assert principal.session_token_hash is not None
    await end_session(db, principal.session_token_hash)
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
    return await me_out(db, principal)
