"""The contract's error responses and credentials, derived from what each route really does.

Each operation declares the problem responses its shape implies: a permission (401, 403), path
parameters (404), anything validated (422), a body (400, 413). A status the shape cannot reveal
(a 409 from a service, a 429) is added on the route with `responses=problems(...)`.

The permission a route declares also names the credentials it accepts: the session cookie (with
the CSRF header on unsafe methods) and, unless the action needs a person, an API key. A route
without a permission (sign-in and the probes) declares none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, cast

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from api.errors import PROBLEM_JSON, Problem, ValidationProblem
from api.permissions import SESSION_ONLY, Action
from api.settings import Settings

SCHEMAS = "#/components/schemas/"
# FastAPI's own 422 body, which this API never sends.
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")

WHY: dict[int, str] = {
    400: "The body is not valid JSON",
    401: "Not signed in, wrong credentials, or a session or API key no longer valid",
    403: "The caller's role or key scope does not allow this, or the CSRF token or origin is wrong",
    404: "Nothing with this id in the caller's organization",
    409: "The request conflicts with the current state; `code` says how",
    413: "The request body is over the size limit",
    422: "The request does not validate; `errors` lists each problem",
    429: "Too many attempts; wait `Retry-After` seconds",
}
# Answers that belong to no operation, declared once in components.responses.
GLOBAL_RESPONSES = {
    "RouteNotFound": (404, "No such path under /api"),
    "MethodNotAllowed": (405, "The path exists, but not with this method"),
}
ERRORS_DESCRIPTION = (
    "Every error is an RFC 9457 `application/problem+json` body (`Problem`; "
    "`ValidationProblem` with `errors` for 422) carrying a stable `code`. Besides the responses "
    "each operation declares, a path under /api that does not exist answers 404 "
    "(`RouteNotFound`), a method a path does not offer answers 405 (`MethodNotAllowed`) with "
    "`Allow` naming the path's methods, a body over the size limit answers 413 on any request, "
    "and an unexpected failure answers 500 with the `correlation_id` to quote."
)


SESSION_COOKIE, CSRF_TOKEN, API_KEY = "SessionCookie", "CsrfToken", "ApiKey"
# As `api.deps` reads them (tests/test_contract.py holds the two together); importing them from
# there would make this module, which every router imports, depend on the auth package.
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def security_schemes(cookie_name: str) -> dict[str, Any]:
    return {
        SESSION_COOKIE: {
            "type": "apiKey",
            "in": "cookie",
            "name": cookie_name,
            "description": "The session `POST /api/v1/auth/login` opens. With it, unsafe methods "
            f"also need `{CSRF_TOKEN}` and, when the browser sends one, a same-origin `Origin`.",
        },
        CSRF_TOKEN: {
            "type": "apiKey",
            "in": "header",
            "name": CSRF_HEADER,
            "description": "The `csrf_token` the sign-in returned, sent back on every unsafe "
            "request made with the session cookie",
        },
        API_KEY: {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key: `Authorization: Bearer <key>`. Its scope decides what it "
            "may do; managing people and credentials, and connecting Partner Center, need a "
            "person.",
        },
    }


def security_requirements(action: Action, method: str) -> list[dict[str, list[str]]]:
    """The credentials an operation accepts, any one of the alternatives listed."""
    session: dict[str, list[str]] = {SESSION_COOKIE: []}
    if method.upper() not in SAFE_METHODS:
        session[CSRF_TOKEN] = []
    if action in SESSION_ONLY:
        return [session]
    return [session, {API_KEY: []}]


def problem_response(status: int, description: str | None = None) -> dict[str, Any]:
    schema = "ValidationProblem" if status == 422 else "Problem"
    response: dict[str, Any] = {
        "description": description or WHY.get(status, HTTPStatus(status).phrase),
        "content": {PROBLEM_JSON: {"schema": {"$ref": SCHEMAS + schema}}},
    }
    if status == 429:
        response["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before trying again",
                "schema": {"type": "integer"},
            }
        }
    if status == 405:
        response["headers"] = {
            "Allow": {
                "description": "Every method the path offers, e.g. `DELETE, PATCH`",
                "schema": {"type": "string"},
            }
        }
    return response


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """For `responses=`: the statuses a route answers that its shape does not reveal."""
    return {status: problem_response(status) for status in statuses}


def _tree(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _tree(sub)


def permission_of(dependant: Dependant) -> Action | None:
    """The action the route's `require(...)` checks; it marks its dependency with it."""
    for sub in _tree(dependant):
        action = getattr(sub.call, "action", None)
        if isinstance(action, Action):
            return action
    return None


def derived_statuses(dependant: Dependant, *, has_body: bool) -> set[int]:
    """The 4xx a route can answer, read from its parameters and dependencies."""
    tree = list(_tree(dependant))
    statuses: set[int] = set()
    if permission_of(dependant) is not None:
        statuses |= {401, 403}
    if any(d.path_params for d in tree):
        statuses |= {404, 422}
    if any(d.query_params or d.header_params or d.cookie_params for d in tree):
        statuses.add(422)
    if has_body:
        # 400: the body is not JSON; 413: the body-size middleware refused it before routing.
        statuses |= {400, 413, 422}
    return statuses


