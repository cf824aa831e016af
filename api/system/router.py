"""Probes and metrics for the platform: liveness, readiness, Prometheus."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Awaitable
from typing import Literal

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import text

from api.errors import NotFound
from api.openapi import problem_response
from api.security import same
from api.settings import Settings

router = APIRouter(tags=["system"])
log = structlog.get_logger(__name__)


class Health(BaseModel):
    status: Literal["ok", "unavailable"]


@router.get("/healthz", operation_id="healthz", summary="The process is alive")
async def healthz() -> Health:
    return Health(status="ok")


async def _reachable(name: str, probe: Awaitable[object]) -> bool:
    try:
        await asyncio.wait_for(probe, timeout=2)
    except Exception as exc:
        # The reason goes to the operator's log; the probe's caller learns only "not ready".
        log.warning("readiness_check_failed", component=name, error_type=type(exc).__name__)
        return False
    return True


@router.get(
    "/readyz",
    operation_id="readyz",
    summary="Ready to serve: PostgreSQL and Redis are reachable",
    responses={
        200: {"model": Health, "description": "Ready"},
        503: {"model": Health, "description": "Not ready"},
    },
)
async def readyz(request: Request) -> JSONResponse:
    state = request.app.state

    async def database() -> None:
        async with state.engine.connect() as conn:
            await conn.execute(text("select 1"))

    checks = await asyncio.gather(
        _reachable("postgresql", database()), _reachable("redis", state.redis.ping())
    )
    ready = all(checks)
    body = Health(status="ok" if ready else "unavailable")
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


def _may_scrape(request: Request, settings: Settings) -> bool:
    token = settings.metrics_token.get_secret_value()
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and same(credentials.strip(), token):
        return True
    try:
        client = ipaddress.ip_address(request.client.host if request.client else "")
    except ValueError:
        return False
    return any(client in network for network in settings.metrics_networks)


@router.get(
    "/metrics",
    operation_id="metrics",
    summary="Prometheus metrics, for the configured scraper only",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {}}},
        404: problem_response(404, "Not METRICS_TOKEN's bearer, nor in METRICS_ALLOW_NETWORKS"),
    },
)
async def metrics(request: Request) -> Response:
    if not _may_scrape(request, request.app.state.settings):
        raise NotFound("No such route.", code="route_not_found")
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
