"""Identity platform conformance: auth code + PKCE, refresh, customer tokens, error envelopes."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from emulator import catalog
from emulator.browser import SignInError, sign_in
from tests.emulator.conftest import GRAPH_DEFAULT, PC_SCOPE, REDIRECT, Emu, customers, pkce


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    import json

    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def assert_aad_error(resp: httpx.Response, error: str, code: int, status: int = 400) -> None:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["error"] == error
    assert body["error_codes"] == [code]
    assert body["error_description"].startswith(f"AADSTS{code}:")
    for key in ("trace_id", "correlation_id", "timestamp", "error_uri"):
        assert body[key]


class TestAuthorizationCode:
    async def test_code_flow_returns_signed_tokens(self, emu: Emu) -> None:
        tokens = await emu.sign_in_tokens()
        assert tokens["token_type"] == "Bearer"
        assert tokens["expires_in"] == 3599
        keys = (
            await emu.client.get(f"/login/{emu.portal.partner_tenant_id}/discovery/v2.0/keys")
        ).json()
        decoded = jwt.decode(
            tokens["access_token"], KeySet.import_key_set(keys), algorithms=["RS256"]
        )
        c = decoded.claims
        assert c["aud"] == "https://graph.microsoft.com"
        assert c["tid"] == emu.portal.partner_tenant_id
        assert c["upn"] == emu.portal.admin_username
        assert c["appid"] == emu.portal.client_id
        assert "DelegatedAdminRelationship.ReadWrite.All" in c["scp"].split()
        assert {"iss", "iat", "nbf", "exp", "oid"} <= set(c)

    async def test_redirect_carries_state(self, emu: Emu) -> None:
        _, challenge = pkce()
        location = await sign_in(
            emu.client, emu.authorize_url(challenge, state="abc"), emu.portal.admin_username
        )
        query = parse_qs(urlsplit(location).query)
        assert location.startswith(REDIRECT)
        assert query["state"] == ["abc"]

    async def test_form_post_response_mode(self, emu: Emu) -> None:
        _, challenge = pkce()
        url = emu.authorize_url(challenge, response_mode="form_post")
        page = await emu.client.get(url)
        flow = page.text.split("name='flow' value='")[1].split("'")[0]
        resp = await emu.client.post(
            url.split("?")[0],
            data={"flow": flow, "username": emu.portal.admin_username, "password": "emulator"},
        )
        assert "name='mfa'" in resp.text
        resp = await emu.client.post(url.split("?")[0], data={"flow": flow, "mfa": "approve"})
        assert resp.status_code == 200
        assert f"action='{REDIRECT}'" in resp.text
        assert "name='code'" in resp.text

    async def test_code_is_single_use(self, emu: Emu) -> None:
        code, verifier = await emu.code()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        }
        assert (await emu.token(**form)).status_code == 200
        assert_aad_error(await emu.token(**form), "invalid_grant", 54005)

    async def test_code_expires_after_ten_minutes(self, emu: Emu) -> None:
        code, verifier = await emu.code()
        await emu.client.post("/_emulator/clock/advance", json={"seconds": 601})
        resp = await emu.token(
            grant_type="authorization_code",
            code=code,
            redirect_uri=REDIRECT,
            code_verifier=verifier,
        )
        assert_aad_error(resp, "invalid_grant", 70008)

    async def test_pkce_mismatch_is_invalid_grant(self, emu: Emu) -> None:
        code, _ = await emu.code()
        resp = await emu.token(
            grant_type="authorization_code",
            code=code,
            redirect_uri=REDIRECT,
            code_verifier="x" * 50,
        )
        assert resp.status_code == 400
        assert resp.json()["error"] == "invalid_grant"

    async def test_bad_secret_is_invalid_client_401(self, emu: Emu) -> None:
        code, verifier = await emu.code()
        resp = await emu.token(
            grant_type="authorization_code",
            code=code,
            redirect_uri=REDIRECT,
            code_verifier=verifier,
            client_secret="wrong",
        )
        assert_aad_error(resp, "invalid_client", 7000215, 401)

    async def test_http_basic_client_authentication(self, emu: Emu) -> None:
        code, verifier = await emu.code()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        }
        auth = (emu.portal.client_id, emu.portal.client_secret)
        resp = await emu.client.post("/login/organizations/oauth2/v2.0/token", data=form, auth=auth)
        assert resp.status_code == 200, resp.text

    async def test_unknown_app(self, emu: Emu) -> None:
        resp = await emu.token(
            client_id="00000000-0000-0000-0000-000000000001",
            grant_type="refresh_token",
            refresh_token="x",
            scope=GRAPH_DEFAULT,
        )
        assert_aad_error(resp, "unauthorized_client", 700016)

    async def test_wrong_redirect_uri_shows_error_page(self, emu: Emu) -> None:
        _, challenge = pkce()
        resp = await emu.client.get(
            emu.authorize_url(challenge, redirect_uri="https://evil.example/cb")
        )
        assert resp.status_code == 400
        assert "AADSTS50011" in resp.text

    async def test_wrong_password_stays_on_sign_in(self, emu: Emu) -> None:
        _, challenge = pkce()
        with pytest.raises(SignInError, match="AADSTS50126"):
            await sign_in(
                emu.client, emu.authorize_url(challenge), emu.portal.admin_username, "nope"
            )

    async def test_unsupported_response_type_redirects_with_error(self, emu: Emu) -> None:
        _, challenge = pkce()
        resp = await emu.client.get(emu.authorize_url(challenge, response_type="token"))
        query = parse_qs(urlsplit(resp.headers["location"]).query)
        assert query["error"] == ["unsupported_response_type"]
        assert query["state"] == ["st-1"]

    async def test_id_token_echoes_nonce(self, emu: Emu) -> None:
        code, verifier = await emu.code(nonce="n-123")
        resp = await emu.token(
            grant_type="authorization_code",
            code=code,
            redirect_uri=REDIRECT,
            code_verifier=verifier,
        )
        idt = claims(resp.json()["id_token"])
        discovery = (
            await emu.client.get(
                f"/login/{emu.portal.partner_tenant_id}/v2.0/.well-known/openid-configuration"
            )
        ).json()
        assert idt["nonce"] == "n-123"
        assert idt["aud"] == emu.portal.client_id
        assert idt["iss"] == discovery["issuer"]


class TestConsent:
    async def test_first_use_in_tenant_asks_for_consent(self, emu: Emu) -> None:
        truth = await emu.truth()
        tenant = customers(truth, consented=False)[0]
        _, challenge = pkce()
        location = await sign_in(emu.client, emu.authorize_url(challenge), tenant["adminUsername"])
        assert "code=" in location
        truth = await emu.truth()
        assert next(c for c in truth["customers"] if c["tenantId"] == tenant["tenantId"])[
            "appConsented"
        ]

    async def test_declined_consent_redirects_access_denied(self, emu: Emu) -> None:
        truth = await emu.truth()
        tenant = customers(truth, consented=False)[0]
        _, challenge = pkce()
        location = await sign_in(
            emu.client, emu.authorize_url(challenge), tenant["adminUsername"], consent=False
        )
        query = parse_qs(urlsplit(location).query)
        assert query["error"] == ["access_denied"]

    async def test_admin_consent_for_adding_a_tenant(self, emu: Emu) -> None:
        truth = await emu.truth()
        tenant = customers(truth, consented=False)[0]
        url = (
            f"/login/organizations/adminconsent?client_id={emu.portal.client_id}"
            f"&redirect_uri=http://localhost:8000/api/v1/tenants/individual/callback&state=s9"
        )
        location = await sign_in(emu.client, url, tenant["adminUsername"])
        query = parse_qs(urlsplit(location).query)
        assert query == {"admin_consent": ["True"], "tenant": [tenant["tenantId"]], "state": ["s9"]}


class TestRefresh:
    async def test_rotation_keeps_old_tokens_valid(self, emu: Emu, partner_rt: str) -> None:
        first = await emu.refresh(partner_rt)
        second = await emu.refresh(partner_rt)
        assert first.status_code == second.status_code == 200
        assert first.json()["refresh_token"] != partner_rt
        assert (await emu.refresh(first.json()["refresh_token"])).status_code == 200

    async def test_same_refresh_token_gives_partner_center_token(
        self, emu: Emu, partner_rt: str
    ) -> None:
        for scope in (PC_SCOPE, "https://api.partnercenter.microsoft.com/.default"):
            resp = await emu.refresh(partner_rt, scope)
            assert (
                claims(resp.json()["access_token"])["aud"]
                == "https://api.partnercenter.microsoft.com"
            )

    async def test_several_resources_give_first_resource(self, emu: Emu, partner_rt: str) -> None:
        resp = await emu.refresh(partner_rt, f"{PC_SCOPE} {GRAPH_DEFAULT}")
        assert (
            claims(resp.json()["access_token"])["aud"] == "https://api.partnercenter.microsoft.com"
        )

    async def test_revoked_refresh_token(self, emu: Emu, partner_rt: str) -> None:
        await emu.client.post(f"/_emulator/users/{emu.portal.admin_username}/revoke-refresh-tokens")
        assert_aad_error(await emu.refresh(partner_rt), "invalid_grant", 50173)

    async def test_ninety_days_of_inactivity_expires(self, emu: Emu, partner_rt: str) -> None:
        fresh = (await emu.refresh(partner_rt)).json()["refresh_token"]
        await emu.client.post("/_emulator/clock/advance", json={"seconds": 89 * 86400})
        assert (await emu.refresh(fresh)).status_code == 200
        await emu.client.post("/_emulator/clock/advance", json={"seconds": 2 * 86400})
        assert_aad_error(await emu.refresh(partner_rt), "invalid_grant", 700082)
        assert (await emu.refresh(fresh)).status_code == 200


class TestCustomerTenantTokens:
    async def test_consented_tenant_with_covering_gdap(self, emu: Emu, partner_rt: str) -> None:
        tenant = customers(await emu.truth(), consented=True, covered=set(catalog.ROLES))[0]
        resp = await emu.refresh(partner_rt, tenant=tenant["tenantId"])
        assert resp.status_code == 200, resp.text
        c = claims(resp.json()["access_token"])
        assert c["tid"] == tenant["tenantId"]
        assert set(c["wids"]) == set(tenant["adminCoveredRoles"])

    async def test_not_consented_tenant_is_90099(self, emu: Emu, partner_rt: str) -> None:
        tenant = customers(await emu.truth(), consented=False, covered=set(catalog.ROLES))[0]
        assert_aad_error(
            await emu.refresh(partner_rt, tenant=tenant["tenantId"]), "invalid_grant", 90099
        )

    async def test_tenant_without_covering_gdap_is_50020(self, emu: Emu, partner_rt: str) -> None:
        truth = await emu.truth()
        uncovered = [c for c in truth["customers"] if not c["adminCoveredRoles"]]
        assert uncovered
        assert_aad_error(
            await emu.refresh(partner_rt, tenant=uncovered[0]["tenantId"]), "invalid_grant", 50020
        )

    async def test_unknown_tenant_is_90002(self, emu: Emu, partner_rt: str) -> None:
        resp = await emu.refresh(partner_rt, tenant="11111111-2222-3333-4444-555555555555")
        assert_aad_error(resp, "invalid_request", 90002)


class TestDiscovery:
    async def test_openid_configuration(self, emu: Emu) -> None:
        tid = emu.portal.partner_tenant_id
        doc = (await emu.client.get(f"/login/{tid}/v2.0/.well-known/openid-configuration")).json()
        assert doc["issuer"] == f"http://127.0.0.1:8765/login/{tid}/v2.0"
        assert doc["token_endpoint"] == f"http://127.0.0.1:8765/login/{tid}/oauth2/v2.0/token"
        assert doc["jwks_uri"].startswith("http://127.0.0.1:8765/login/")
