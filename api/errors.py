"""Expected failures as an AppError tree, rendered as RFC 9457 problem+json."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, Field
from starlette.convertors import PathConvertor
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    """The body of every error response; `problem()` renders through it, so the two agree."""

    type: str = Field(description="`urn:petra:problem:` followed by the code")
    title: str = Field(description="A short summary of the kind of problem")
    status: int = Field(description="The HTTP status code, repeated")
    detail: str = Field(description="What went wrong with this request, for people")
    code: str = Field(description="A stable code to branch on, e.g. `member_exists`")
    instance: str = Field(description="The path that was requested")
    correlation_id: str | None = Field(
        description="Also sent as X-Request-ID; quote it when reporting a problem"
    )


class ValidationIssue(BaseModel):
    loc: list[str | int] = Field(
        description="Where: `body`, `query`, `path` or `header`, then field names and list "
        "indexes; empty when the request as a whole is refused"
    )
    msg: str
    type: str = Field(description="pydantic's error type (e.g. `missing`) or the problem code")


class ValidationProblem(Problem):
    errors: list[ValidationIssue] = Field(min_length=1)


class AppError(Exception):
    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        if code:
            self.code = code
        self.headers = headers or {}
        self.extra = extra or {}


class NotAuthenticated(AppError):
    status, code, title = 401, "not_authenticated", "Authentication required"


class Forbidden(AppError):
    status, code, title = 403, "forbidden", "Not allowed"


class NotFound(AppError):
    status, code, title = 404, "not_found", "Not found"


class MethodNotAllowed(AppError):
    status, code, title = 405, "method_not_allowed", "Method not allowed"

    def __init__(self, method: str, allowed: Iterable[str]) -> None:
        allow = ", ".join(sorted(allowed))
        super().__init__(
            f"{method} is not a method of this path; it answers {allow}.",
            headers={"Allow": allow},
        )


class Conflict(AppError):
    status, code, title = 409, "conflict", "Conflict"


class Unprocessable(AppError):
    status, code, title = 422, "invalid_request", "Invalid request"

    def __init__(
        self, detail: str | None = None, *, code: str | None = None, loc: Sequence[str | int] = ()
    ) -> None:
        super().__init__(detail, code=code)
        # Every 422 lists its errors, whether pydantic or a service refused the request.
        issue = ValidationIssue(loc=list(loc), msg=self.detail, type=self.code)
        self.extra = {"errors": [issue.model_dump()]}


class RateLimited(AppError):
    status, code, title = 429, "rate_limited", "Too many requests"

    def __init__(self, retry_after: int, detail: str | None = None) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))})


_STATUS_CODES = {
    400: ("bad_request", "Bad request"),
    401: ("not_authenticated", "Authentication required"),
    403: ("forbidden", "Not allowed"),
    404: ("not_found", "Not found"),
    406: ("not_acceptable", "Not acceptable"),
    413: ("payload_too_large", "Request body too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
    429: ("rate_limited", "Too many requests"),
}


API_PATHS = "/api/"


def _templates_at(request: Request) -> dict[str, set[str]]:
    """The templates of the routes whose path matches the request's, with their methods.

    Under /api/ a catch-all (the SPA's pages) holds no path: it only ever refuses there.
    """
    path = request.scope["path"]
    templates: dict[str, set[str]] = {}
    for route in iter_route_contexts(request.app.routes):
        if route.methods is None or route.path_format is None:
            continue  # a mount (the SPA's assets) answers any method its app does
        catch_all = any(isinstance(c, PathConvertor) for c in route.param_convertors.values())
        if (catch_all and path.startswith(API_PATHS)) or not route.path_regex.match(path):
            continue
        templates.setdefault(route.path_format, set()).update(route.methods)
    return templates


def _parameters(template: str) -> int:
    return template.count("{")


def methods_of_path(request: Request) -> set[str]:
    """Every method the app answers at the request's path.

    FastAPI makes a route per method, and Starlette's 405 names only the first route whose path
    matched. The path is the most specific template that matches it (`/tenants/sync` rather than
    `/tenants/{tenant_id}`), and its methods are those of every route with that template.
    """
    templates = _templates_at(request)
    if not templates:
        return set()
    return templates[min(templates, key=_parameters)]


def _names_another_path(request: Request) -> bool:
    """Whether a path parameter's value is another route's literal segment: PATCH /tenants/sync
    is a wrong method of /tenants/sync, not a malformed tenant id."""
    return any(_parameters(t) < len(request.path_params) for t in _templates_at(request))


def unrouted(request: Request) -> AppError:
    """The answer to a request no route takes: 405 naming the path's methods, or 404."""
    methods = methods_of_path(request)
    if methods:
        return MethodNotAllowed(request.method, methods)
    return NotFound("No such API route.", code="route_not_found")


def correlation_id_of(request: Request) -> str | None:
    value = request.scope.get("state", {}).get("correlation_id")
    return value if isinstance(value, str) else None


def problem(
    request: Request,
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body = Problem(
        type=f"urn:petra:problem:{code}",
        title=title,
        status=status,
        detail=detail,
        code=code,
        instance=request.url.path,
        correlation_id=correlation_id_of(request),
    ).model_dump()
    body.update(extra or {})
    request.scope.setdefault("state", {})["error_code"] = code
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return problem(
        request,
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        headers=exc.headers,
        extra=exc.extra,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 405:
        return await _app_error(request, unrouted(request))
    code, title = _STATUS_CODES.get(exc.status_code, ("http_error", "HTTP error"))
    detail = exc.detail if isinstance(exc.detail, str) else title
    return problem(
        request,
        status=exc.status_code,
        code=code,
        title=title,
        detail=detail,
        headers=dict(exc.headers or {}),
    )


def _clean_location(loc: tuple[Any, ...]) -> list[str | int]:
    return [part if isinstance(part, int) else str(part) for part in loc]


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    at_path = any(tuple(e.get("loc", ()))[:1] == ("path",) for e in exc.errors())
    if at_path and _names_another_path(request):
        return await _app_error(request, unrouted(request))
    errors = [
        ValidationIssue(
            loc=_clean_location(tuple(e.get("loc", ()))),
            msg=str(e.get("msg", "")),
            type=str(e.get("type", "")),
        ).model_dump()
        for e in exc.errors()
    ]
    malformed = any(e["type"] == "json_invalid" for e in errors)
    return problem(
        request,
        status=422 if not malformed else 400,
        code="validation_failed" if not malformed else "malformed_json",
        title="Request validation failed" if not malformed else "Malformed JSON body",
        detail="; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)[:1000],
        extra={"errors": errors},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
