"""Signing in, server-side sessions and API keys: creating, resolving and ending them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from redis.asyncio import Redis
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import ratelimit
from api.auth.models import ApiKey, AuthSession
from api.auth.schemas import ApiKeyCreated, ApiKeyOut, MeOut
from api.db import utcnow
from api.errors import NotAuthenticated, NotFound
from api.orgs.models import Member, Organization, User
from api.orgs.schemas import OrganizationOut
from api.orgs.service import normalize_email
from api.permissions import Action, ApiKeyScope, Principal, allowed
from api.security import digest, new_api_key, new_token, parse_api_key, same, verify_password
from api.settings import Settings

# Writing last_seen on every request would turn each read into a write; a minute is precise enough.
_TOUCH_AFTER = timedelta(seconds=60)


async def create_session(
    db: AsyncSession,
    member: Member,
    settings: Settings,
    *,
    ip: str | None,
    user_agent: str | None,
) -> tuple[str, AuthSession]:
    token = new_token()
    now = utcnow()
    row = AuthSession(
        token_hash=digest(token),
        member_id=member.id,
        organization_id=member.organization_id,
        csrf_token=new_token(24),
        last_seen_at=now,
        expires_at=now + timedelta(seconds=settings.session_absolute_timeout_seconds),
        ip=ip,
        user_agent=(user_agent or "")[:400] or None,
    )
    db.add(row)
    await db.flush()
    return token, row


def _session_touch_after(settings: Settings) -> timedelta:
    """How stale a session's last_seen_at may grow before a request writes it again.

    The idle limit counts from it, so it must stay well inside the limit: a tenth of it keeps
    the idle clock within 10 % of the last request (a minute at most, as for API keys).
    """
    return min(_TOUCH_AFTER, timedelta(seconds=settings.session_idle_timeout_seconds) / 10)


async def resolve_session(
    db: AsyncSession, token: str, settings: Settings
) -> tuple[Principal, AuthSession]:
    token_hash = digest(token)
    row = (
        await db.execute(
            select(AuthSession, Member, User)
            .join(Member, Member.id == AuthSession.member_id)
            .join(User, User.id == Member.user_id)
            .where(AuthSession.token_hash == token_hash)
        )
    ).one_or_none()
    if row is None:
        raise NotAuthenticated("Your session has ended. Sign in again.", code="session_expired")
    session, member, user = row
    now = utcnow()
    idle_limit = session.last_seen_at + timedelta(seconds=settings.session_idle_timeout_seconds)
    if session.expires_at <= now or idle_limit <= now or not member.active:
        await db.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash))
        raise NotAuthenticated("Your session has ended. Sign in again.", code="session_expired")
    if now - session.last_seen_at > _session_touch_after(settings):
        session.last_seen_at = now
    principal = Principal(
        organization_id=member.organization_id,
        member_id=member.id,
        role=member.role,
        can_manage_tenants=member.can_manage_tenants,
        session_token_hash=token_hash,
        label=user.email,
    )
    return principal, session


async def end_session(db: AsyncSession, token_hash: bytes) -> None:
    await db.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash))


async def end_member_sessions(db: AsyncSession, member_id: uuid.UUID) -> int:
    result = await db.execute(delete(AuthSession).where(AuthSession.member_id == member_id))
    return int(getattr(result, "rowcount", 0) or 0)


async def delete_expired_sessions(db: AsyncSession, settings: Settings) -> int:
    now = utcnow()
    idle_cutoff = now - timedelta(seconds=settings.session_idle_timeout_seconds)
    result = await db.execute(
        delete(AuthSession).where(
            (AuthSession.expires_at <= now) | (AuthSession.last_seen_at <= idle_cutoff)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def resolve_api_key(db: AsyncSession, raw: str) -> Principal:
    prefix = parse_api_key(raw)
    key = None
    if prefix is not None:
        key = (await db.execute(select(ApiKey).where(ApiKey.prefix == prefix))).scalar_one_or_none()
    if key is None or not same(key.key_hash.hex(), digest(raw).hex()):
        raise NotAuthenticated("The API key is not valid.", code="invalid_api_key")
    if key.revoked_at is not None:
        raise NotAuthenticated("The API key has been revoked.", code="api_key_revoked")
    now = utcnow()
    if key.last_used_at is None or now - key.last_used_at > _TOUCH_AFTER:
        await db.execute(update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=now))
    return Principal(
        organization_id=key.organization_id,
        api_key_id=key.id,
        api_key_scope=key.scope,
        label=f"api-key:{key.name}",
    )


async def find_login(
    db: AsyncSession, email: str, password: str, organization_id: uuid.UUID | None
) -> tuple[User | None, Member | None]:
    """The user whose password matches, and their membership to sign in to (oldest first)."""
    user = (
        await db.execute(select(User).where(User.email == normalize_email(email)))
    ).scalar_one_or_none()
    if not verify_password(user.password_hash if user else None, password) or user is None:
        return user, None
    query = select(Member).where(Member.user_id == user.id).order_by(Member.created_at)
    if organization_id is not None:
        query = query.where(Member.organization_id == organization_id)
    return user, (await db.execute(query.limit(1))).scalar_one_or_none()


@dataclass(frozen=True)
class LoginAttempt:
    email: str
    password: str
    organization_id: uuid.UUID | None
    ip: str | None
    user_agent: str | None
    previous_token: str | None = None


@dataclass(frozen=True)
class SignedIn:
    token: str
    principal: Principal


async def log_in(
    db: AsyncSession,
    redis: Redis,
    settings: Settings,
    attempt: LoginAttempt,
    *,
    note: Callable[..., None],
) -> SignedIn:
    """Check the password under the rate limits and open a fresh session.

    `note` hears who a refused attempt was about (the user, their organization), so the audit
    trail can name them although the sign-in fails.
    """
    email = normalize_email(attempt.email)
    limit, window = settings.login_rate_limit_attempts, settings.login_rate_limit_window_seconds
    await ratelimit.hit(redis, f"login:email:{email}", limit=limit, window_seconds=window)
    await ratelimit.hit(redis, f"login:ip:{attempt.ip}", limit=limit * 10, window_seconds=window)
    user, member = await find_login(db, email, attempt.password, attempt.organization_id)
    if user is not None:
        note(actor_id=user.id)
    if member is None or not member.active:
        if member is not None:
            note(organization_id=member.organization_id)
        raise NotAuthenticated("Wrong e-mail or password.", code="invalid_credentials")
    await ratelimit.reset(redis, f"login:email:{email}")
    # A fresh token at every sign-in: a session id planted before login is worthless after it.
    token, session = await create_session(
        db, member, settings, ip=attempt.ip, user_agent=attempt.user_agent
    )
    if attempt.previous_token:
        await end_session(db, digest(attempt.previous_token))
    principal = Principal(
        organization_id=member.organization_id,
        member_id=member.id,
        role=member.role,
        can_manage_tenants=member.can_manage_tenants,
        session_token_hash=session.token_hash,
        label=user.email if user else email,
    )
    return SignedIn(token=token, principal=principal)


async def me(db: AsyncSession, principal: Principal) -> MeOut:
    """Who is calling, and what they may do."""
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


async def list_api_keys(db: AsyncSession, organization_id: uuid.UUID) -> list[ApiKeyOut]:
    rows = await db.execute(
        select(ApiKey)
        .where(ApiKey.organization_id == organization_id)
        .order_by(ApiKey.created_at, ApiKey.id)
    )
    return [ApiKeyOut.model_validate(k) for k in rows.scalars()]


async def create_api_key(
    db: AsyncSession, principal: Principal, name: str, scope: ApiKeyScope
) -> ApiKeyCreated:
    """A new key; the result carries its secret, which is never readable again."""
    prefix, secret = new_api_key()
    key = ApiKey(
        organization_id=principal.organization_id,
        name=name,
        prefix=prefix,
        key_hash=digest(secret),
        scope=scope,
        created_by_member_id=principal.member_id,
    )
    db.add(key)
    await db.flush()
    return ApiKeyCreated(**ApiKeyOut.model_validate(key).model_dump(), key=secret)


async def revoke_api_key(db: AsyncSession, organization_id: uuid.UUID, key_id: uuid.UUID) -> None:
    """Revoking twice keeps the first revocation's time."""
    key = (
        await db.execute(
            select(ApiKey).where(ApiKey.id == key_id, ApiKey.organization_id == organization_id)
        )
    ).scalar_one_or_none()
    if key is None:
        raise NotFound("No such API key.", code="api_key_not_found")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        await db.flush()
