"""In-process emulator fixtures; no PostgreSQL or Redis needed."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import AsyncIterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from emulator.app import create_app
from emulator.browser import sign_in
from emulator.scenario import PortalApp, portal_app

PUBLIC_URL = "http://127.0.0.1:8765"
REDIRECT = "http://127.0.0.1:8000/api/v1/partner-center/callback"
GRAPH_DEFAULT = "https://graph.microsoft.com/.default"
PC_SCOPE = "https://api.partnercenter.microsoft.com/user_impersonation"


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class Emu:
    app: FastAPI
    client: httpx.AsyncClient
    portal: PortalApp

    async def truth(self) -> dict[str, Any]:
        return dict((await self.client.get("/_emulator/scenario")).json())

    def authorize_url(self, challenge: str, **extra: str) -> str:
        params = {
            "client_id": self.portal.client_id,
            "response_type": "code",
            "redirect_uri": REDIRECT,
            "scope": f"openid profile offline_access {GRAPH_DEFAULT}",
            "state": "st-1",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            **extra,
        }
        return f"/login/organizations/oauth2/v2.0/authorize?{urlencode(params)}"

    async def code(self, username: str | None = None, **extra: str) -> tuple[str, str]:
        verifier, challenge = pkce()
        location = await sign_in(
            self.client,
            self.authorize_url(challenge, **extra),
            username or self.portal.admin_username,
        )
        return parse_qs(urlsplit(location).query)["code"][0], verifier

    async def token(self, tenant: str = "organizations", **form: str) -> httpx.Response:
        body = {"client_id": self.portal.client_id, "client_secret": self.portal.client_secret}
        body.update(form)
        return await self.client.post(f"/login/{tenant}/oauth2/v2.0/token", data=body)

    async def sign_in_tokens(self, username: str | None = None) -> dict[str, Any]:
        code, verifier = await self.code(username)
        resp = await self.token(
            grant_type="authorization_code",
            code=code,
            redirect_uri=REDIRECT,
            code_verifier=verifier,
        )
        assert resp.status_code == 200, resp.text
        return dict(resp.json())

    async def refresh(
        self, rt: str, scope: str = GRAPH_DEFAULT, tenant: str = "organizations"
    ) -> httpx.Response:
        return await self.token(tenant, grant_type="refresh_token", refresh_token=rt, scope=scope)

    async def bearer(
        self, rt: str, scope: str = GRAPH_DEFAULT, tenant: str = "organizations"
    ) -> dict[str, str]:
        resp = await self.refresh(rt, scope, tenant)
        assert resp.status_code == 200, resp.text
        return {"Authorization": f"Bearer {resp.json()['access_token']}"}


def make_client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC_URL)


@pytest.fixture
async def emu() -> AsyncIterator[Emu]:
    app = create_app(scenario="demo", seed=1, control_enabled=True, public_url=PUBLIC_URL)
    async with make_client(app) as client:
        yield Emu(app=app, client=client, portal=portal_app(1))


@pytest.fixture
async def partner_rt(emu: Emu) -> str:
    return str((await emu.sign_in_tokens())["refresh_token"])


def customers(
    truth: dict[str, Any],
    *,
    consented: bool | None = None,
    covered: AbstractSet[str] | None = None,
) -> list[dict[str, Any]]:
    """Customers from the scenario truth filtered by consent and by the roles covering the admin."""
    out = []
    for c in truth["customers"]:
        if consented is not None and c["appConsented"] != consented:
            continue
        if covered is not None and not (set(c["adminCoveredRoles"]) & covered):
            continue
        out.append(c)
    return out
