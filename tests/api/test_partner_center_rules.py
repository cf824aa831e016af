"""Microsoft's rules on the partner connection, against the emulator: MFA at connect and on
Partner Center calls, sign-in failures named and placed (the partner's or one customer's),
a partner-level failure as one banner, and the connection self-check."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from api.resources import Resources
from emulator.browser import sign_in
from tests.api.conftest import EMULATOR_URL, PORTAL_APP, Actor, World
from tests.api.test_partner_center_flow import all_tenants, connect, sync, truth_of

CONNECTION = "/api/v1/partner-center/connection"


async def inject(microsoft: httpx.AsyncClient, tenant: str, code: int) -> None:
    """A lasting sign-in failure at one tenant's token endpoint, as Microsoft words it."""
    resp = await microsoft.post(
        f"{EMULATOR_URL}/_emulator/faults",
        json={"path": "/login/", "tenant": tenant, "rate_error": 1.0, "error_code": str(code)},
    )
    assert resp.status_code == 201


async def consented_customer(microsoft: httpx.AsyncClient) -> str:
    """A customer whose user count the sync reads through Graph: it asks for a token there."""
    truth = await truth_of(microsoft)
    return next(
        str(c["tenantId"])
        for c in truth["customers"]
        if c["appConsented"]
        and c["adminCoveredRoles"]
        and any(
            r["status"] == "active" and not r["displayName"].startswith("MLT_")
            for r in c["relationships"]
        )
    )


async def audit(admin: Actor, action: str) -> list[dict[str, Any]]:
    page = await admin.get("/api/v1/audit-events", params={"action": action})
    return list(page.json()["items"])


