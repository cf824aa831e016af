"""Starting Partner Center sign-ins is rate limited, and their spent states do not pile up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db import utcnow
from api.partner_center.models import OAuthState
from api.partner_center.oauth_states import delete_expired_oauth_states
from api.permissions import Role
from api.settings import Settings
from tests.api.conftest import World

ATTEMPTS = 3


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"partner_center_connect_rate_limit_attempts": ATTEMPTS})


class TestSignInStartLimit:
    async def test_connect_and_reauthenticate_share_one_budget_per_member(
        self, world: World
    ) -> None:
        admin = await world.admin()
        statuses = []
        for path in ["connect", "reauthenticate"] * ATTEMPTS:
            response = await admin.post(
                f"/api/v1/partner-center/{path}", json={"return_to": "portal"}
            )
            statuses.append(response.status_code)
        assert statuses == [200] * ATTEMPTS + [429] * ATTEMPTS
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "rate_limited"
        assert 0 < int(response.headers["retry-after"]) <= 600

    async def test_another_member_keeps_their_own(self, world: World) -> None:
        admin = await world.admin()
        colleague = await world.login(await world.member(admin.organization_id, Role.admin))
        for _ in range(ATTEMPTS + 1):
            await admin.post("/api/v1/partner-center/connect", json={"return_to": "portal"})
        response = await colleague.post(
            "/api/v1/partner-center/connect", json={"return_to": "portal"}
        )
        assert response.status_code == 200


class TestExpiredOAuthStates:
    async def test_only_states_past_their_lifetime_are_deleted(
        self, world: World, db_sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        admin = await world.admin()
        for _ in range(3):
            await admin.post("/api/v1/partner-center/connect", json={"return_to": "portal"})
        async with db_sessions() as db:
            oldest = (await db.execute(select(OAuthState.state_hash).limit(2))).scalars().all()
            await db.execute(
                update(OAuthState)
                .where(OAuthState.state_hash.in_(oldest))
                .values(expires_at=utcnow() - timedelta(seconds=1))
            )
            deleted = await delete_expired_oauth_states(db, utcnow())
            await db.commit()
            left = await db.scalar(select(func.count()).select_from(OAuthState))
        assert (deleted, left) == (2, 1)
