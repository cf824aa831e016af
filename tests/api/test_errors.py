from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from api.audit.models import AuditEvent
from api.auth.models import ApiKey
from tests.api.conftest import World, client_for


def _is_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["title"]
    assert body["detail"]
    assert body["correlation_id"] == response.headers["x-request-id"]


class TestProblemResponses:
    async def test_malformed_json(self, world: World) -> None:
        admin = await world.admin()
        response = await admin.post(
            "/api/v1/api-keys", content=b'{"name": ', headers={"content-type": "application/json"}
        )
        _is_problem(response, 400, "malformed_json")

    async def test_unknown_fields_are_refused(self, world: World) -> None:
        admin = await world.admin()
        response = await admin.post(
            "/api/v1/api-keys", json={"name": "k", "scope": "read", "admin": True}
        )
        _is_problem(response, 422, "validation_failed")
        assert response.json()["errors"][0]["loc"] == ["body", "admin"]

    async def test_oversized_body_changes_nothing(self, world: World) -> None:
        admin = await world.admin()
        response = await admin.post(
            "/api/v1/api-keys", json={"name": "k" * 2_000_000, "scope": "read"}
        )
        _is_problem(response, 413, "payload_too_large")
        async with world.sessions() as db:
            assert await db.scalar(select(func.count()).select_from(ApiKey)) == 0

    async def test_oversized_chunked_body(self, world: World) -> None:
        admin = await world.admin()

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(40):
                yield b"x" * 65536

        response = await admin.post(
            "/api/v1/api-keys", content=chunks(), headers={"content-type": "application/json"}
        )
        _is_problem(response, 413, "payload_too_large")

    async def test_unknown_route_and_method(self, anon: httpx.AsyncClient) -> None:
        _is_problem(await anon.get("/api/v1/nothing-here"), 404, "route_not_found")
        _is_problem(await anon.put("/api/v1/me"), 405, "method_not_allowed")

    async def test_invalid_id_is_a_validation_error(self, world: World) -> None:
        admin = await world.admin()
        _is_problem(await admin.delete("/api/v1/api-keys/not-a-uuid"), 422, "validation_failed")

    async def test_unauthenticated(self, anon: httpx.AsyncClient) -> None:
        _is_problem(await anon.get("/api/v1/me"), 401, "not_authenticated")

    async def test_caller_request_id_is_kept_and_hostile_one_replaced(
        self, anon: httpx.AsyncClient
    ) -> None:
        kept = await anon.get("/healthz", headers={"X-Request-ID": "abc-123"})
        assert kept.headers["x-request-id"] == "abc-123"
        replaced = await anon.get("/healthz", headers={"X-Request-ID": "<script>"})
        assert replaced.headers["x-request-id"] != "<script>"


class TestUnexpectedErrors:
    async def test_500_has_a_correlation_id_and_no_internals(
        self, world: World, app: FastAPI
    ) -> None:
        async def explode() -> None:
            raise RuntimeError("database password is hunter2")

        app.add_api_route("/api/v1/explode", explode, methods=["POST"])
        async with client_for(app) as client:
            response = await client.post("/api/v1/explode")
        _is_problem(response, 500, "internal_error")
        assert "hunter2" not in response.text
        assert "Traceback" not in response.text
        async with world.sessions() as db:
            event = (
                await db.execute(select(AuditEvent).where(AuditEvent.status_code == 500))
            ).scalar_one()
        assert event.correlation_id == response.headers["x-request-id"]
