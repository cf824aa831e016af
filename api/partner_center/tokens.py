"""The partner's refresh token as the Microsoft clients see it: sealed in PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db import utcnow
from api.partner_center.models import ConnectionState, PartnerConnection
from api.vault import TokenVault, VaultError, connection_binding


class NotConnected(Exception):
    """The organization has no usable Partner Center sign-in."""


class DbRefreshTokenStore:
    """Each write is its own short transaction: a rotated token must outlive a failing job.

    The store belongs to one sign-in (its connected_at): after a reauthentication, a job still
    holding the previous sign-in can neither read nor overwrite the new credentials.
    """

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        vault: TokenVault,
        organization_id: uuid.UUID,
        *,
        connected_at: datetime | None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.vault = vault
        self.organization_id = organization_id
        self.connected_at = connected_at
        self.binding = connection_binding(organization_id)

    def _this_sign_in(self) -> ColumnElement[bool]:
        return and_(
            PartnerConnection.organization_id == self.organization_id,
            PartnerConnection.state == ConnectionState.connected,
            PartnerConnection.connected_at == self.connected_at,
        )

    async def load(self) -> str:
        async with self.sessionmaker() as db:
            sealed = await db.scalar(
                select(PartnerConnection.refresh_token_sealed).where(self._this_sign_in())
            )
        if sealed is None:
            raise NotConnected("Partner Center is not connected")
        try:
            return self.vault.open(sealed, bound_to=self.binding)
        except VaultError as exc:
            # A key removed from TOKEN_ENCRYPTION_KEYS too early, or a row that was tampered
            # with: only a new sign-in can recover, so it is reported as one.
            raise NotConnected(
                "The stored Partner Center sign-in cannot be decrypted; reauthenticate."
            ) from exc

    async def save(self, refresh_token: str) -> None:
        async with self.sessionmaker() as db:
            await db.execute(
                update(PartnerConnection)
                .where(self._this_sign_in())
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


async def connection_of(
    db: AsyncSession, organization_id: uuid.UUID, *, for_update: bool = False
) -> PartnerConnection | None:
    """The organization's Partner Center connection row; None if it never connected."""
    query = select(PartnerConnection).where(PartnerConnection.organization_id == organization_id)
    if for_update:
        query = query.with_for_update()
    return (await db.execute(query)).scalar_one_or_none()


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
