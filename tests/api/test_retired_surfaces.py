"""Nothing the portal sends names a retired Microsoft surface: Azure AD Graph (retired; Partner
Center no longer accepts its tokens), Exchange Web Services permissions, or the removed
ApplicationImpersonation role. Asserted over every request of a connect, check and sync (token
requests, authorize URLs, consent and Graph bodies), and over the source that builds them."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.microsoft.email_surfaces import (
    AZURE_AD_GRAPH_APP_ID,
    AZURE_AD_GRAPH_HOST,
    EWS_PERMISSIONS,
    EXCHANGE_APP_ONLY,
    GRAPH_MAIL,
    IMPERSONATION_ROLE,
    RETIRED,
    SURFACES,
)
from api.microsoft.identity import REDEEM_SCOPES, SIGN_IN_SCOPES
from api.resources import Resources
from tests.api.conftest import World
from tests.api.test_partner_center_flow import connect, sync

ROOT = Path(__file__).resolve().parents[2]


class Recording(httpx.AsyncBaseTransport):
    """Everything the portal (and the test's browser) sends to Microsoft, as sent."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.sent: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.sent.append(request)
        return await self.inner.handle_async_request(request)


@pytest.fixture
def wire(emulator: FastAPI) -> Recording:
    return Recording(httpx.ASGITransport(app=emulator))


def _mentions(text: str) -> set[str]:
    lowered = text.lower()
    return {word for word in RETIRED if word.lower() in lowered}


class TestEveryRequest:
    async def test_connect_check_and_sync_never_name_a_retired_surface(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources, wire: Recording
    ) -> None:
        sent = wire.sent
        admin = await world.admin()
        await connect(admin, microsoft)
        assert (await admin.post("/api/v1/partner-center/connection/check")).status_code == 200
        assert (await sync(admin, worker))["state"] == "succeeded"

        token_requests = [r for r in sent if r.url.path.endswith("/oauth2/v2.0/token")]
        assert token_requests, "the journey asks for tokens"
        assert any(r.url.path.endswith("/oauth2/v2.0/authorize") for r in sent)
        for request in sent:
            found = _mentions(str(request.url)) | _mentions(request.content.decode("latin-1"))
            assert not found, f"{request.method} {request.url.path} names {found}"


class TestTheSource:
    def test_scopes_asked_at_sign_in_are_graph_and_partner_center_only(self) -> None:
        for scope in [*SIGN_IN_SCOPES, *REDEEM_SCOPES]:
            assert not _mentions(scope)
            assert scope in ("openid", "profile", "offline_access") or scope.startswith(
                ("https://graph.microsoft.com/", "https://api.partnercenter.microsoft.com/")
            )

    def test_no_module_that_calls_microsoft_names_a_retired_surface(self) -> None:
        allowed = {ROOT / "api" / "microsoft" / "email_surfaces.py"}
        offenders = []
        for folder in ("api", "workers"):
            for path in (ROOT / folder).rglob("*.py"):
                if path in allowed:
                    continue
                if found := _mentions(path.read_text()):
                    offenders.append(f"{path.relative_to(ROOT)}: {sorted(found)}")
        assert offenders == []

    def test_email_permissions_use_documented_surfaces_only(self) -> None:
        assert SURFACES == (EXCHANGE_APP_ONLY, GRAPH_MAIL)
        assert EXCHANGE_APP_ONLY.permission == "Exchange.ManageAsApp"
        assert EXCHANGE_APP_ONLY.resource_app_id == "00000002-0000-0ff1-ce00-000000000000"
        assert EXCHANGE_APP_ONLY.directory_role == "29232cdf-9323-42fd-ade2-1d097af3e4de"
        for surface in SURFACES:
            assert surface.documented_at.startswith("https://learn.microsoft.com/")
            assert surface.permission not in EWS_PERMISSIONS
            assert surface.resource_app_id != AZURE_AD_GRAPH_APP_ID
        assert {AZURE_AD_GRAPH_HOST, IMPERSONATION_ROLE} <= RETIRED
