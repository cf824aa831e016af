"""Session limits as a person feels them: idle time counts from the last request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from api.auth.models import AuthSession
from api.settings import Settings
from tests.api.conftest import Actor, World

IDLE_SECONDS = 60
ABSOLUTE_SECONDS = 300


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "session_idle_timeout_seconds": IDLE_SECONDS,
            "session_absolute_timeout_seconds": ABSOLUTE_SECONDS,
        }
    )


async def _let_time_pass(world: World, seconds: int) -> None:
    """Move every stored session instant back, as if `seconds` went by on the clock."""
    elapsed = timedelta(seconds=seconds)
    async with world.sessions() as db:
        await db.execute(
            update(AuthSession).values(
                created_at=AuthSession.created_at - elapsed,
                last_seen_at=AuthSession.last_seen_at - elapsed,
                expires_at=AuthSession.expires_at - elapsed,
            )
        )
        await db.commit()


async def _status_after(world: World, actor: Actor, seconds: int) -> int:
    await _let_time_pass(world, seconds)
    return (await actor.get("/api/v1/me")).status_code


class TestIdleTimeout:
    async def test_a_session_used_every_15_seconds_stays_alive(self, world: World) -> None:
        admin = await world.admin()
        # Four idle limits' worth of time, never more than 15 s between two requests.
        statuses = [await _status_after(world, admin, 15) for _ in range(16)]
        assert statuses == [200] * 16

    async def test_a_session_left_alone_past_the_idle_limit_ends(self, world: World) -> None:
        admin = await world.admin()
        assert await _status_after(world, admin, 45) == 200
        response_status = await _status_after(world, admin, IDLE_SECONDS + 1)
        assert response_status == 401

    async def test_the_absolute_limit_ends_even_a_busy_session(self, world: World) -> None:
        admin = await world.admin()
        statuses = [await _status_after(world, admin, 15) for _ in range(ABSOLUTE_SECONDS // 15)]
        assert statuses[:-1] == [200] * (len(statuses) - 1)
        assert statuses[-1] == 401
        assert (await admin.get("/api/v1/me")).json()["code"] == "session_expired"
