"""The v2.0 admin consent endpoint, written from learn.microsoft.com/entra/identity-platform/
v2-admin-consent: the request, the successful response and the error response."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from emulator import catalog
from emulator.browser import sign_in
from tests.emulator.conftest import Emu

CALLBACK = "http://localhost:8000/api/v1/tenants/individual/callback"
SCOPE = "https://graph.microsoft.com/.default https://manage.office.com/.default"


def consent_url(emu: Emu, scope: str | None = SCOPE, state: str = "12345") -> str:
    params = {"client_id": emu.portal.client_id, "redirect_uri": CALLBACK, "state": state}
    if scope is not None:
        params["scope"] = scope
    return f"/login/organizations/v2.0/adminconsent?{urlencode(params)}"


def answer(location: str) -> dict[str, list[str]]:
    assert location.startswith(CALLBACK), location
    return parse_qs(urlsplit(location).query)


async def direct(emu: Emu) -> dict[str, Any]:
    return dict((await emu.truth())["directTenants"][0])


class TestAdminConsentV2:
    async def test_direct_tenants_have_no_gdap_and_no_partner_center_record(self, emu: Emu) -> None:
        truth = await emu.truth()
        assert len(truth["directTenants"]) == 2
        ids = {t["tenantId"] for t in truth["directTenants"]}
        assert ids.isdisjoint({c["tenantId"] for c in truth["customers"]})
        assert all(not t["appConsented"] for t in truth["directTenants"])

    async def test_accept_installs_the_app_with_its_application_permissions(self, emu: Emu) -> None:
        tenant = await direct(emu)
        location = await sign_in(emu.client, consent_url(emu), tenant["adminUsername"])
        # Successful response: admin_consent=True, tenant (GUID), scope, state.
        assert answer(location) == {
            "admin_consent": ["True"],
            "tenant": [tenant["tenantId"]],
            "scope": [SCOPE],
            "state": ["12345"],
        }
        app = (
            await emu.client.get(
                f"/_emulator/tenants/{tenant['tenantId']}/apps/{emu.portal.client_id}"
            )
        ).json()
        assert app["servicePrincipal"] is not None
        roles = {(r["resourceAppId"], r["value"]) for r in app["appRoles"]}
        wanted = {
            (api, value)
            for api in (catalog.GRAPH_APP_ID, catalog.O365_MANAGEMENT_APP_ID)
            for value in catalog.PORTAL_APPLICATION_PERMISSIONS[api]
        }
        # Only the resources the scope named: Exchange's permission was not asked for.
        assert roles == wanted

    async def test_the_app_gets_a_token_in_the_tenant_after_consent(self, emu: Emu) -> None:
        tenant = await direct(emu)
        form = {
            "grant_type": "client_credentials",
            "client_id": emu.portal.client_id,
            "client_secret": emu.portal.client_secret,
            "scope": "https://graph.microsoft.com/.default",
        }
        url = f"/login/{tenant['tenantId']}/oauth2/v2.0/token"
        refused = await emu.client.post(url, data=form)
        assert refused.status_code == 400
        assert refused.json()["error_codes"] == [700016]
        await sign_in(emu.client, consent_url(emu), tenant["adminUsername"])
        granted = await emu.client.post(url, data=form)
        assert granted.status_code == 200, granted.text

    async def test_cancel_answers_the_documented_error_response(self, emu: Emu) -> None:
        tenant = await direct(emu)
        location = await sign_in(
            emu.client, consent_url(emu), tenant["adminUsername"], consent=False
        )
        query = answer(location)
        assert query["admin_consent"] == ["True"]
        assert query["error"] == ["consent_required"]
        assert query["error_description"][0].startswith("AADSTS65004:")
        assert query["state"] == ["12345"]
        truth = await emu.truth()
        assert not truth["directTenants"][0]["appConsented"]

    async def test_a_user_without_an_admin_role_is_refused(self, emu: Emu) -> None:
        tenant = await direct(emu)
        location = await sign_in(emu.client, consent_url(emu), tenant["userUsername"])
        query = answer(location)
        assert query["error"] == ["access_denied"]
        assert query["error_description"][0].startswith("AADSTS90094:")
        assert query["state"] == ["12345"]

    async def test_scope_is_required(self, emu: Emu) -> None:
        page = await emu.client.get(consent_url(emu, scope=None))
        query = answer(page.headers["location"])
        assert query["error"] == ["invalid_request"]
        assert query["error_description"][0].startswith("AADSTS900144:")

    async def test_an_unregistered_redirect_uri_stays_on_microsofts_page(self, emu: Emu) -> None:
        url = consent_url(emu).replace("localhost%3A8000", "evil.example")
        page = await emu.client.get(url)
        assert page.status_code == 400
        assert "AADSTS50011" in page.text
