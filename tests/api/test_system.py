from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from pydantic import SecretStr

from api.main import create_app
from api.settings import Settings
from tests.api.conftest import client_for

SCRAPE_TOKEN = "scrape-token-for-tests"
COUNTED = 'petra_http_requests_total{method="GET",route="get_me",status="401"}'


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"metrics_token": SecretStr(SCRAPE_TOKEN)})


@asynccontextmanager
async def _served(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_app(settings)
    async with LifespanManager(app), client_for(app) as client:
        yield client


class TestProbes:
    async def test_healthz_and_readyz(self, anon: httpx.AsyncClient) -> None:
        assert (await anon.get("/healthz")).json() == {"status": "ok"}
        ready = await anon.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ok"}

    async def test_readyz_says_not_ready_and_nothing_more(self, settings: Settings) -> None:
        broken = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
        async with _served(broken) as client:
            ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json() == {"status": "unavailable"}


class TestMetrics:
    async def test_the_scrape_token_reads_request_counts(self, anon: httpx.AsyncClient) -> None:
        await anon.get("/api/v1/me")
        response = await anon.get("/metrics", headers={"Authorization": f"Bearer {SCRAPE_TOKEN}"})
        assert response.status_code == 200
        assert COUNTED in response.text

    @pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", SCRAPE_TOKEN])
    async def test_anyone_else_finds_nothing(
        self, anon: httpx.AsyncClient, authorization: str | None
    ) -> None:
        headers = {"Authorization": authorization} if authorization else {}
        response = await anon.get("/metrics", headers=headers)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert "petra_" not in response.text

    @pytest.mark.parametrize(
        ("networks", "status"), [("127.0.0.0/8", 200), ("10.0.0.0/8, ::1/128", 404)]
    )
    async def test_an_allowed_network_scrapes_without_a_token(
        self, settings: Settings, networks: str, status: int
    ) -> None:
        # The test client's address is 127.0.0.1.
        configured = settings.model_copy(
            update={"metrics_token": SecretStr(""), "metrics_allow_networks": networks}
        )
        async with _served(configured) as client:
            assert (await client.get("/metrics")).status_code == status


def _csp(response: httpx.Response) -> dict[str, list[str]]:
    directives = (d.split() for d in response.headers["content-security-policy"].split(";"))
    return {d[0]: d[1:] for d in directives if d}


class TestSecurityHeaders:
    @pytest.mark.parametrize("path", ["/api/v1/me", "/portal", "/healthz", "/api/docs"])
    async def test_every_response_forbids_framing_sniffing_and_referrer_leaks(
        self, anon: httpx.AsyncClient, path: str
    ) -> None:
        response = await anon.get(path)
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert _csp(response)["frame-ancestors"] == ["'none'"]

    async def test_api_answers_may_run_nothing(self, anon: httpx.AsyncClient) -> None:
        policy = _csp(await anon.get("/api/v1/me"))
        assert policy["default-src"] == ["'none'"]

    async def test_the_spa_runs_only_its_own_scripts(self, anon: httpx.AsyncClient) -> None:
        response = await anon.get("/portal")
        policy = _csp(response)
        assert policy["script-src"] == ["'self'"]
        # The built page must not need what the policy forbids.
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.text) == []
