"""The journey of the Partner Center issue, against the emulator: connect, sync, lose the
sign-in, reauthenticate, sync again — and the same table under throttling and server errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from api.resources import Resources
from api.tenants.roles import CONSENT_ROLES
from emulator.browser import sign_in
from tests.api.conftest import EMULATOR_URL, PORTAL_APP, Actor, World
from workers.settings import run_burst


async def connect(actor: Actor, microsoft: httpx.AsyncClient, path: str = "connect") -> str:
    """Click Connect, sign in at Microsoft as the partner admin, follow the redirect back."""
    started = await actor.post(f"/api/v1/partner-center/{path}", json={"return_to": "portal"})
    assert started.status_code == 200, started.text
    callback = await sign_in(
        microsoft, started.json()["authorization_url"], PORTAL_APP.admin_username
    )
    split = urlsplit(callback)
    answer = await actor.get(f"{split.path}?{split.query}")
    assert answer.status_code == 303
    return answer.headers["location"]


async def sync(actor: Actor, worker: Resources) -> dict[str, Any]:
    started = await actor.post("/api/v1/tenants/sync")
    assert started.status_code == 202, started.text
    await run_burst(worker, cron_jobs=[])
    operation = await actor.get(f"/api/v1/operations/{started.json()['id']}")
    return dict(operation.json())


async def all_tenants(actor: Actor) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 17}
        if cursor:
            params["cursor"] = cursor
        page = (await actor.get("/api/v1/tenants", params=params)).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            assert len(items) == page["total"]
            return items


def expected_table(truth: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What the scenario says the table must hold, computed from the emulator's own truth."""
    expected = {}
    for customer in truth["customers"]:
        active = [
            r
            for r in customer["relationships"]
            if r["status"] == "active" and not r["displayName"].startswith("MLT_")
        ]
        if not active:
            continue
        # Ready only where the connected account holds a consent role through its groups.
        held = set(customer["adminCoveredRoles"])
        expected[customer["tenantId"]] = {
            "display_name": customer["displayName"],
            "domain": customer["domain"],
            "gdap_state": "ready" if held & CONSENT_ROLES else "missing",
            "users": customer["userCount"],
        }
    return expected


async def truth_of(microsoft: httpx.AsyncClient) -> dict[str, Any]:
    return dict((await microsoft.get(f"{EMULATOR_URL}/_emulator/scenario")).json())


def assert_table_matches(table: list[dict[str, Any]], expected: dict[str, dict[str, Any]]) -> None:
    assert {t["tenant_id"] for t in table} == set(expected)
    for tenant in table:
        want = expected[tenant["tenant_id"]]
        assert tenant["display_name"] == want["display_name"]
        assert tenant["default_domain"] == want["domain"]
        assert tenant["gdap_state"] == want["gdap_state"], tenant["tenant_id"]
        assert tenant["active"] is True
        if tenant["users_source"] == "unknown":
            assert tenant["users"] is None
        else:
            assert tenant["users"] == want["users"], tenant["tenant_id"]
        assert tenant["status"] == "not_protected"


