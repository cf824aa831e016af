from __future__ import annotations

import httpx
from fastapi import FastAPI

from api.main import create_app
from api.settings import Settings
from tests.api.conftest import client_for


class TestProbes:
    async def test_healthz_and_readyz(self, anon: httpx.AsyncClient) -> None:
        assert (await anon.get("/healthz")).json() == {"status": "ok", "checks": {}}
        ready = await anon.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"postgresql": "ok", "redis": "ok"}

    async def test_readyz_reports_an_unreachable_redis(self, settings: Settings) -> None:
        from asgi_lifespan import LifespanManager

        broken = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
        app: FastAPI = create_app(broken)
        async with LifespanManager(app), client_for(app) as client:
            ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["postgresql"] == "ok"
        assert ready.json()["checks"]["redis"].startswith("unreachable")

    async def test_metrics_count_requests_by_route(self, anon: httpx.AsyncClient) -> None:
        await anon.get("/api/v1/me")
        text = (await anon.get("/metrics")).text
        assert 'petra_http_requests_total{method="GET",route="get_me",status="401"}' in text

    async def test_spa_is_served_at_the_root(self, anon: httpx.AsyncClient) -> None:
        response = await anon.get("/portal")
        assert response.status_code == 200
        assert "text/html" in response.headers["content-type"]
