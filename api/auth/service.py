"""Server-side sessions and API keys: creating, resolving and ending them."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.models import ApiKey, AuthSession
from api.auth.security import digest, new_token, parse_api_key, same
from api.db import utcnow
from api.errors import NotAuthenticated
from api.orgs.models import Member, User
from api.permissions import Principal
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
    if now - session.last_seen_at > _TOUCH_AFTER:
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
