"""MFA on the sign-in page and in tokens, Partner Center's 900421, and injected sign-in failures.

Partner Center enforces MFA on App+User calls: "Beginning April 1, 2026 all App+User usage of
Partner Center APIs will enforce the usage of MFA"
(https://learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication), and
it checks the access token's amr claim for "mfa"
(https://learn.microsoft.com/en-us/powershell/partnercenter/test-partner-security-requirements).
"""

from __future__ import annotations

import pytest

from emulator.tokens import unverified_claims
from tests.emulator.conftest import PC_SCOPE, Emu, pkce


class TestMfaOnSignIn:
    async def test_an_account_with_mfa_gets_the_mfa_step_and_mfa_in_amr(self, emu: Emu) -> None:
        tokens = await emu.sign_in_tokens(emu.portal.admin_username)
        assert unverified_claims(tokens["access_token"])["amr"] == ["pwd", "mfa"]
        refreshed = await emu.refresh(tokens["refresh_token"], PC_SCOPE)
        assert unverified_claims(refreshed.json()["access_token"])["amr"] == ["pwd", "mfa"]

    async def test_an_admin_agent_without_mfa_signs_in_with_password_only(self, emu: Emu) -> None:
        tokens = await emu.sign_in_tokens(emu.portal.no_mfa_username)
        assert unverified_claims(tokens["access_token"])["amr"] == ["pwd"]

    async def test_consent_cannot_skip_the_mfa_step(self, emu: Emu) -> None:
        _, challenge = pkce()
        url = emu.authorize_url(challenge, prompt="consent")
        page = await emu.client.get(url)
        flow = page.text.split("name='flow' value='")[1].split("'")[0]
        action = url.split("?")[0]
        form = {"flow": flow, "username": emu.portal.admin_username, "password": "emulator"}
        mfa_page = await emu.client.post(action, data=form)
        assert "name='mfa'" in mfa_page.text
        skipped = await emu.client.post(action, data={"flow": flow, "consent": "yes"})
        assert skipped.status_code != 302
        assert "AADSTS90014" in skipped.text


class TestPartnerCenterRequiresMfa:
    async def test_a_token_without_mfa_is_answered_401_900421(self, emu: Emu) -> None:
        tokens = await emu.sign_in_tokens(emu.portal.no_mfa_username)
        auth = await emu.bearer(tokens["refresh_token"], PC_SCOPE)
        resp = await emu.client.get("/partnercenter/v1/customers?size=5", headers=auth)
        assert resp.status_code == 401
        assert resp.json()["code"] == 900421

    async def test_a_token_with_mfa_is_served(self, emu: Emu, partner_rt: str) -> None:
        auth = await emu.bearer(partner_rt, PC_SCOPE)
        resp = await emu.client.get("/partnercenter/v1/customers?size=5", headers=auth)
        assert resp.status_code == 200

    async def test_leaving_admin_agents_turns_partner_center_away(
        self, emu: Emu, partner_rt: str
    ) -> None:
        removed = await emu.client.delete(
            f"/_emulator/groups/AdminAgents/members/{emu.portal.admin_username}"
        )
        assert removed.status_code == 200
        auth = await emu.bearer(partner_rt, PC_SCOPE)
        resp = await emu.client.get("/partnercenter/v1/customers?size=5", headers=auth)
        assert resp.status_code == 403


class TestInjectedSignInFailures:
    @pytest.mark.parametrize("code", [50076, 50158, 53003, 70043, 700082, 50173])
    async def test_each_failure_is_invalid_grant_with_its_code_for_one_tenant_only(
        self, emu: Emu, partner_rt: str, code: int
    ) -> None:
        truth = (await emu.client.get("/_emulator/scenario")).json()
        customer = truth["customers"][0]["tenantId"]
        other = truth["partner"]["tenantId"]
        await emu.client.post(
            "/_emulator/faults",
            json={"path": "/login/", "tenant": customer, "rate_error": 1, "error_code": str(code)},
        )
        failed = await emu.refresh(partner_rt, tenant=customer)
        assert failed.status_code == 400
        body = failed.json()
        assert body["error"] == "invalid_grant"
        assert body["error_codes"] == [code]
        assert body["error_description"].startswith(f"AADSTS{code}: ")
        assert (await emu.refresh(partner_rt, tenant=other)).status_code == 200
