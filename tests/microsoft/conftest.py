"""The in-process emulator behind the real clients; reusable sign-in for API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from api.microsoft import (
    REDEEM_SCOPES,
    SIGN_IN_SCOPES,
    GraphClient,
    IdentityClient,
    MicrosoftEndpoints,
    PartnerCenterClient,
    RetryPolicy,
    TokenProvider,
    TokenSet,
)
from api.microsoft.identity import new_code_verifier, new_state
from emulator import browser
from emulator.app import create_app
from emulator.scenario import PortalApp, portal_app

PUBLIC_URL = "http://emulator.test"
REDIRECT = "http://127.0.0.1:8000/api/v1/partner-center/callback"
PASSWORD = "emulator"


def endpoints_for(portal: PortalApp, public_url: str = PUBLIC_URL) -> MicrosoftEndpoints:
    return MicrosoftEndpoints(
        login_url=f"{public_url}/login",
        graph_url=f"{public_url}/graph",
        partner_center_url=f"{public_url}/partnercenter",
        admin_center_url=f"{public_url}/admin",
        client_id=portal.client_id,
        client_secret=SecretStr(portal.client_secret),
    )


def emulator_client(app: FastAPI, public_url: str = PUBLIC_URL) -> httpx.AsyncClient:
    # ASGITransport answers any host, so absolute nextLinks to the public URL land here too.
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=public_url)


async def sign_in(
    http: httpx.AsyncClient,
    identity: IdentityClient,
    username: str,
    password: str = PASSWORD,
    *,
    redirect_uri: str = REDIRECT,
) -> TokenSet:
    """Sign in through the emulator's pages the way a browser would; returns the code's tokens."""
    state, verifier = new_state(), new_code_verifier()
    url = identity.authorization_url(
        redirect_uri=redirect_uri, state=state, code_verifier=verifier, scopes=SIGN_IN_SCOPES
    )
    location = await browser.sign_in(http, url, username, password)
    query = parse_qs(urlsplit(location).query)
    assert query.get("state") == [state], location
    assert "code" in query, location
    return await identity.redeem_code(
        code=query["code"][0],
        redirect_uri=redirect_uri,
        code_verifier=verifier,
        scopes=REDEEM_SCOPES,
    )


@dataclass
class MemoryStore:
    """RefreshTokenStore over a variable; records every save in order."""

    token: str
    saves: list[str] = field(default_factory=list)

    async def load(self) -> str:
        return self.token

    async def save(self, refresh_token: str) -> None:
        self.saves.append(refresh_token)
        self.token = refresh_token


@dataclass
class RecordingSleep:
    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@dataclass
class Emulator:
    app: FastAPI
    http: httpx.AsyncClient
    portal: PortalApp
    endpoints: MicrosoftEndpoints
    sleep: RecordingSleep
    policy: RetryPolicy

    @property
    def identity(self) -> IdentityClient:
        return IdentityClient(self.http, self.endpoints, policy=self.policy)

    async def control(self, method: str, path: str, **kwargs: Any) -> Any:
        resp = await self.http.request(method, f"/_emulator{path}", **kwargs)
        assert resp.status_code < 400, resp.text
        return resp.json()

    async def truth(self) -> dict[str, Any]:
        return dict(await self.control("GET", "/scenario"))

    async def fault(self, **spec: Any) -> str:
        return str((await self.control("POST", "/faults", json=spec))["id"])

    async def calls(self, **query: Any) -> int:
        return int((await self.control("GET", "/counters", params=query))["total"])

    async def sign_in(self, username: str | None = None) -> TokenSet:
        return await sign_in(self.http, self.identity, username or self.portal.admin_username)

    async def provider(self, username: str | None = None) -> tuple[TokenProvider, MemoryStore]:
        tokens = await self.sign_in(username)
        assert tokens.refresh_token is not None
        store = MemoryStore(tokens.refresh_token.get_secret_value())
        provider = TokenProvider(
            self.identity, store, partner_tenant_id=self.portal.partner_tenant_id
        )
        return provider, store

    async def clients(self) -> tuple[GraphClient, PartnerCenterClient, TokenProvider]:
        provider, _ = await self.provider()
        graph = GraphClient(self.http, self.endpoints, provider, policy=self.policy)
        pc = PartnerCenterClient(self.http, self.endpoints, provider, policy=self.policy)
        return graph, pc, provider


async def make_emulator(**create: Any) -> Emulator:
    app = create_app(control_enabled=True, public_url=PUBLIC_URL, **create)
    sleep = RecordingSleep()
    portal = portal_app(create.get("seed", 1))
    return Emulator(
        app=app,
        http=emulator_client(app),
        portal=portal,
        endpoints=endpoints_for(portal),
        sleep=sleep,
        policy=RetryPolicy(sleep=sleep),
    )


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    emulator = await make_emulator()
    async with emulator.http:
        yield emulator


def customers(truth: dict[str, Any], **where: Any) -> list[dict[str, Any]]:
    return [c for c in truth["customers"] if all(c.get(k) == v for k, v in where.items())]


CONSENT_CAPABLE = {
    "62e90394-69f5-4237-9190-012177145e10",
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    "158c047a-c907-4556-b7ef-446551a6b5f7",
}
