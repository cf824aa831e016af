"""`petra rotate-key`: re-encrypt every sealed secret under the first TOKEN_ENCRYPTION_KEYS key."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.partner_center.models import OAuthState, PartnerConnection
from api.vault import TokenVault


async def rotate_all(db: AsyncSession, vault: TokenVault) -> int:
    """Rows are locked while rewritten, so a concurrent token rotation cannot be lost."""
    rotated = 0
    connections = await db.execute(
        select(PartnerConnection)
        .where(PartnerConnection.refresh_token_sealed.is_not(None))
        .with_for_update()
    )
    for connection in connections.scalars():
        assert connection.refresh_token_sealed is not None
        connection.refresh_token_sealed = vault.rotate(connection.refresh_token_sealed)
        rotated += 1
    states = await db.execute(
        select(OAuthState).where(OAuthState.used_at.is_(None)).with_for_update()
    )
    for state in states.scalars():
        if state.code_verifier_sealed is None:
            continue
        state.code_verifier_sealed = vault.rotate(state.code_verifier_sealed)
        rotated += 1
    await db.flush()
    return rotated
