"""Housekeeping of the one-time sign-in states (`OAuthState`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from api.partner_center.models import OAuthState


async def delete_expired_oauth_states(db: AsyncSession, now: datetime) -> int:
    """Forget the states past their lifetime, spent or not: no callback can use them any more.

    Every started sign-in leaves one, and most browsers come back or never do within minutes,
    so without this the table only grows. Returns how many were deleted.
    """
    result = await db.execute(delete(OAuthState).where(OAuthState.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)
