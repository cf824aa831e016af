"""Hostile input on every route: never a 5xx, and every refusal is a problem response."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.audit.models import AuditEvent
from tests.api.conftest import World
from tests.api.routes import Route, api_routes

NUL = "a\x00b"
# Past PostgreSQL's integer, past its bigint, and below its bigint.
OUT_OF_RANGE = [2**31, 2**63, -(2**63) - 1]
WRONG_BODIES: list[Any] = [[], "text", 42, None, {"unexpected": "field"}, {"x": "y" * 5000}]
WRONG_VALUES = ["", "-1", "9" * 400, "%00", "' OR 1=1 --", "😀", "null", "[]", NUL, "\x00"]
WRONG_VALUES += [str(n) for n in OUT_OF_RANGE]
SKIP = {("POST", "/api/v1/auth/logout")}


def _resolve(app: FastAPI, schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        resolved: dict[str, Any] = app.openapi()["components"]["schemas"][name]
        return resolved
    return schema


def _operation(app: FastAPI, route: Route) -> dict[str, Any]:
    operation: dict[str, Any] = app.openapi()["paths"][route.path][route.method.lower()]
    return operation


def _query_params(app: FastAPI, route: Route) -> dict[str, dict[str, Any]]:
    return {
        p["name"]: p["schema"]
        for p in _operation(app, route).get("parameters", [])
        if p["in"] == "query"
    }


def _body_fields(app: FastAPI, route: Route) -> dict[str, dict[str, Any]]:
    content = _operation(app, route).get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return {}
    properties: dict[str, dict[str, Any]] = _resolve(
        app, content["application/json"]["schema"]
    ).get("properties", {})
    return properties


def _is_integer(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf", [schema])
    return any(option.get("type") == "integer" for option in options)


def _url(route: Route) -> str:
    url = route.path
    for param in route.id_params:
        url = url.replace("{" + param + "}", str(uuid.uuid4()))
    return url


def _names(response: httpx.Response) -> set[str]:
    """The fields a 422 problem response names."""
    return {str(error["loc"][-1]) for error in response.json().get("errors", [])}


async def test_no_route_answers_hostile_input_with_a_server_error(
    world: World, app: FastAPI
) -> None:
    admin = await world.admin()
    failures = []
    for route in api_routes(app):
        if (route.method, route.path) in SKIP:
            continue
        attempts: list[dict[str, Any]] = [{"json": body} for body in WRONG_BODIES]
        attempts += [
            {"json": {field: value}}
            for field in _body_fields(app, route)
            for value in [NUL, *OUT_OF_RANGE]
        ]
        attempts += [
            {"params": {name: value}}
            for name in _query_params(app, route)
            for value in WRONG_VALUES
        ]
        attempts.append(
            {"content": b"\xff\xfe not json", "headers": {"content-type": "application/json"}}
        )
        for attempt in attempts:
            if route.path.endswith("/events") and "params" not in attempt:
                continue
            response = await admin.request(route.method, _url(route), **attempt)
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


class TestWhatPostgresCannotStore:
    """A NUL character or an integer past PostgreSQL's range is a 422 naming the field."""

    async def test_every_query_parameter_refuses_nul_bytes(
        self, world: World, app: FastAPI
    ) -> None:
        admin = await world.admin()
        unnamed = []
        for route in api_routes(app):
            for name in _query_params(app, route):
                response = await admin.request(route.method, _url(route), params={name: NUL})
                if response.status_code != 422 or name not in _names(response):
                    unnamed.append((route.path, name, response.status_code))
        assert unnamed == []

    async def test_every_integer_query_parameter_refuses_values_out_of_range(
        self, world: World, app: FastAPI
    ) -> None:
        admin = await world.admin()
        unnamed = []
        for route in api_routes(app):
            for name, schema in _query_params(app, route).items():
                if not _is_integer(schema):
                    continue
                for value in OUT_OF_RANGE:
                    response = await admin.request(route.method, _url(route), params={name: value})
                    if response.status_code != 422 or name not in _names(response):
                        unnamed.append((route.path, name, value, response.status_code))
        assert unnamed == []

    async def test_every_body_field_refuses_nul_bytes_and_integers_out_of_range(
        self, world: World, app: FastAPI
    ) -> None:
        admin = await world.admin()
        unnamed = []
        for route in api_routes(app):
            for field, schema in _body_fields(app, route).items():
                values: list[Any] = [NUL, *(OUT_OF_RANGE if _is_integer(schema) else [])]
                for value in values:
                    response = await admin.request(route.method, _url(route), json={field: value})
                    if response.status_code != 422 or field not in _names(response):
                        unnamed.append((route.path, field, value, response.status_code))
        assert unnamed == []

    @pytest.mark.parametrize(
        ("method", "url", "request_args", "field"),
        [
            ("GET", "/api/v1/tenants", {"params": {"q": NUL}}, "q"),
            ("GET", "/api/v1/tenants/export.csv", {"params": {"q": NUL}}, "q"),
            ("GET", "/api/v1/audit-events", {"params": {"action": NUL}}, "action"),
            ("GET", "/api/v1/audit-events/export.csv", {"params": {"target_id": NUL}}, "target_id"),
            ("GET", "/api/v1/audit-events", {"params": {"cursor": NUL}}, "cursor"),
            ("POST", "/api/v1/api-keys", {"json": {"name": NUL, "scope": "read"}}, "name"),
            (
                "POST",
                "/api/v1/members",
                {"json": {"email": "x@example.com", "display_name": NUL, "role": "admin"}},
                "display_name",
            ),
        ],
    )
    async def test_named_fields(
        self, world: World, method: str, url: str, request_args: dict[str, Any], field: str
    ) -> None:
        admin = await world.admin()
        response = await admin.request(method, url, **request_args)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert field in _names(response)

    async def test_member_display_name_update(self, world: World) -> None:
        admin = await world.admin()
        response = await admin.patch(
            f"/api/v1/members/{admin.member_id}", json={"display_name": NUL}
        )
        assert response.status_code == 422
        assert "display_name" in _names(response)
        assert (await admin.get("/api/v1/me")).json()["display_name"] != NUL


