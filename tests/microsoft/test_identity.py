"""Identity client against the emulator: PKCE sign-in, refresh across resources and tenants."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from api.microsoft import GRAPH_DEFAULT, PARTNER_CENTER, REDEEM_SCOPES, SIGN_IN_SCOPES
from api.microsoft.errors import RequestError, SignInError
from api.microsoft.identity import new_code_verifier, new_state
from emulator import browser
from tests.microsoft.conftest import CONSENT_CAPABLE, REDIRECT, Emulator, customers

DAYS = 86_400


async def _code(emu: Emulator) -> tuple[str, str]:
    verifier = new_code_verifier()
    url = emu.identity.authorization_url(
        redirect_uri=REDIRECT, state=new_state(), code_verifier=verifier, scopes=SIGN_IN_SCOPES
    )
    location = await browser.sign_in(emu.http, url, emu.portal.admin_username)
    return parse_qs(urlsplit(location).query)["code"][0], verifier


async def _refresh_token(emu: Emulator) -> str:
    tokens = await emu.sign_in()
    assert tokens.refresh_token is not None
    return tokens.refresh_token.get_secret_value()


class TestAuthorizationUrl:
    def test_carries_s256_challenge_state_and_exact_redirect(self, emu: Emulator) -> None:
        verifier = new_code_verifier()
        url = emu.identity.authorization_url(
            redirect_uri=REDIRECT, state="st-42", code_verifier=verifier, scopes=SIGN_IN_SCOPES
        )
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert parts.path == "/login/organizations/oauth2/v2.0/authorize"
        assert query["code_challenge"] == create_s256_code_challenge(verifier)
        assert query["code_challenge_method"] == "S256"
        assert query["state"] == "st-42"
        assert query["redirect_uri"] == REDIRECT
        assert query["client_id"] == emu.portal.client_id
        assert query["response_type"] == "code"
        assert query["prompt"] == "select_account"
        assert query["scope"].split() == SIGN_IN_SCOPES
        assert verifier not in url

    def test_tenant_and_no_prompt(self, emu: Emulator) -> None:
        url = emu.identity.authorization_url(
            redirect_uri=REDIRECT,
            state="s",
            code_verifier=new_code_verifier(),
            scopes=["openid"],
            tenant="contoso.onmicrosoft.com",
            prompt=None,
        )
        assert "/login/contoso.onmicrosoft.com/oauth2/v2.0/authorize?" in url
        assert "prompt=" not in url


class TestCodeRedemption:
    async def test_sign_in_returns_partner_tokens(self, emu: Emulator) -> None:
        tokens = await emu.sign_in()
        assert tokens.tenant_id == emu.portal.partner_tenant_id
        assert tokens.username == emu.portal.admin_username
        assert tokens.audience == "https://graph.microsoft.com"
        assert tokens.object_id
        assert tokens.refresh_token is not None
        assert tokens.expires_in > 0
        assert tokens.access_token.get_secret_value() not in repr(tokens)

    async def test_reused_code_is_a_sign_in_error(self, emu: Emulator) -> None:
        code, verifier = await _code(emu)
        args = {"code": code, "redirect_uri": REDIRECT, "code_verifier": verifier}
        await emu.identity.redeem_code(**args, scopes=REDEEM_SCOPES)
        with pytest.raises(SignInError) as caught:
            await emu.identity.redeem_code(**args, scopes=REDEEM_SCOPES)
        assert caught.value.code == "AADSTS54005"
        assert caught.value.root_cause.label == "authorization_code_reused"
        assert caught.value.status == 400
        assert caught.value.request_id

    async def test_wrong_verifier_is_refused(self, emu: Emulator) -> None:
        code, _ = await _code(emu)
        with pytest.raises(SignInError) as caught:
            await emu.identity.redeem_code(
                code=code,
                redirect_uri=REDIRECT,
                code_verifier=new_code_verifier(),
                scopes=REDEEM_SCOPES,
            )
        assert caught.value.code == "AADSTS501481"
        assert caught.value.root_cause.layer == "partner_sign_in"


class TestRefresh:
    async def test_one_refresh_token_serves_graph_and_partner_center(self, emu: Emulator) -> None:
        rt = await _refresh_token(emu)
        partner = emu.portal.partner_tenant_id
        graph = await emu.identity.refresh(refresh_token=rt, tenant=partner, scope=GRAPH_DEFAULT)
        assert graph.audience == "https://graph.microsoft.com"
        assert graph.refresh_token is not None
        rotated = graph.refresh_token.get_secret_value()
        assert rotated != rt
        pc = await emu.identity.refresh(refresh_token=rotated, tenant=partner, scope=PARTNER_CENTER)
        assert pc.audience == "https://api.partnercenter.microsoft.com"
        assert pc.tenant_id == partner

    async def test_customer_token_needs_gdap_and_consent(self, emu: Emulator) -> None:
        truth = await emu.truth()
        rt = await _refresh_token(emu)
        ready = next(
            c
            for c in customers(truth, appConsented=True)
            if set(c["adminCoveredRoles"]) & CONSENT_CAPABLE
        )
        tokens = await emu.identity.refresh(
            refresh_token=rt, tenant=ready["tenantId"], scope=GRAPH_DEFAULT
        )
        assert tokens.tenant_id == ready["tenantId"]

        unconsented = next(
            c for c in customers(truth, appConsented=False) if c["adminCoveredRoles"]
        )
        with pytest.raises(RequestError) as caught:
            await emu.identity.refresh(
                refresh_token=rt, tenant=unconsented["tenantId"], scope=GRAPH_DEFAULT
            )
        assert not isinstance(caught.value, SignInError)
        assert caught.value.code == "AADSTS90099"
        assert caught.value.root_cause.label == "app_not_authorized_in_customer"
        assert caught.value.root_cause.layer == "consent"

        uncovered = next(c for c in truth["customers"] if not c["adminCoveredRoles"])
        with pytest.raises(RequestError) as caught:
            await emu.identity.refresh(
                refresh_token=rt, tenant=uncovered["tenantId"], scope=GRAPH_DEFAULT
            )
        assert caught.value.code == "AADSTS50020"
        assert caught.value.root_cause.label == "user_not_in_gdap_group"
        assert caught.value.root_cause.layer == "gdap"

    async def test_resource_without_consent_is_consent_missing(self, emu: Emulator) -> None:
        rt = await _refresh_token(emu)
        with pytest.raises(RequestError) as caught:
            await emu.identity.refresh(
                refresh_token=rt,
                tenant=emu.portal.partner_tenant_id,
                scope="https://outlook.office365.com/.default",
            )
        assert caught.value.code == "AADSTS65001"
        assert caught.value.root_cause.label == "consent_missing"

    async def test_revoked_refresh_token_needs_reauthentication(self, emu: Emulator) -> None:
        rt = await _refresh_token(emu)
        await emu.control("POST", f"/users/{emu.portal.admin_username}/revoke-refresh-tokens")
        with pytest.raises(SignInError) as caught:
            await emu.identity.refresh(
                refresh_token=rt, tenant=emu.portal.partner_tenant_id, scope=GRAPH_DEFAULT
            )
        error = caught.value
        assert error.code == "AADSTS50173"
        assert error.root_cause.label == "partner_sign_in_revoked"
        assert "Reauthenticate" in error.root_cause.action
        assert rt not in str(error)
        assert "Trace ID" not in error.message

    async def test_ninety_one_idle_days_expire_the_sign_in(self, emu: Emulator) -> None:
        rt = await _refresh_token(emu)
        await emu.control("POST", "/clock/advance", json={"seconds": 91 * DAYS})
        with pytest.raises(SignInError) as caught:
            await emu.identity.refresh(
                refresh_token=rt, tenant=emu.portal.partner_tenant_id, scope=GRAPH_DEFAULT
            )
        assert caught.value.code == "AADSTS700082"
        assert caught.value.root_cause.label == "partner_sign_in_expired"
        assert caught.value.root_cause.layer == "partner_sign_in"