class TestConnectSyncReauthenticate:
    async def test_the_whole_journey(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        location = await connect(admin, microsoft)
        assert location == "http://testserver/portal?partner_center=connected"
        connection = (await admin.get("/api/v1/partner-center/connection")).json()
        assert connection["state"] == "connected"
        assert connection["account"] == PORTAL_APP.admin_username
        assert connection["partner_tenant_id"] == PORTAL_APP.partner_tenant_id
        assert (
            connection["refresh_token_days_left"] == 89
            or connection["refresh_token_days_left"] == 90
        )

        operation = await sync(admin, worker)
        assert operation["state"] == "succeeded", operation
        truth = await truth_of(microsoft)
        expected = expected_table(truth)
        table = await all_tenants(admin)
        assert_table_matches(table, expected)
        sources = {t["users_source"] for t in table}
        assert "graph" in sources
        assert "partner_center" in sources
        assert operation["progress"]["succeeded"] == len(expected)

        revoked = await microsoft.post(
            f"{EMULATOR_URL}/_emulator/users/{PORTAL_APP.admin_username}/revoke-refresh-tokens"
        )
        assert revoked.status_code == 200
        # Revoking refresh tokens leaves issued access tokens valid until they expire.
        await microsoft.post(f"{EMULATOR_URL}/_emulator/clock/advance", json={"seconds": 3700})
        broken = await sync(admin, worker)
        assert broken["state"] == "failed"
        assert broken["error_code"] == "partner_sign_in_required"
        connection = (await admin.get("/api/v1/partner-center/connection")).json()
        assert connection["state"] == "needs_reauth"
        assert "Reauthenticate" in connection["reauth_reason"]
        refused = await admin.post("/api/v1/tenants/sync")
        assert refused.status_code == 409
        assert refused.json()["code"] == "partner_center_needs_reauth"
        assert {t["tenant_id"] for t in await all_tenants(admin)} == set(expected)

        assert await connect(admin, microsoft, "reauthenticate") == (
            "http://testserver/portal?partner_center=connected"
        )
        assert (await admin.get("/api/v1/partner-center/connection")).json()["state"] == "connected"
        again = await sync(admin, worker)
        assert again["state"] == "succeeded"
        assert_table_matches(await all_tenants(admin), expected)


class TestFaults:
    async def test_throttling_and_server_errors_end_in_the_same_table(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        fault = await microsoft.post(
            f"{EMULATOR_URL}/_emulator/faults",
            json={
                "path": "/graph/*",
                "rate_429": 0.2,
                "retry_after": [0.01, 0.05],
                "rate_5xx": 0.05,
                "seed": 7,
            },
        )
        assert fault.status_code in (200, 201), fault.text
        pc_fault = await microsoft.post(
            f"{EMULATOR_URL}/_emulator/faults",
            json={
                "path": "/partnercenter/*",
                "rate_429": 0.2,
                "retry_after": [0.02],
                "rate_5xx": 0.05,
                "seed": 8,
            },
        )
        assert pc_fault.status_code in (200, 201), pc_fault.text
        operation = await sync(admin, worker)
        assert operation["state"] == "succeeded", operation
        counters = (
            await microsoft.get(f"{EMULATOR_URL}/_emulator/counters", params={"status": 429})
        ).json()
        assert counters, "the faults should have fired"
        assert_table_matches(await all_tenants(admin), expected_table(await truth_of(microsoft)))


class TestCallbackRefusals:
    async def test_reused_state_is_refused_and_changes_nothing(
        self, world: World, microsoft: httpx.AsyncClient
    ) -> None:
        admin = await world.admin()
        started = await admin.post(
            "/api/v1/partner-center/connect", json={"return_to": "onboarding"}
        )
        callback = await sign_in(
            microsoft, started.json()["authorization_url"], PORTAL_APP.admin_username
        )
        split = urlsplit(callback)
        first = await admin.get(f"{split.path}?{split.query}")
        assert first.headers["location"].endswith("/onboarding?partner_center=connected")
        second = await admin.get(f"{split.path}?{split.query}")
        assert second.headers["location"].endswith("/onboarding?partner_center_error=state_reused")

    async def test_state_from_another_session_is_refused(
        self, world: World, microsoft: httpx.AsyncClient
    ) -> None:
        admin = await world.admin()
        other = await world.login(admin.email)
        started = await admin.post("/api/v1/partner-center/connect", json={"return_to": "portal"})
        callback = await sign_in(
            microsoft, started.json()["authorization_url"], PORTAL_APP.admin_username
        )
        split = urlsplit(callback)
        answer = await other.get(f"{split.path}?{split.query}")
        assert answer.headers["location"].endswith("partner_center_error=state_foreign_session")
        assert (await admin.get("/api/v1/partner-center/connection")).json()[
            "state"
        ] == "disconnected"

    async def test_declined_consent_and_missing_state(self, world: World) -> None:
        admin = await world.admin()
        started = await admin.post("/api/v1/partner-center/connect", json={"return_to": "portal"})
        state = parse_qs(urlsplit(started.json()["authorization_url"]).query)["state"][0]
        declined = await admin.get(
            "/api/v1/partner-center/callback",
            params={"state": state, "error": "access_denied", "error_description": "no"},
        )
        assert declined.headers["location"].endswith("partner_center_error=consent_declined")
        missing = await admin.get("/api/v1/partner-center/callback", params={"code": "x"})
        assert missing.headers["location"].endswith("partner_center_error=state_missing")

    async def test_account_outside_admin_agents_is_refused(
        self, world: World, microsoft: httpx.AsyncClient
    ) -> None:
        admin = await world.admin()
        started = await admin.post("/api/v1/partner-center/connect", json={"return_to": "portal"})
        callback = await sign_in(
            microsoft, started.json()["authorization_url"], PORTAL_APP.non_agent_username
        )
        split = urlsplit(callback)
        answer = await admin.get(f"{split.path}?{split.query}")
        error = parse_qs(urlsplit(answer.headers["location"]).query)["partner_center_error"][0]
        assert error in ("cannot_read_gdap", "not_admin_agent")
        assert (await admin.get("/api/v1/partner-center/connection")).json()[
            "state"
        ] == "disconnected"

    async def test_two_sync_requests_share_one_operation(
        self, world: World, microsoft: httpx.AsyncClient
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        first = await admin.post("/api/v1/tenants/sync")
        second = await admin.post("/api/v1/tenants/sync")
        assert first.json()["id"] == second.json()["id"]
        assert second.status_code == 202


class TestSignInLostMidSync:
    async def test_revocation_between_listing_and_tenant_jobs(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        started = (await admin.post("/api/v1/tenants/sync")).json()
        assert await run_burst(worker, cron_jobs=[], max_burst_jobs=1) == 1
        listed = await all_tenants(admin)
        assert listed
        await microsoft.post(
            f"{EMULATOR_URL}/_emulator/users/{PORTAL_APP.admin_username}/revoke-refresh-tokens"
        )
        await run_burst(worker, cron_jobs=[])
        operation = (await admin.get(f"/api/v1/operations/{started['id']}")).json()
        assert operation["state"] == "failed"
        assert operation["error_code"] == "partner_sign_in_required"
        assert operation["progress"]["pending"] == 0
        connection = (await admin.get("/api/v1/partner-center/connection")).json()
        assert connection["state"] == "needs_reauth"
        assert connection["reauth_root_cause"] == "partner_sign_in_revoked"
        after = await all_tenants(admin)
        assert [t["tenant_id"] for t in after] == [t["tenant_id"] for t in listed]
        assert all(t["gdap_state"] in ("ready", "missing") for t in after)


class TestThrottledTenant:
    async def test_a_tenant_throttled_past_the_inline_budget_finishes_on_its_own(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        expected = expected_table(await truth_of(microsoft))
        slow = sorted(expected)[0]
        rule = await microsoft.post(
            f"{EMULATOR_URL}/_emulator/faults",
            json={"tenant": slow, "rate_429": 1.0, "retry_after": [6]},
        )
        assert rule.status_code == 201, rule.text
        started = (await admin.post("/api/v1/tenants/sync")).json()
        batches = -(-len(expected) // worker.settings.sync_batch_size)
        await run_burst(worker, cron_jobs=[], max_burst_jobs=1)
        await run_burst(worker, cron_jobs=[], max_burst_jobs=batches)
        operation = (await admin.get(f"/api/v1/operations/{started['id']}")).json()
        assert operation["state"] == "running"
        assert operation["progress"]["pending"] == 1
        assert operation["progress"]["succeeded"] == len(expected) - 1
        await microsoft.delete(f"{EMULATOR_URL}/_emulator/faults/{rule.json()['id']}")
        await run_burst(worker, cron_jobs=[])
        operation = (await admin.get(f"/api/v1/operations/{started['id']}")).json()
        assert operation["state"] == "succeeded"
        assert_table_matches(await all_tenants(admin), expected)
