"""Adding tenants individually, against the emulator: the client's Global Administrator
consents to Petra's app on Microsoft's admin consent page, the portal records the tenant and
checks it with the app's own token until it shows Monitoring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.onboarding.heartbeat import start_heartbeats
from api.partner_center.models import OAuthState
from api.permissions import Role
from api.resources import Resources
from emulator.browser import sign_in
from tests.api.conftest import BASE_URL, EMULATOR_URL, PORTAL_APP, Actor, World
from tests.api.onboarding_support import ACTIVE, app_in, latest_steps, onboarding_of
from tests.api.test_partner_center_flow import all_tenants, connect, sync, truth_of
from workers.settings import run_burst

CONNECT = "/api/v1/tenants/individual/connect"
PORTAL = f"{BASE_URL}/portal"


async def direct_tenants(microsoft: httpx.AsyncClient) -> list[dict[str, Any]]:
    return list((await truth_of(microsoft))["directTenants"])


async def start(actor: Actor, product: str = "active") -> str:
    started = await actor.post(CONNECT, json={"product": product})
    assert started.status_code == 200, started.text
    return str(started.json()["admin_consent_url"])


async def come_back(actor: Actor, location: str) -> str:
    """Follow Microsoft's redirect to the portal's callback; return where the portal sends."""
    split = urlsplit(location)
    assert f"{split.scheme}://{split.netloc}{split.path}" == (
        f"{BASE_URL}/api/v1/tenants/individual/callback"
    )
    answer = await actor.get(f"{split.path}?{split.query}")
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


async def add(
    actor: Actor,
    microsoft: httpx.AsyncClient,
    username: str,
    *,
    consent: bool = True,
    product: str = "active",
) -> str:
    """Add tenant individually, consent at Microsoft as `username`, come back to the portal."""
    location = await sign_in(microsoft, await start(actor, product), username, consent=consent)
    return await come_back(actor, location)


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


async def audit_actions(actor: Actor) -> list[str]:
    events = (await actor.get("/api/v1/audit-events", params={"limit": 100})).json()["items"]
    return [e["action"] for e in events]


@pytest.fixture
async def admin(world: World) -> Actor:
    return await world.admin()


@pytest.fixture
async def direct(microsoft: httpx.AsyncClient) -> dict[str, Any]:
    return (await direct_tenants(microsoft))[0]


class TestAddIndividually:
    async def test_the_admin_consent_url_is_microsofts_v2_endpoint(self, admin: Actor) -> None:
        url = await start(admin)
        split = urlsplit(url)
        assert f"{split.scheme}://{split.netloc}{split.path}" == (
            f"{EMULATOR_URL}/login/organizations/v2.0/adminconsent"
        )
        query = query_of(url)
        assert query["client_id"] == PORTAL_APP.client_id
        assert query["redirect_uri"] == f"{BASE_URL}/api/v1/tenants/individual/callback"
        assert query["scope"].split() == [
            "https://graph.microsoft.com/.default",
            "https://manage.office.com/.default",
            "https://outlook.office365.com/.default",
        ]
        assert len(query["state"]) >= 32

    async def test_a_tenant_without_gdap_reaches_monitoring(
        self,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        direct: dict[str, Any],
    ) -> None:
        landed = await add(admin, microsoft, direct["adminUsername"])
        assert landed.startswith(f"{PORTAL}?")
        answer = query_of(landed)
        assert (answer["individual"], answer["tenant"]) == ("added", direct["tenantId"])
        followed = (await admin.get(f"/api/v1/operations/{answer['operation']}")).json()
        assert (followed["kind"], followed["subject"]) == ("onboard", direct["tenantId"])

        row = (await admin.get(f"/api/v1/tenants/{direct['tenantId']}")).json()
        assert row["added_individually"] is True
        assert row["gdap_state"] == "not_applicable"
        assert row["status"] == "not_protected"

        await run_burst(worker, cron_jobs=[])
        row = (await admin.get(f"/api/v1/tenants/{direct['tenantId']}")).json()
        assert row["status"] == "monitoring"
        assert row["product"] == "active"
        assert row["display_name"] == direct["displayName"]
        assert row["default_domain"] == direct["domain"]
        assert (row["gdap_state"], row["active"]) == ("not_applicable", True)
        assert "request_gdap" not in row["actions"]
        # Admin consent grants no directory role: the client's admin has to assign it.
        assert row["email_permissions"] == "needs_fix"
        view = await onboarding_of(admin, direct["tenantId"])
        assert "Exchange Administrator" in view["email_permissions_note"]
        assert "Global Administrator" in view["email_permissions_note"]

        steps = await latest_steps(admin, direct["tenantId"])
        assert list(steps) == [
            "admin_consent",
            "service_principal",
            "application_permissions",
            "email_permissions",
            "verify",
            "monitoring",
        ]
        assert steps["email_permissions"]["state"] == "needs_fix"
        assert {s["state"] for n, s in steps.items() if n != "email_permissions"} == {"done"}
        app = await app_in(microsoft, direct["tenantId"])
        # `/.default` grants every application permission the registration requires of an API.
        assert {r["value"] for r in app["appRoles"]} >= {p.name for p in ACTIVE.application}

        actions = await audit_actions(admin)
        assert "individual_connect.started" in actions
        assert "tenant.added_individually" in actions

    async def test_no_partner_center_connection_is_needed(
        self, admin: Actor, microsoft: httpx.AsyncClient, direct: dict[str, Any]
    ) -> None:
        connection = (await admin.get("/api/v1/partner-center/connection")).json()
        assert connection["state"] != "connected"
        landed = await add(admin, microsoft, direct["adminUsername"], product="scan")
        assert query_of(landed)["individual"] == "added"

    async def test_consenting_again_adds_no_second_row(
        self,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        direct: dict[str, Any],
    ) -> None:
        await add(admin, microsoft, direct["adminUsername"])
        await run_burst(worker, cron_jobs=[])
        landed = await add(admin, microsoft, direct["adminUsername"])
        assert query_of(landed) == {"individual": "already_present", "tenant": direct["tenantId"]}
        tenants = await all_tenants(admin)
        assert [t["tenant_id"] for t in tenants] == [direct["tenantId"]]
        assert tenants[0]["status"] == "monitoring"
        assert "individual_connect.already_present" in await audit_actions(admin)


class TestDeclinedAndRefused:
    async def test_declined_consent_adds_nothing(
        self, admin: Actor, microsoft: httpx.AsyncClient, direct: dict[str, Any]
    ) -> None:
        landed = await add(admin, microsoft, direct["adminUsername"], consent=False)
        assert landed == f"{PORTAL}?individual_error=consent_declined"
        assert await all_tenants(admin) == []
        assert "individual_connect.refused" in await audit_actions(admin)

    async def test_a_user_who_is_not_an_admin_is_told_so(
        self, admin: Actor, microsoft: httpx.AsyncClient, direct: dict[str, Any]
    ) -> None:
        landed = await add(admin, microsoft, direct["userUsername"])
        assert landed == f"{PORTAL}?individual_error=admin_required"
        assert await all_tenants(admin) == []

    async def test_a_made_up_or_missing_state_changes_nothing(self, admin: Actor) -> None:
        tenant = "3f1c4f6e-0000-4000-8000-000000000001"
        for query, code in (
            (f"admin_consent=True&tenant={tenant}&state=made-up", "state_unknown"),
            (f"admin_consent=True&tenant={tenant}", "state_missing"),
        ):
            answer = await admin.get(f"/api/v1/tenants/individual/callback?{query}")
            assert answer.status_code == 303
            assert answer.headers["location"] == f"{PORTAL}?individual_error={code}"
        assert await all_tenants(admin) == []

    async def test_an_expired_answer_changes_nothing(
        self,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        direct: dict[str, Any],
        db_sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        location = await sign_in(microsoft, await start(admin), direct["adminUsername"])
        # The admin took longer than the state lives.
        async with db_sessions() as db:
            await db.execute(
                update(OAuthState).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
            await db.commit()
        assert await come_back(admin, location) == f"{PORTAL}?individual_error=state_expired"
        assert await all_tenants(admin) == []

    async def test_a_reused_answer_changes_nothing(
        self,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        direct: dict[str, Any],
    ) -> None:
        location = await sign_in(microsoft, await start(admin), direct["adminUsername"])
        assert query_of(await come_back(admin, location))["individual"] == "added"
        again = await come_back(admin, location)
        assert again == f"{PORTAL}?individual_error=state_reused"
        assert len(await all_tenants(admin)) == 1

    async def test_a_forged_tenant_on_a_declined_answer_adds_nothing(
        self, admin: Actor, direct: dict[str, Any]
    ) -> None:
        url = await start(admin)
        state = query_of(url)["state"]
        answer = await admin.get(
            "/api/v1/tenants/individual/callback",
            params={
                "admin_consent": "True",
                "tenant": direct["tenantId"],
                "error": "consent_required",
                "error_description": "AADSTS65004: The resource owner denied the request.",
                "state": state,
            },
        )
        assert answer.headers["location"] == f"{PORTAL}?individual_error=consent_declined"
        assert await all_tenants(admin) == []

    async def test_another_organizations_answer_is_refused(
        self,
        world: World,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        direct: dict[str, Any],
    ) -> None:
        other = await world.admin("Fabrikam MSP")
        location = await sign_in(microsoft, await start(admin), direct["adminUsername"])
        landed = await come_back(other, location)
        assert landed == f"{PORTAL}?individual_error=state_unknown"
        assert await all_tenants(other) == []
        assert await all_tenants(admin) == []
        assert "individual_connect.refused" in await audit_actions(other)
        # Added by its own organization, the tenant stays out of the other's sight.
        assert query_of(await come_back(admin, location))["individual"] == "added"
        assert (await other.get(f"/api/v1/tenants/{direct['tenantId']}")).status_code == 404
        assert await all_tenants(other) == []

    async def test_another_members_answer_is_refused(
        self,
        world: World,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        direct: dict[str, Any],
    ) -> None:
        colleague = await world.as_role(admin, Role.full_member)
        location = await sign_in(microsoft, await start(admin), direct["adminUsername"])
        landed = await come_back(colleague, location)
        assert landed == f"{PORTAL}?individual_error=state_foreign_user"
        assert await all_tenants(admin) == []
        # Someone else's answer does not use the state up: the member who started it can.
        assert query_of(await come_back(admin, location))["individual"] == "added"

    async def test_a_partner_center_sign_in_answer_is_not_an_admin_consent(
        self, admin: Actor, microsoft: httpx.AsyncClient
    ) -> None:
        started = await admin.post("/api/v1/partner-center/connect", json={"return_to": "portal"})
        state = query_of(started.json()["authorization_url"])["state"]
        answer = await admin.get(
            "/api/v1/tenants/individual/callback",
            params={
                "admin_consent": "True",
                "tenant": PORTAL_APP.partner_tenant_id,
                "state": state,
            },
        )
        assert answer.headers["location"] == f"{PORTAL}?individual_error=state_unknown"
        assert await all_tenants(admin) == []


class TestWithGdap:
    async def test_a_gdap_tenant_is_not_added_twice_and_sync_keeps_individual_ones(
        self,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        direct: dict[str, Any],
    ) -> None:
        await add(admin, microsoft, direct["adminUsername"])
        await run_burst(worker, cron_jobs=[])
        await connect(admin, microsoft)
        assert (await sync(admin, worker))["state"] == "succeeded"
        tenants = {t["tenant_id"]: t for t in await all_tenants(admin)}
        kept = tenants[direct["tenantId"]]
        assert (kept["status"], kept["gdap_state"], kept["active"]) == (
            "monitoring",
            "not_applicable",
            True,
        )
        assert kept["added_individually"] is True

        customer = next(
            c
            for c in (await truth_of(microsoft))["customers"]
            if c["tenantId"] in tenants and c["tenantId"] != direct["tenantId"]
        )
        landed = await add(admin, microsoft, customer["adminUsername"])
        assert query_of(landed) == {"individual": "already_present", "tenant": customer["tenantId"]}
        after = {t["tenant_id"]: t for t in await all_tenants(admin)}
        assert len(after) == len(tenants)
        assert after[customer["tenantId"]]["added_individually"] is False
        assert (
            after[customer["tenantId"]]["gdap_state"] == tenants[customer["tenantId"]]["gdap_state"]
        )

        # A second sync leaves the individually added tenant as it was.
        assert (await sync(admin, worker))["state"] == "succeeded"
        again = {t["tenant_id"]: t for t in await all_tenants(admin)}[direct["tenantId"]]
        assert (again["status"], again["gdap_state"], again["active"]) == (
            "monitoring",
            "not_applicable",
            True,
        )


class TestRules:
    async def test_malformed_bodies_are_422(self, admin: Actor) -> None:
        bodies: list[object] = [{}, {"product": "platinum"}, {"product": "active", "x": 1}, []]
        for body in bodies:
            answer = await admin.post(CONNECT, json=body)
            assert answer.status_code == 422, body
            assert answer.headers["content-type"].startswith("application/problem+json")

    async def test_anonymous_callers_are_401(self, anon: httpx.AsyncClient) -> None:
        assert (await anon.post(CONNECT, json={"product": "active"})).status_code == 401
        assert (await anon.get("/api/v1/tenants/individual/callback?state=x")).status_code == 401

    async def test_who_may_add_tenants_individually(self, world: World, admin: Actor) -> None:
        refused = [
            await world.as_role(admin, Role.external_guest),
            await world.as_role(admin, Role.billing),
            await world.as_role(admin, Role.full_member, can_manage_tenants=False),
            await world.api_key(admin, "read_write"),
        ]
        for actor in refused:
            answer = await actor.post(CONNECT, json={"product": "active"})
            assert answer.status_code == 403, answer.text
        member = await world.as_role(admin, Role.full_member)
        assert (await member.post(CONNECT, json={"product": "scan"})).status_code == 200


class TestMonitoring:
    async def test_the_heartbeat_checks_it_without_partner_center_and_a_new_consent_restores_it(
        self,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        direct: dict[str, Any],
    ) -> None:
        await add(admin, microsoft, direct["adminUsername"])
        await run_burst(worker, cron_jobs=[])
        tenant = f"/api/v1/tenants/{direct['tenantId']}"
        assert (await admin.get(tenant)).json()["monitored_at"] is None

        async with worker.transaction() as db:
            assert await start_heartbeats(db, worker.queue, None) == 1
        await run_burst(worker, cron_jobs=[])
        row = (await admin.get(tenant)).json()
        assert (row["status"], row["monitored_at"] is not None) == ("monitoring", True)

        # The client's admin removes Petra's app: the next heartbeat says so.
        removed = await microsoft.delete(
            f"{EMULATOR_URL}/_emulator/tenants/{direct['tenantId']}/consents/{PORTAL_APP.client_id}"
        )
        assert removed.status_code == 200, removed.text
        async with worker.transaction() as db:
            await start_heartbeats(db, worker.queue, None)
        await run_burst(worker, cron_jobs=[])
        row = (await admin.get(tenant)).json()
        assert (row["status"], row["access_lost_root_cause"]) == ("access_lost", "app_removed")
        assert "Add the tenant individually again" in row["access_lost_reason"]
        assert "reconsent" in row["actions"]

        # Its admin consents again: the same row is checked again and monitored.
        landed = await add(admin, microsoft, direct["adminUsername"])
        assert query_of(landed)["individual"] == "reconsented"
        await run_burst(worker, cron_jobs=[])
        row = (await admin.get(tenant)).json()
        assert (row["status"], row["access_lost_reason"]) == ("monitoring", None)
        assert len(await all_tenants(admin)) == 1
        assert "tenant.reconsented_individually" in await audit_actions(admin)
