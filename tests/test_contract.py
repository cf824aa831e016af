"""openapi.yaml is generated from the app and committed; the two must not drift."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from api import deps, openapi
from api.cli import openapi_document
from api.schemas import NO_NUL
from tests.api.observed_problems import Observation, undeclared

ROOT = Path(__file__).resolve().parent.parent


def test_committed_openapi_matches_the_app() -> None:
    committed = (ROOT / "openapi.yaml").read_text()
    assert yaml.safe_load(committed) == yaml.safe_load(openapi_document()), (
        "openapi.yaml is stale: run `petra openapi -o openapi.yaml`"
    )


def test_every_operation_has_a_stable_id_a_tag_and_a_summary() -> None:
    schema = yaml.safe_load(openapi_document())
    seen: set[str] = set()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            assert operation.get("operationId"), where
            assert operation["operationId"] not in seen, where
            seen.add(operation["operationId"])
            assert len(operation.get("tags", [])) == 1, where
            assert operation.get("summary"), where
            if path.startswith("/api/") and path != "/api/v1/auth/login":
                assert path.startswith("/api/v1/"), where


PROBLEM_JSON = "application/problem+json"
PROBLEM = "#/components/schemas/Problem"
VALIDATION_PROBLEM = "#/components/schemas/ValidationProblem"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(openapi_document())
    return loaded


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", path, operation


class TestProblemResponses:
    def test_fastapi_validation_error_is_not_advertised(self, document: dict[str, Any]) -> None:
        assert "HTTPValidationError" not in json.dumps(document)
        assert "ValidationError" not in document["components"]["schemas"]

    def test_every_4xx_is_a_problem(self, document: dict[str, Any]) -> None:
        for where, _, operation in _operations(document):
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    assert list(response["content"]) == [PROBLEM_JSON], (where, status)
                    schema = response["content"][PROBLEM_JSON]["schema"]
                    assert schema["$ref"] in (PROBLEM, VALIDATION_PROBLEM), (where, status)

    def test_422_carries_the_validation_errors(self, document: dict[str, Any]) -> None:
        for where, _, operation in _operations(document):
            validated = operation.get("parameters") or operation.get("requestBody")
            assert ("422" in operation["responses"]) == bool(validated), where
            if validated:
                schema = operation["responses"]["422"]["content"][PROBLEM_JSON]["schema"]
                assert schema["$ref"] == VALIDATION_PROBLEM, where

    def test_ids_can_be_missing_and_callers_refused(self, document: dict[str, Any]) -> None:
        for where, path, operation in _operations(document):
            if "{" in path:
                assert "404" in operation["responses"], where
            if path.startswith("/api/v1/") and operation["operationId"] != "login":
                assert {"401", "403"} <= set(operation["responses"]), where

    def test_problem_schemas_name_what_the_api_renders(self, document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        base = {"type", "title", "status", "detail", "code", "instance", "correlation_id"}
        assert set(schemas["Problem"]["required"]) == base
        assert set(schemas["ValidationProblem"]["required"]) == base | {"errors"}
        assert set(schemas["ValidationIssue"]["required"]) == {"loc", "msg", "type"}

    def test_answers_outside_operations_are_declared(self, document: dict[str, Any]) -> None:
        shared = document["components"]["responses"]
        assert set(shared) == {"RouteNotFound", "MethodNotAllowed"}
        for response in shared.values():
            assert response["content"][PROBLEM_JSON]["schema"]["$ref"] == PROBLEM
        assert set(shared["MethodNotAllowed"]["headers"]) == {"Allow"}


def _enum_values(document: dict[str, Any], node: dict[str, Any]) -> list[Any] | None:
    if "enum" in node:
        return list(node["enum"])
    if "$ref" in node:
        return _enum_values(
            document, document["components"]["schemas"][node["$ref"].split("/")[-1]]
        )
    if "items" in node:
        return _enum_values(document, node["items"])
    for option in node.get("anyOf", []):
        if option.get("type") != "null":
            return _enum_values(document, option)
    return None


FIXED_FIELDS = [
    ("MeOut", "actor_type", ["member", "api_key"]),
    ("MeOut", "permissions", None),
    ("MeOut", "role", None),
    ("MeOut", "api_key_scope", ["read", "read_write"]),
    ("AuditEventOut", "actor_type", ["member", "api_key", "anonymous", "system", "operator"]),
    ("AuditEventOut", "outcome", ["success", "failure"]),
    ("LastSyncOut", "state", None),
    ("ConnectionOut", "state", None),
    ("OperationOut", "state", None),
    ("OperationItemOut", "state", None),
    ("TenantOut", "gdap_state", ["ready", "missing", "none", "not_applicable"]),
    ("TenantOut", "email_permissions", ["ok", "needs_fix", "unknown"]),
    ("TenantOut", "users_source", ["graph", "partner_center", "unknown"]),
]
FIXED_PARAMETERS = [
    ("/api/v1/tenants", "sort"),
    ("/api/v1/tenants", "gdap_state"),
    ("/api/v1/operations", "state"),
    ("/api/v1/audit-events", "outcome"),
]


class TestClosedSets:
    @pytest.mark.parametrize(("schema", "field", "values"), FIXED_FIELDS)
    def test_fixed_values_are_enums(
        self, document: dict[str, Any], schema: str, field: str, values: list[str] | None
    ) -> None:
        node = document["components"]["schemas"][schema]["properties"][field]
        found = _enum_values(document, node)
        assert found, f"{schema}.{field} is a free string"
        if values is not None:
            assert found == values

    @pytest.mark.parametrize(("path", "name"), FIXED_PARAMETERS)
    def test_fixed_query_values_are_enums(
        self, document: dict[str, Any], path: str, name: str
    ) -> None:
        parameters = document["paths"][path]["get"]["parameters"]
        (parameter,) = [p for p in parameters if p["name"] == name]
        assert _enum_values(document, parameter["schema"]), f"{path}?{name} is a free string"


class TestObservedProblemsCheck:
    """The session hook in tests/api/observed_problems.py fails the run on what this names."""

    def test_an_undeclared_status_is_named(self, document: dict[str, Any]) -> None:
        seen = [
            Observation("GET", "/api/v1/me", "get_me", 401),
            Observation("GET", "/api/v1/me", "get_me", 409),
            Observation("DELETE", "/api/v1/api-keys/x", "revoke_api_key", 429),
        ]
        assert undeclared(document, seen) == [
            "DELETE /api/v1/api-keys/{key_id} 429",
            "GET /api/v1/me 409",
        ]

    def test_unknown_routes_and_methods_are_declared_once(self, document: dict[str, Any]) -> None:
        seen = [
            Observation("PUT", "/api/v1/me", "get_me", 405),
            # `/tenants/{tenant_id}` catches PATCH /tenants/sync; the path answers 405.
            Observation("PATCH", "/api/v1/tenants/sync", "update_tenant", 405),
            Observation("GET", "/api/v1/nothing-here", "spa", 404),
            Observation("POST", "/api/v1/nothing-here", "spa", 405),
            Observation("GET", "/portal/anything", "spa", 404),
        ]
        assert undeclared(document, seen) == []

    def test_a_refusal_before_routing_is_held_to_its_path(self, document: dict[str, Any]) -> None:
        seen = [
            Observation("POST", "/api/v1/api-keys", None, 413),
            Observation("GET", "/api/v1/me", None, 413),
        ]
        assert undeclared(document, seen) == ["GET /api/v1/me 413"]

    def test_other_answers_outside_operations_are_named(self, document: dict[str, Any]) -> None:
        seen = [
            Observation("PUT", "/api/v1/me", "get_me", 401),
            Observation("GET", "/api/v1/nothing-here", None, 422),
        ]
        assert undeclared(document, seen) == [
            "GET /api/v1/nothing-here 422",
            "PUT /api/v1/me 401",
        ]


PUBLIC = {"login", "healthz", "readyz", "metrics"}
SESSION, CSRF, API_KEY = "SessionCookie", "CsrfToken", "ApiKey"


class TestCredentials:
    """Which credentials each operation accepts, so a fuzzer can check none is ignored."""

    def test_the_schemes_name_what_the_api_reads(self, document: dict[str, Any]) -> None:
        schemes = document["components"]["securitySchemes"]
        assert set(schemes) == {SESSION, CSRF, API_KEY}
        assert (schemes[SESSION]["type"], schemes[SESSION]["in"]) == ("apiKey", "cookie")
        assert schemes[SESSION]["name"] == "petra_session"
        assert (schemes[CSRF]["type"], schemes[CSRF]["in"]) == ("apiKey", "header")
        assert schemes[CSRF]["name"] == "X-CSRF-Token" == deps.CSRF_HEADER
        assert openapi.SAFE_METHODS == deps.SAFE_METHODS
        assert (schemes[API_KEY]["type"], schemes[API_KEY]["scheme"]) == ("http", "bearer")

    def test_only_sign_in_and_the_probes_are_public(self, document: dict[str, Any]) -> None:
        for where, _, operation in _operations(document):
            public = operation["operationId"] in PUBLIC
            assert ("security" not in operation) == public, where
            if not public:
                assert {"401", "403"} <= set(operation["responses"]), where

    def test_unsafe_methods_need_the_csrf_header_with_the_cookie(
        self, document: dict[str, Any]
    ) -> None:
        for where, _, operation in _operations(document):
            for requirement in operation.get("security", []):
                if SESSION in requirement:
                    unsafe = not where.startswith(("GET ", "HEAD ", "OPTIONS "))
                    assert (CSRF in requirement) == unsafe, where
                else:
                    assert requirement == {API_KEY: []}, where

    @pytest.mark.parametrize(
        ("path", "method", "accepted"),
        [
            ("/api/v1/me", "get", [{SESSION: []}, {API_KEY: []}]),
            ("/api/v1/tenants/sync", "post", [{SESSION: [], CSRF: []}, {API_KEY: []}]),
            ("/api/v1/auth/logout", "post", [{SESSION: [], CSRF: []}]),
            ("/api/v1/api-keys", "post", [{SESSION: [], CSRF: []}]),
            ("/api/v1/members", "get", [{SESSION: []}]),
            ("/api/v1/partner-center/callback", "get", [{SESSION: []}]),
        ],
    )
    def test_people_and_credentials_need_a_person(
        self, document: dict[str, Any], path: str, method: str, accepted: list[dict[str, Any]]
    ) -> None:
        assert document["paths"][path][method]["security"] == accepted


def _string_options(schema: dict[str, Any]) -> list[dict[str, Any]]:
    options = schema.get("anyOf", [schema])
    return [option for option in options if option.get("type") == "string"]


class TestParameterConstraints:
    """The contract states what the request models enforce on every parameter."""

    def test_text_parameters_refuse_nul(self, document: dict[str, Any]) -> None:
        loose = [
            f"{where} {parameter['name']}"
            for where, _, operation in _operations(document)
            for parameter in operation.get("parameters", [])
            for option in _string_options(parameter["schema"])
            if not {"format", "enum", "const"} & option.keys() and option.get("pattern") != NO_NUL
        ]
        assert loose == []

    def test_integer_parameters_state_their_range(self, document: dict[str, Any]) -> None:
        unbounded = [
            f"{where} {parameter['name']}"
            for where, _, operation in _operations(document)
            for parameter in operation.get("parameters", [])
            for option in parameter["schema"].get("anyOf", [parameter["schema"]])
            if option.get("type") == "integer" and not {"minimum", "maximum"} <= option.keys()
        ]
        assert unbounded == []

    def test_cursors_are_passed_back_not_made_up(self, document: dict[str, Any]) -> None:
        paged = []
        for where, _, operation in _operations(document):
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "cursor":
                    formats = {o.get("format") for o in _string_options(parameter["schema"])}
                    paged.append((where, formats))
        assert sorted(paged) == [
            ("GET /api/v1/audit-events", {"cursor"}),
            ("GET /api/v1/operations", {"cursor"}),
            ("GET /api/v1/operations/{operation_id}/items", {"cursor"}),
            ("GET /api/v1/tenants", {"cursor"}),
        ]
