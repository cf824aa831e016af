"""The FastAPI application: create_app() wires settings, resources, middleware and routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from redis.asyncio import Redis
from starlette.responses import FileResponse, HTMLResponse

from api.audit.middleware import AuditMiddleware
from api.audit.router import router as audit_router
from api.auth.keys_router import router as keys_router
from api.auth.router import me_router
from api.auth.router import router as auth_router
from api.docs import install_docs
from api.errors import install_error_handlers, unrouted
from api.gdap_requests.router import router as gdap_router
from api.logging import configure_logging
from api.members.router import router as members_router
from api.middleware import (
    BodySizeLimitMiddleware,
    CorrelationIdMiddleware,
    EdgeMiddleware,
    MetricsMiddleware,
)
from api.onboarding.router import router as onboarding_router
from api.openapi import install_problem_responses
from api.operations.router import router as operations_router
from api.partner_center.router import router as partner_center_router
from api.resources import build_resources
from api.scans.router import router as scans_router
from api.settings import Settings, get_settings
from api.system.router import router as system_router
from api.tenants.router import router as tenants_router

FRONTEND_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"
PLACEHOLDER = "<!doctype html><title>Petra Portal</title><h1>Petra Portal</h1>"


def _operation_id(route: APIRoute) -> str:
    return route.name


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    resources = await build_resources(settings, http=app.state.http)
    app.state.resources = resources
    app.state.engine = resources.engine
    app.state.sessionmaker = resources.sessionmaker
    app.state.queue = resources.queue
    app.state.vault = resources.vault
    app.state.http = resources.http
    app.state.redis = Redis.from_url(settings.require_redis_url())
    try:
        yield
    finally:
        await app.state.redis.aclose()
        await resources.close()
        if resources.owns_http:
            app.state.http = None


API_PREFIX = "/api/v1"
API_ROUTERS: tuple[APIRouter, ...] = (
    auth_router,
    me_router,
    members_router,
    keys_router,
    audit_router,
    partner_center_router,
    tenants_router,
    gdap_router,
    onboarding_router,
    operations_router,
    scans_router,
)


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    for child in API_ROUTERS:
        router.include_router(child)
    return router


def _mount_frontend(app: FastAPI) -> None:
    index = FRONTEND_DIST / "index.html"
    if (FRONTEND_DIST / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=FRONTEND_DIST / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False, response_model=None)
    async def spa(path: str, request: Request) -> FileResponse | HTMLResponse:
        # /api paths never fall through to the SPA: a GET there is a real 404, or a 405.
        if path.startswith("api/"):
            raise unrouted(request)
        return FileResponse(index) if index.is_file() else HTMLResponse(PLACEHOLDER)


def create_app(
    settings: Settings | None = None, *, http: httpx.AsyncClient | None = None
) -> FastAPI:
    """`http` lets tests route Microsoft calls to an in-process emulator."""
    settings = settings or get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    app = FastAPI(
        title="Petra Portal API",
        version="1.0.0",
        summary="Manage Microsoft 365 client tenants through Partner Center and GDAP.",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.http = http
    install_error_handlers(app)
    install_problem_responses(app)
    app.include_router(system_router)
    app.include_router(api_router())
    install_docs(app)
    _mount_frontend(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(AuditMiddleware)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(CorrelationIdMiddleware)
    app.add_middleware(EdgeMiddleware, settings=settings)
    return app
