"""The partner's refresh token as the Microsoft clients see it: sealed in PostgreSQL."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db import utcnow
from api.partner_center.models import ConnectionState, PartnerConnection
from api.partner_center.vault import TokenVault, connection_binding


class NotConnected(Exception):
    """The organization has no usable Partner Center sign-in."""


class DbRefreshTokenStore:
    """Each write is its own short transaction: a rotated token must outlive a failing job."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        vault: TokenVault,
        organization_id: uuid.UUID,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.vault = vault
        self.organization_id = organization_id
        self.binding = connection_binding(organization_id)

    async def load(self) -> str:
        async with self.sessionmaker() as db:
            sealed = await db.scalar(
                select(PartnerConnection.refresh_token_sealed).where(
                    PartnerConnection.organization_id == self.organization_id,
                    PartnerConnection.state == ConnectionState.connected,
                )
            )
        if sealed is None:
            raise NotConnected("Partner Center is not connected")
        return self.vault.open(sealed, bound_to=self.binding)

    async def save(self, refresh_token: str) -> None:
        async with self.sessionmaker() as db:
            await db.execute(
                update(PartnerConnection)
                .where(
                    PartnerConnection.organization_id == self.organization_id,
                    PartnerConnection.state == ConnectionState.connected,
                )
                .values(
                    refresh_token_sealed=self.vault.seal(refresh_token, bound_to=self.binding),
                    last_refreshed_at=utcnow(),
                )
            )
            await db.commit()


class MemoryRefreshTokenStore:
    """Holds a just-redeemed token while the callback checks the account, before it is stored."""

    def __init__(self, refresh_token: str) -> None:
        self.refresh_token = refresh_token

    async def load(self) -> str:
        return self.refresh_token

    async def save(self, refresh_token: str) -> None:
        self.refresh_token = refresh_token


async def mark_needs_reauth(
    db: AsyncSession, organization_id: uuid.UUID, *, reason: str, root_cause: str
) -> None:
    await db.execute(
        update(PartnerConnection)
        .where(
            PartnerConnection.organization_id == organization_id,
            PartnerConnection.state == ConnectionState.connected,
        )
        .values(
            state=ConnectionState.needs_reauth,
            reauth_reason=reason[:500],
            reauth_root_cause=root_cause[:80],
        )
    )
