"""Hostile input on every route: never a 5xx, and every refusal is a problem response."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import FastAPI

from tests.api.conftest import World
from tests.api.routes import api_routes

WRONG_BODIES: list[Any] = [[], "text", 42, None, {"unexpected": "field"}, {"x": "y" * 5000}]
WRONG_VALUES = ["", "-1", "9" * 400, "%00", "' OR 1=1 --", "😀", "null", "[]"]
SKIP = {("POST", "/api/v1/auth/logout")}


def _query_params(app: FastAPI, method: str, path: str) -> list[str]:
    operation = app.openapi()["paths"][path][method.lower()]
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]


async def test_no_route_answers_hostile_input_with_a_server_error(
    world: World, app: FastAPI
) -> None:
    admin = await world.admin()
    failures = []
    for route in api_routes(app):
        if (route.method, route.path) in SKIP:
            continue
        url = route.path
        for param in route.id_params:
            url = url.replace("{" + param + "}", str(uuid.uuid4()))
        attempts: list[dict[str, Any]] = [{"json": body} for body in WRONG_BODIES]
        attempts += [
            {"params": {name: value}}
            for name in _query_params(app, route.method, route.path)
            for value in WRONG_VALUES
        ]
        attempts.append(
            {"content": b"\xff\xfe not json", "headers": {"content-type": "application/json"}}
        )
        for attempt in attempts:
            if route.path.endswith("/events") and "params" not in attempt:
                continue
            response = await admin.request(route.method, url, **attempt)
            if response.status_code >= 500 or (
                response.status_code >= 400
                and response.headers.get("content-type") != "application/problem+json"
            ):
                failures.append((route.method, route.path, attempt, response.status_code))
    assert failures == []


async def test_malformed_path_ids_are_validation_errors(world: World, app: FastAPI) -> None:
    admin = await world.admin()
    for route in api_routes(app):
        if not route.id_params:
            continue
        url = route.path
        for param in route.id_params:
            url = url.replace("{" + param + "}", "not-an-id")
        response = await admin.request(route.method, url, json={})
        assert response.status_code == 422, (route.method, route.path, response.status_code)
        assert response.json()["code"] == "validation_failed"