def _tenant_cursor(sort: str, value: Any) -> str:
    raw = json.dumps([sort, False, value, str(uuid.uuid4())])
    return base64.urlsafe_b64encode(raw.encode()).decode()


class TestCursors:
    """A cursor is client-held: what it decodes to is refused like any other input."""

    @pytest.mark.parametrize(
        ("sort", "value"),
        [("users", 2**31), ("users", 2**63), ("users", -(2**70)), ("name", NUL)],
    )
    async def test_a_tenant_cursor_past_what_the_column_holds(
        self, world: World, sort: str, value: Any
    ) -> None:
        admin = await world.admin()
        cursor = _tenant_cursor(sort, value)
        response = await admin.get("/api/v1/tenants", params={"sort": sort, "cursor": cursor})
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "invalid_cursor"

    async def test_a_time_cursor_before_the_first_utc_day(self, world: World) -> None:
        admin = await world.admin()
        stamp = "0001-01-01T00:00:00+01:00"
        cursor = base64.urlsafe_b64encode(f"{stamp}|{uuid.uuid4()}".encode()).decode()
        for url in ("/api/v1/audit-events", "/api/v1/operations"):
            response = await admin.get(url, params={"cursor": cursor})
            assert response.status_code == 422, (url, response.text)
            assert response.json()["code"] == "invalid_cursor"


