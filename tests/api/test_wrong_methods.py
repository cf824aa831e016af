"""A method a path does not offer answers 405, and `Allow` names every method the path offers."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
import yaml

from api.cli import openapi_document
from tests.api.conftest import Actor, World

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _paths() -> dict[str, set[str]]:
    document: dict[str, Any] = yaml.safe_load(openapi_document())
    return {path: {m.upper() for m in item} for path, item in document["paths"].items()}


def _allowed(response: httpx.Response) -> set[str]:
    return {method.strip() for method in response.headers["allow"].split(",")}


def _refused(response: httpx.Response, allowed: set[str]) -> None:
    assert response.status_code == 405, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "method_not_allowed"
    assert _allowed(response) == allowed


@pytest.fixture
async def admin(world: World) -> Actor:
    return await world.admin()


class TestWrongMethods:
    async def test_allow_names_every_method_of_the_path(self, admin: Actor) -> None:
        # FastAPI makes one route per method: Allow used to name only the first one's.
        member = f"/api/v1/members/{admin.member_id}"
        _refused(await admin.request("PUT", member), {"PATCH", "DELETE"})
        connection = "/api/v1/partner-center/connection"
        _refused(await admin.request("PUT", connection), {"GET", "DELETE"})
        _refused(await admin.delete("/api/v1/tenants"), {"GET"})
        _refused(await admin.request("PUT", "/api/v1/me"), {"GET"})

    async def test_a_literal_path_is_not_taken_for_an_id(self, admin: Actor) -> None:
        # `/tenants/{tenant_id}` matches `/tenants/sync`: these were 422s about a tenant id.
        _refused(await admin.patch("/api/v1/tenants/sync", json={"excluded": True}), {"POST"})
        _refused(await admin.get("/api/v1/tenants/sync"), {"POST"})
        _refused(await admin.patch("/api/v1/tenants/export.csv", json={}), {"GET"})
        malformed = await admin.get("/api/v1/tenants/not-a-guid")
        assert malformed.status_code == 422

    async def test_a_get_the_pages_would_catch_is_refused(self, anon: httpx.AsyncClient) -> None:
        # The SPA serves GET on any path, and used to answer these with 404.
        _refused(await anon.get("/api/v1/auth/login"), {"POST"})
        _refused(await anon.get("/api/v1/partner-center/connect"), {"POST"})

    async def test_unknown_api_paths_are_not_found_whatever_the_method(
        self, anon: httpx.AsyncClient
    ) -> None:
        for method in METHODS:
            response = await anon.request(method, "/api/v1/nothing-here")
            assert response.status_code == 404, method
            assert response.json()["code"] == "route_not_found"
            assert "allow" not in response.headers

    async def test_every_path_of_the_contract(self, admin: Actor) -> None:
        for template, offered in _paths().items():
            path = template.replace("{", "").replace("}", "")
            for name in ("member_id", "key_id", "tenant_id", "operation_id"):
                path = path.replace(name, str(uuid.uuid4()))
            for method in sorted(set(METHODS) - offered):
                response = await admin.request(method, path)
                assert response.status_code == 405, (method, template, response.text)
                assert _allowed(response) == offered, (method, template)
