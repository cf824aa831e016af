"""Behind a load balancer: the client is who the trusted proxy says, and nobody else can say."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api import cli
from api.audit.models import AuditEvent
from api.settings import Settings
from tests.api.conftest import client_for

# The sign-in limit per address is ten times the per-e-mail one.
PER_EMAIL = 2
PER_ADDRESS = PER_EMAIL * 10


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    trusted = getattr(request, "param", "")
    return settings.model_copy(
        update={"login_rate_limit_attempts": PER_EMAIL, "trusted_proxies": trusted}
    )


async def _failed_sign_ins(app: FastAPI, count: int) -> list[int]:
    """`count` wrong passwords, each for another e-mail, each claiming another client address."""
    statuses = []
    async with client_for(app) as client:  # its socket address is 127.0.0.1
        for n in range(count):
            response = await client.post(
                "/api/v1/auth/login",
                json={"email": f"nobody-{uuid.uuid4().hex[:8]}@example.com", "password": "x"},
                headers={"X-Forwarded-For": f"203.0.113.{n + 1}"},
            )
            statuses.append(response.status_code)
    return statuses


class TestWithoutTrustedProxies:
    async def test_rotating_x_forwarded_for_does_not_escape_the_per_address_limit(
        self, app: FastAPI
    ) -> None:
        statuses = await _failed_sign_ins(app, PER_ADDRESS + 1)
        assert statuses == [401] * PER_ADDRESS + [429]

    @pytest.mark.parametrize("settings", ["10.0.0.0/8"], indirect=True)
    async def test_a_peer_outside_the_trusted_networks_is_not_believed(
        self, app: FastAPI, db_sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        statuses = await _failed_sign_ins(app, PER_ADDRESS + 1)
        assert statuses[-1] == 429
        async with db_sessions() as db:
            addresses = set((await db.execute(select(AuditEvent.ip))).scalars())
        assert addresses == {"127.0.0.1"}


class TestBehindATrustedProxy:
    @pytest.mark.parametrize("settings", ["127.0.0.1", "127.0.0.0/8, 10.0.0.1"], indirect=True)
    async def test_each_client_has_its_own_limit_and_its_own_address(
        self, app: FastAPI, db_sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        statuses = await _failed_sign_ins(app, PER_ADDRESS + 1)
        assert statuses == [401] * (PER_ADDRESS + 1)
        async with db_sessions() as db:
            addresses = set((await db.execute(select(AuditEvent.ip))).scalars())
        assert addresses == {f"203.0.113.{n + 1}" for n in range(PER_ADDRESS + 1)}


def test_petra_serve_leaves_forwarded_headers_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn's own handling would believe any X-Forwarded-For arriving from 127.0.0.1."""
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    cli.serve(host="127.0.0.1", port=8000, workers=1)
    assert seen["proxy_headers"] is False