class TestHostileSignIn:
    async def test_a_nul_e_mail_is_refused_and_the_attempt_audited(
        self, anon: httpx.AsyncClient, db_sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        response = await anon.post(
            "/api/v1/auth/login", json={"email": "admin\x00@example.com", "password": "x"}
        )
        assert response.status_code == 422
        assert "email" in _names(response)
        async with db_sessions() as db:
            events = list((await db.execute(select(AuditEvent))).scalars())
        assert [(e.outcome.value, e.status_code) for e in events] == [("failure", 422)]
        assert events[0].correlation_id == response.headers["x-request-id"]

    async def test_a_failed_request_with_a_nul_in_its_path_is_audited(
        self, anon: httpx.AsyncClient, db_sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        response = await anon.post("/api/v1/auth/login%00", json={})
        assert response.status_code in (404, 405)
        async with db_sessions() as db:
            events = list((await db.execute(select(AuditEvent))).scalars())
        assert [e.details["path"] for e in events] == ["/api/v1/auth/login\\x00"]


class TestStrictBodies:
    """JSON means what it says: no string or number passes for a boolean or a timestamp."""

    @pytest.mark.parametrize("excluded", ["yes", "true", 0, 1, None])
    async def test_a_boolean_must_be_true_or_false(self, world: World, excluded: Any) -> None:
        admin = await world.admin()
        response = await admin.patch(f"/api/v1/tenants/{uuid.uuid4()}", json={"excluded": excluded})
        assert response.status_code == 422, response.text
        assert "excluded" in _names(response)

    async def test_a_real_boolean_is_accepted(self, world: World) -> None:
        admin = await world.admin()
        response = await admin.patch(f"/api/v1/tenants/{uuid.uuid4()}", json={"excluded": True})
        assert response.json()["code"] == "tenant_not_found"

    @pytest.mark.parametrize("value", [0, "1", "yes"])
    async def test_member_flags_refuse_lax_values(self, world: World, value: Any) -> None:
        admin = await world.admin()
        response = await admin.post(
            "/api/v1/members",
            json={"email": "flag@example.com", "role": "full_member", "can_manage_tenants": value},
        )
        assert response.status_code == 422
        assert "can_manage_tenants" in _names(response)


class TestQueryStrings:
    """Query values are text: "10" reads as 10 and "true" as True, and nothing looser does."""

    async def test_plain_numbers_and_booleans_are_read(self, world: World) -> None:
        admin = await world.admin()
        response = await admin.get("/api/v1/tenants", params={"limit": "10", "excluded": "false"})
        assert response.status_code == 200, response.text

    async def test_every_number_and_boolean_parameter_reads_plain_text(
        self, world: World, app: FastAPI
    ) -> None:
        admin = await world.admin()
        refused = []
        for route in api_routes(app):
            for name, schema in _query_params(app, route).items():
                options = schema.get("anyOf", [schema])
                kinds = {option.get("type") for option in options}
                if "integer" in kinds:
                    value = str(next((o["minimum"] for o in options if "minimum" in o), 1))
                elif "boolean" in kinds:
                    value = "true"
                else:
                    continue
                response = await admin.request(route.method, _url(route), params={name: value})
                if response.status_code == 422 and name in _names(response):
                    refused.append((route.path, name, value))
        assert refused == []

    @pytest.mark.parametrize(
        ("url", "params", "field"),
        [
            ("/api/v1/tenants", {"limit": "1.0"}, "limit"),
            ("/api/v1/tenants", {"limit": "1_0"}, "limit"),
            ("/api/v1/tenants", {"excluded": "yes"}, "excluded"),
            ("/api/v1/tenants", {"descending": "1"}, "descending"),
            ("/api/v1/audit-events", {"since": "0.5"}, "since"),
            ("/api/v1/audit-events", {"until": "1700000000"}, "until"),
            ("/api/v1/audit-events", {"since": "0001-01-01T00:00:00+01:00"}, "since"),
        ],
    )
    async def test_looser_values_are_refused(
        self, world: World, url: str, params: dict[str, str], field: str
    ) -> None:
        admin = await world.admin()
        response = await admin.get(url, params=params)
        assert response.status_code == 422, response.text
        assert field in _names(response)
