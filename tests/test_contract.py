"""openapi.yaml is generated from the app and committed; the two must not drift."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.cli import openapi_document
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
    ("AuditEventOut", "actor_type", ["member", "api_key", "anonymous"]),
    ("AuditEventOut", "outcome", ["success", "failure"]),
    ("LastSyncOut", "state", None),
    ("ConnectionOut", "state", None),
    ("OperationOut", "state", None),
    ("OperationItemOut", "state", None),
    ("TenantOut", "gdap_state", ["ready", "missing"]),
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