class TestMfaAtConnect:
    async def test_an_admin_agent_without_mfa_is_refused_with_the_mfa_message(
        self, world: World, microsoft: httpx.AsyncClient
    ) -> None:
        admin = await world.admin()
        started = await admin.post("/api/v1/partner-center/connect", json={"return_to": "portal"})
        callback = await sign_in(
            microsoft, started.json()["authorization_url"], PORTAL_APP.no_mfa_username
        )
        split = urlsplit(callback)
        answer = await admin.get(f"{split.path}?{split.query}")
        query = parse_qs(urlsplit(answer.headers["location"]).query)
        assert query["partner_center_error"] == ["mfa_missing"]
        assert (await admin.get(CONNECTION)).json()["state"] == "disconnected"
        refused = await audit(admin, "partner_center.sign_in_refused")
        assert refused[0]["details"]["code"] == "mfa_missing"
        assert "Sign in with MFA" in refused[0]["details"]["message"]

    async def test_reauthenticating_without_mfa_keeps_the_connection_as_it_was(
        self, world: World, microsoft: httpx.AsyncClient
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        started = await admin.post(
            "/api/v1/partner-center/reauthenticate", json={"return_to": "portal"}
        )
        callback = await sign_in(
            microsoft, started.json()["authorization_url"], PORTAL_APP.no_mfa_username
        )
        split = urlsplit(callback)
        answer = await admin.get(f"{split.path}?{split.query}")
        assert answer.headers["location"].endswith("partner_center_error=mfa_missing")
        connection = (await admin.get(CONNECTION)).json()
        assert connection["state"] == "connected"
        assert connection["account"] == PORTAL_APP.admin_username


class TestSignInFailuresAtOneCustomer:
    @pytest.mark.parametrize(
        ("code", "label"),
        [
            (53003, "customer_conditional_access_blocked"),
            (50076, "customer_policy_requires_mfa"),
            (50158, "customer_external_security_challenge"),
            (70043, "customer_sign_in_frequency_reached"),
        ],
    )
    async def test_the_customers_policy_fails_that_tenant_only(
        self,
        world: World,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        code: int,
        label: str,
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        customer = await consented_customer(microsoft)
        await inject(microsoft, customer, code)
        operation = await sync(admin, worker)
        assert operation["state"] == "partially_failed", operation
        rows = {t["tenant_id"]: t for t in await all_tenants(admin)}
        failed = [t for t in rows.values() if t["last_error"]]
        assert [t["tenant_id"] for t in failed] == [customer]
        assert rows[customer]["last_error"]["root_cause"] == label
        assert "service provider users" in rows[customer]["last_error"]["action"]
        connection = (await admin.get(CONNECTION)).json()
        assert connection["state"] == "connected"
        assert connection["problem"] is None
        assert connection["last_error"]["label"] == label
        assert connection["last_error"]["tenant_id"] == customer

    @pytest.mark.parametrize(
        ("code", "label"),
        [(700082, "partner_sign_in_expired"), (50173, "partner_sign_in_revoked")],
    )
    async def test_the_refresh_tokens_own_state_is_the_partners_whichever_tenant_says_it(
        self,
        world: World,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        code: int,
        label: str,
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        await inject(microsoft, await consented_customer(microsoft), code)
        operation = await sync(admin, worker)
        assert operation["state"] == "failed"
        assert operation["error_code"] == "partner_sign_in_required"
        connection = (await admin.get(CONNECTION)).json()
        assert connection["problem"]["label"] == label
        assert connection["problem"]["tenant_id"] is None


class TestPartnerLevelFailure:
    @pytest.mark.parametrize(
        ("code", "label"),
        [
            (53003, "blocked_by_conditional_access"),
            (50076, "mfa_required"),
            (50158, "external_security_challenge"),
            (70043, "sign_in_frequency_reached"),
            (700082, "partner_sign_in_expired"),
            (50173, "partner_sign_in_revoked"),
        ],
    )
    async def test_one_banner_on_the_connection_not_one_error_per_tenant(
        self,
        world: World,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        code: int,
        label: str,
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        first = await sync(admin, worker)
        assert first["state"] == "succeeded"
        await inject(microsoft, PORTAL_APP.partner_tenant_id, code)
        # Cached partner tokens would hide the failure for their hour.
        await microsoft.post(f"{EMULATOR_URL}/_emulator/clock/advance", json={"seconds": 3700})
        broken = await sync(admin, worker)
        assert broken["state"] == "failed"
        assert broken["error_code"] == "partner_sign_in_required"
        connection = (await admin.get(CONNECTION)).json()
        assert connection["state"] == "needs_reauth"
        problem = connection["problem"]
        assert problem["label"] == label
        assert problem["code"] == f"AADSTS{code}"
        assert problem["layer"] == "partner_sign_in"
        assert problem["tenant_id"] is None
        assert problem["action"]
        assert not [t for t in await all_tenants(admin) if t["last_error"]]

    async def test_leaving_admin_agents_stops_the_sync_with_one_banner(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        removed = await microsoft.delete(
            f"{EMULATOR_URL}/_emulator/groups/AdminAgents/members/{PORTAL_APP.admin_username}"
        )
        assert removed.status_code == 200
        broken = await sync(admin, worker)
        assert broken["state"] == "failed"
        assert broken["error_code"] == "partner_connection_failed"
        connection = (await admin.get(CONNECTION)).json()
        assert connection["problem"]["label"] == "partner_not_admin_agent"
        assert "AdminAgents" in connection["problem"]["action"]
        assert not [t for t in await all_tenants(admin) if t["last_error"]]
        checked = (await admin.post(f"{CONNECTION}/check")).json()
        assert checked["admin_agent"] is False
        assert checked["ok"] is False


class TestConnectionCheck:
    async def test_the_check_after_connect_and_on_demand_reports_six_facts(
        self, world: World, microsoft: httpx.AsyncClient
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        after_connect = (await admin.get(CONNECTION)).json()["last_check"]
        assert after_connect["ok"] is True
        assert after_connect["mfa"] is True

        answer = await admin.post(f"{CONNECTION}/check")
        assert answer.status_code == 200, answer.text
        found = answer.json()
        assert found["account"] == PORTAL_APP.admin_username
        assert found["partner_tenant_id"] == PORTAL_APP.partner_tenant_id
        assert found["mfa"] is True
        assert found["admin_agent"] is True
        assert set(found["gdap_groups"]) <= {
            "GDAP Administrators",
            "GDAP Application Admins",
        }
        assert "GDAP Administrators" in found["gdap_groups"]
        assert found["refresh_token_days_left"] in (89, 90)
        assert found["last_error"] is None
        assert found["ok"] is True
        kept = (await admin.get(CONNECTION)).json()["last_check"]
        assert kept["checked_at"] == found["checked_at"]
        events = await audit(admin, "partner_center.connection_checked")
        assert events[0]["details"]["mfa"] is True
        assert events[0]["details"]["admin_agent"] is True

    async def test_the_check_names_the_last_microsoft_error_and_its_cause(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        await inject(microsoft, await consented_customer(microsoft), 53003)
        await sync(admin, worker)
        found = (await admin.post(f"{CONNECTION}/check")).json()
        assert found["ok"] is True
        assert found["last_error"]["label"] == "customer_conditional_access_blocked"
        assert found["last_error"]["code"] == "AADSTS53003"

    async def test_checking_without_a_connection_is_a_clear_conflict(self, world: World) -> None:
        admin = await world.admin()
        answer = await admin.post(f"{CONNECTION}/check")
        assert answer.status_code == 409
        assert answer.json()["code"] == "partner_center_not_connected"