# What a request model enforces beyond its fields' types (`api.schemas`: no NUL, integer range).
ENFORCED = ("pattern", "minimum", "maximum")


def _carry_constraints(source: Any, target: Any) -> None:
    if not isinstance(source, dict) or not isinstance(target, dict):
        return
    for key in ENFORCED:
        if key in source:
            target.setdefault(key, source[key])
    for key in ("anyOf", "oneOf", "allOf"):
        sources, targets = source.get(key), target.get(key)
        if isinstance(sources, list) and isinstance(targets, list) and len(sources) == len(targets):
            for inner_source, inner_target in zip(sources, targets, strict=True):
                _carry_constraints(inner_source, inner_target)
    _carry_constraints(source.get("items"), target.get("items"))


def model_parameter_schemas(dependant: Dependant) -> dict[tuple[str, str], dict[str, Any]]:
    """(location, name) -> the JSON schema a parameter model validates that parameter with.

    FastAPI describes each parameter of a model (`Annotated[Query, Query()]`) from its field
    alone; the model's own schema also carries what the model enforces on every field.
    """
    schemas: dict[tuple[str, str], dict[str, Any]] = {}
    for sub in _tree(dependant):
        for location, fields in (
            ("query", sub.query_params),
            ("header", sub.header_params),
            ("cookie", sub.cookie_params),
        ):
            for model_field in fields:
                model = model_field.field_info.annotation
                if isinstance(model, type) and issubclass(model, BaseModel):
                    properties = model.model_json_schema().get("properties", {})
                    for name, schema in properties.items():
                        schemas[(location, name)] = schema
    return schemas


CURSOR = "cursor"
CURSOR_DESCRIPTION = (
    "The `next_cursor` of the previous page, passed back unchanged; empty or absent for the "
    "first page. A value the API did not give out may be refused (422)."
)


def _pages(document: dict[str, Any], operation: dict[str, Any]) -> bool:
    """Whether the operation answers a page that names the next one."""
    content = operation["responses"].get("200", {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    schema = document.get("components", {}).get("schemas", {}).get(ref.removeprefix(SCHEMAS), {})
    return "next_cursor" in schema.get("properties", {})


def _declare_cursor(parameter: dict[str, Any]) -> None:
    # Opaque to clients: a value of this format cannot be made up, only passed back, so its
    # length and alphabet are the API's business, not the client's.
    options = parameter["schema"].get("anyOf", [parameter["schema"]])
    for schema in options:
        if schema.get("type") == "string":
            schema.clear()
            schema.update(type="string", format=CURSOR)
    parameter["description"] = CURSOR_DESCRIPTION


@dataclass(frozen=True)
class _Operation:
    path: str
    method: str
    statuses: set[int]
    permission: Action | None
    parameter_schemas: dict[tuple[str, str], dict[str, Any]]


def _operations(app: FastAPI) -> Iterator[_Operation]:
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute) or not context.include_in_schema:
            continue
        dependant = cast(Dependant, context.dependant)
        statuses = derived_statuses(dependant, has_body=context.body_field is not None)
        permission = permission_of(dependant)
        parameters = model_parameter_schemas(dependant)
        for method in sorted(context.methods or ()):
            yield _Operation(
                str(context.path_format), method.lower(), statuses, permission, parameters
            )


def _describe(app: FastAPI, document: dict[str, Any]) -> None:
    for found in _operations(app):
        operation = document["paths"][found.path][found.method]
        responses: dict[str, Any] = operation["responses"]
        for status in found.statuses:
            if status == 422 or str(status) not in responses:
                # FastAPI's own 422 names a body this API never sends: replace it.
                responses[str(status)] = problem_response(status)
        operation["responses"] = dict(sorted(responses.items()))
        if found.permission is not None:
            operation["security"] = security_requirements(found.permission, found.method)
        for parameter in operation.get("parameters", []):
            source = found.parameter_schemas.get((parameter["in"], parameter["name"]))
            _carry_constraints(source, parameter.get("schema"))
            if (parameter["in"], parameter["name"]) == ("query", CURSOR) and _pages(
                document, operation
            ):
                _declare_cursor(parameter)
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    _, definitions = models_json_schema(
        [(Problem, "serialization"), (ValidationProblem, "serialization")],
        ref_template=SCHEMAS + "{model}",
    )
    schemas.update(definitions["$defs"])
    components["schemas"] = dict(sorted(schemas.items()))
    components["responses"] = {
        name: problem_response(status, why) for name, (status, why) in GLOBAL_RESPONSES.items()
    }
    settings: Settings = app.state.settings
    components["securitySchemes"] = security_schemes(settings.session_cookie_name)
    info = document["info"]
    info["description"] = "\n\n".join(filter(None, [info.get("description"), ERRORS_DESCRIPTION]))


def install_problem_responses(app: FastAPI) -> None:
    """Make `app.openapi()` declare every operation's problem responses and credentials."""
    generate: Callable[[], dict[str, Any]] = app.openapi
    described: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        document = generate()
        # FastAPI caches the document until the routes change; describe each new one once.
        if not described or described[0] is not document:
            _describe(app, document)
            described[:] = [document]
        return document

    app.openapi = openapi  # type: ignore[method-assign]
