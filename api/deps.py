"""Request-scoped dependencies: who is calling, and may they do this."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

import httpx
from fastapi import Depends, Request
from redis.asyncio import Redis

from api.auth.service import resolve_api_key, resolve_session
from api.db import DbSession
from api.errors import Forbidden, NotAuthenticated
from api.permissions import Action, Principal, allowed
from api.queue import JobQueue
from api.resources import Resources
from api.security import same
from api.settings import Settings
from api.vault import TokenVault

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_redis(request: Request) -> Redis:
    redis: Redis = request.app.state.redis
    return redis


def get_vault(request: Request) -> TokenVault:
    vault: TokenVault = request.app.state.vault
    return vault


def get_http(request: Request) -> httpx.AsyncClient:
    http: httpx.AsyncClient = request.app.state.http
    return http


def get_resources(request: Request) -> Resources:
    resources = request.app.state.resources
    assert isinstance(resources, Resources)
    return resources


def get_queue(request: Request) -> JobQueue:
    queue: JobQueue = request.app.state.queue
    return queue


AppSettings = Annotated[Settings, Depends(get_app_settings)]
RedisClient = Annotated[Redis, Depends(get_redis)]
Vault = Annotated[TokenVault, Depends(get_vault)]
HttpClient = Annotated[httpx.AsyncClient, Depends(get_http)]
Queue = Annotated[JobQueue, Depends(get_queue)]
AppResources = Annotated[Resources, Depends(get_resources)]


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_origin(request: Request, settings: Settings) -> None:
    """Browsers send Origin on cross-site unsafe requests; one that is not ours is refused."""
    origin = request.headers.get("origin")
    if origin and origin.lower() != origin_of(settings.public_base_url):
        raise Forbidden("Cross-site requests are not accepted.", code="foreign_origin")
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise Forbidden("Cross-site requests are not accepted.", code="foreign_origin")


async def current_principal(request: Request, db: DbSession, settings: AppSettings) -> Principal:
    authorization = request.headers.get("authorization")
    if authorization:
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise NotAuthenticated("Use 'Authorization: Bearer <API key>'.", code="invalid_api_key")
        principal = await resolve_api_key(db, credentials.strip())
    else:
        token = request.cookies.get(settings.session_cookie_name)
        if not token:
            raise NotAuthenticated("Sign in to continue.")
        principal, session = await resolve_session(db, token, settings)
        if request.method not in SAFE_METHODS:
            check_origin(request, settings)
            sent = request.headers.get(CSRF_HEADER, "")
            if not sent or not same(sent, session.csrf_token):
                raise Forbidden(
                    f"Missing or wrong {CSRF_HEADER} header.", code="csrf_token_invalid"
                )
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(action: Action) -> Any:
    """The one permission dependency a route declares."""

    async def check(principal: CurrentPrincipal, request: Request) -> Principal:
        if not allowed(principal, action):
            raise Forbidden(f"Your role may not perform '{action.value}'.")
        return principal

    check.__name__ = f"require_{action.name}"
    check.action = action  # type: ignore[attr-defined]
    return Depends(check)


async def visible_tenants(principal: CurrentPrincipal, db: DbSession) -> frozenset[str] | None:
    """The tenants an external guest was assigned; None for members who see every tenant."""
    from api.tenants.service import tenant_ids_for_guest

    if principal.tenant_scoped and principal.member_id:
        return frozenset(await tenant_ids_for_guest(db, principal.member_id))
    return None


VisibleTenants = Annotated[frozenset[str] | None, Depends(visible_tenants)]
