"""Onboarding tenants without the client's admin, against the emulator: consent through Partner
Center, the app's permissions, Email Perms, pause, resume, offboarding and onboarding again."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from api.onboarding.products import EXCHANGE_ADMINISTRATOR
from api.onboarding.steps import SP_LOOKUPS, SP_MIN_WAIT, SP_WAITS, sp_wait
from api.resources import Resources
from emulator import catalog
from tests.api.conftest import PORTAL_APP, Actor, World
from tests.api.onboarding_support import (
    ACTIVE,
    EMU,
    GLOBAL_ADMIN,
    app_in,
    calls_with,
    latest_steps,
    onboard_and_run,
    onboarding_of,
    pick,
    refuse_grants_read,
    scenario_customers,
)
from workers.settings import run_burst


class TestOnboard:
    async def test_a_ready_tenant_onboards_to_active_and_monitors(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        operation = await onboard_and_run(synced, worker, tenant_id)
        assert operation["state"] == "succeeded", operation

        view = await onboarding_of(synced, tenant_id)
        assert (view["status"], view["product"]) == ("monitoring", "active")
        assert view["email_permissions"] == "ok"
        record = view["history"][0]
        assert (record["kind"], record["state"], record["product"]) == (
            "onboard",
            "succeeded",
            "active",
        )
        steps = {s["name"]: s for s in record["steps"]}
        assert list(steps) == [
            "preflight",
            "consent",
            "service_principal",
            "resource_service_principals",
            "application_permissions",
            "delegated_grants",
            "email_permissions",
            "verify",
            "monitoring",
        ]
        assert {s["state"] for s in steps.values()} == {"done"}
        # The app appeared after the consent's propagation delay: looked for more than once.
        assert steps["service_principal"]["attempts"] >= 2
        assert all(s["started_at"] and s["finished_at"] for s in steps.values())

        app = await app_in(microsoft, tenant_id)
        assert {r["value"] for r in app["appRoles"]} == {p.name for p in ACTIVE.application}
        assert [r["roleDefinitionId"] for r in app["directoryRoles"]] == [EXCHANGE_ADMINISTRATOR]
        graph_grant = next(g for g in app["grants"] if g["resourceAppId"] == catalog.GRAPH_APP_ID)
        assert set(graph_grant["scope"].split()) == set(ACTIVE.delegated_for(catalog.GRAPH_APP_ID))

        row = (await synced.get(f"/api/v1/tenants/{tenant_id}")).json()
        assert (row["status"], row["email_permissions"]) == ("monitoring", "ok")

    async def test_onboarding_an_onboarded_tenant_says_so_and_changes_nothing(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"
        await microsoft.delete(f"{EMU}/counters")
        again = await synced.post(
            f"/api/v1/tenants/{tenant_id}/onboard", json={"product": "active"}
        )
        assert again.status_code == 409
        assert again.json()["code"] == "already_onboarded"
        assert "already onboarded to Petra Active" in again.json()["detail"]
        assert (await microsoft.get(f"{EMU}/counters")).json()["total"] == 0
        assert len((await onboarding_of(synced, tenant_id))["history"]) == 1

    async def test_a_retry_resumes_at_the_failed_step_and_grants_each_permission_once(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        fault = await refuse_grants_read(microsoft, tenant_id)
        failed = await onboard_and_run(synced, worker, tenant_id)
        assert failed["state"] == "failed", failed
        steps = await latest_steps(synced, tenant_id)
        assert steps["delegated_grants"]["state"] == "failed"
        assert steps["delegated_grants"]["root_cause"] == "gdap_role_missing"
        assert steps["delegated_grants"]["message"]
        assert steps["application_permissions"]["state"] == "done"
        assert (await onboarding_of(synced, tenant_id))["status"] == "not_protected"

        await microsoft.delete(f"{EMU}/faults/{fault}")
        retried = await synced.post(f"/api/v1/operations/{failed['id']}/retry")
        assert retried.status_code == 202, retried.text
        await run_burst(worker, cron_jobs=[])
        operation = (await synced.get(f"/api/v1/operations/{failed['id']}")).json()
        assert operation["state"] == "succeeded", operation
        steps = await latest_steps(synced, tenant_id)
        # Done steps were not run again; the failed one was, once more.
        assert steps["consent"]["attempts"] == 1
        assert steps["application_permissions"]["attempts"] == 1
        assert steps["delegated_grants"]["attempts"] == 2
        assert {s["state"] for s in steps.values()} == {"done"}

        consents = "/partnercenter/v1/customers/{customer_id}/applicationconsents"
        assert await calls_with(microsoft, "POST", consents, tenant_id, 201) == 1
        assigned = "/graph/v1.0/servicePrincipals/{key}/appRoleAssignedTo"
        assert await calls_with(microsoft, "POST", assigned, tenant_id, 201) == len(
            ACTIVE.application
        )
        assert await calls_with(microsoft, "POST", assigned, tenant_id, 400) == 0
        app = await app_in(microsoft, tenant_id)
        assert len(app["appRoles"]) == len(ACTIVE.application)
        assert (await onboarding_of(synced, tenant_id))["status"] == "monitoring"

    async def test_a_tenant_not_ready_fails_preflight_naming_the_fix(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenants = (await synced.get("/api/v1/tenants", params={"gdap_state": "missing"})).json()
        tenant = tenants["items"][0]
        await microsoft.delete(f"{EMU}/counters")
        operation = await onboard_and_run(synced, worker, tenant["tenant_id"])
        assert operation["state"] == "failed"
        record = (await onboarding_of(synced, tenant["tenant_id"]))["history"][0]
        preflight = record["steps"][0]
        assert (preflight["name"], preflight["state"]) == ("preflight", "failed")
        assert preflight["root_cause"] == "gdap_not_ready"
        detail = (await synced.get(f"/api/v1/tenants/{tenant['tenant_id']}")).json()
        # The fix the tenant table names (role, group or GDAP request) is the one given here.
        assert detail["gdap_missing_reason"] in preflight["message"]
        assert "Administrator" in preflight["message"]
        assert record["state"] == "failed"
        assert (await microsoft.get(f"{EMU}/counters")).json()["total"] == 0

    async def test_100_concurrent_requests_start_one_operation(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        await microsoft.delete(f"{EMU}/counters")
        answers = await asyncio.gather(
            *(
                synced.post(f"/api/v1/tenants/{tenant_id}/onboard", json={"product": "active"})
                for _ in range(100)
            )
        )
        assert {a.status_code for a in answers} == {202}
        assert len({a.json()["id"] for a in answers}) == 1
        assert len((await onboarding_of(synced, tenant_id))["history"]) == 1
        operations = (await synced.get("/api/v1/operations", params={"kind": "onboard"})).json()
        assert [o["id"] for o in operations["items"]] == [answers[0].json()["id"]]

        await run_burst(worker, cron_jobs=[])
        done = (await synced.get(f"/api/v1/operations/{answers[0].json()['id']}")).json()
        assert done["state"] == "succeeded", done
        consents = "/partnercenter/v1/customers/{customer_id}/applicationconsents"
        assert await calls_with(microsoft, "POST", consents, tenant_id, 201) == 1
        assert await calls_with(microsoft, "POST", consents, tenant_id, 409) == 0

    async def test_a_bad_product_is_422(self, synced: Actor, microsoft: httpx.AsyncClient) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        answer = await synced.post(
            f"/api/v1/tenants/{tenant_id}/onboard", json={"product": "petra-max"}
        )
        assert answer.status_code == 422

    async def test_another_organizations_tenant_is_404(
        self, synced: Actor, world: World, microsoft: httpx.AsyncClient
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        other = await world.admin("Other MSP")
        for path in ("onboard", "offboard", "pause", "email-permissions/fix"):
            answer = await other.post(
                f"/api/v1/tenants/{tenant_id}/{path}", json={"product": "active"}
            )
            assert answer.status_code == 404, path
        assert (await other.get(f"/api/v1/tenants/{tenant_id}/onboarding")).status_code == 404
        answer = await other.post(
            f"/api/v1/tenants/{tenant_id}/onboard", json={"product": "active"}
        )
        assert answer.status_code == 404

    async def test_the_catalog_names_a_reason_for_every_permission(self, synced: Actor) -> None:
        catalog_out = (await synced.get("/api/v1/products")).json()
        assert catalog_out["version"]
        names = {p["name"] for p in catalog_out["products"]}
        assert names == {"active", "autopsy", "scan"}
        for product in catalog_out["products"]:
            assert all(p["reason"] for p in product["permissions"])


class TestWaitingForTheApp:
    def test_the_app_is_looked_for_every_second_at_first_then_less_often_for_two_minutes(
        self,
    ) -> None:
        due = [sum(SP_WAITS[:n]) for n in range(1, SP_LOOKUPS)]
        assert due[:10] == [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]
        assert 120 <= due[-1] <= 130
        # Counted from the first look: a look that took long does not push the next ones back.
        assert sp_wait(3, waited=2.0) == pytest.approx(0.5)
        assert sp_wait(3, waited=9.0) == SP_MIN_WAIT

    async def test_the_wait_for_the_app_holds_no_worker(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        await microsoft.put(f"{EMU}/settings", json={"propagation_delay_seconds": 600})
        started = await synced.post(
            f"/api/v1/tenants/{tenant_id}/onboard", json={"product": "active"}
        )
        # The operation's job, then the tenant's: it ends waiting, with a deferred job of its own
        # (one job per call: arq counts a job that just finished twice until its next poll).
        assert await run_burst(worker, cron_jobs=[], max_burst_jobs=1) == 1
        assert await run_burst(worker, cron_jobs=[], max_burst_jobs=1) == 1
        operation = (await synced.get(f"/api/v1/operations/{started.json()['id']}")).json()
        assert operation["state"] == "running"
        assert operation["progress"]["waiting_on_microsoft"] == 1
        steps = await latest_steps(synced, tenant_id)
        assert steps["consent"]["state"] == "done"
        waiting = steps["service_principal"]
        assert (waiting["state"], waiting["attempts"]) == ("waiting", 1)
        assert "Waiting for Petra's app" in waiting["message"]

        await microsoft.post(f"{EMU}/clock/advance", json={"seconds": 601})
        await run_burst(worker, cron_jobs=[])
        operation = (await synced.get(f"/api/v1/operations/{started.json()['id']}")).json()
        assert operation["state"] == "succeeded", operation
        found = (await latest_steps(synced, tenant_id))["service_principal"]
        assert (found["state"], found["attempts"]) == ("done", 2)

    async def test_a_cancelled_onboarding_shows_cancelled(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        await microsoft.put(f"{EMU}/settings", json={"propagation_delay_seconds": 600})
        started = await synced.post(
            f"/api/v1/tenants/{tenant_id}/onboard", json={"product": "active"}
        )
        await run_burst(worker, cron_jobs=[], max_burst_jobs=1)
        await run_burst(worker, cron_jobs=[], max_burst_jobs=1)
        cancelled = await synced.post(f"/api/v1/operations/{started.json()['id']}/cancel")
        assert cancelled.status_code in (200, 202), cancelled.text
        view = await onboarding_of(synced, tenant_id)
        assert view["history"][0]["state"] == "cancelled"
        assert view["status"] == "not_protected"


class TestSignInLost:
    async def test_a_revoked_partner_sign_in_stops_the_onboarding_and_says_reauthenticate(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        started = await synced.post(
            f"/api/v1/tenants/{tenant_id}/onboard", json={"product": "active"}
        )
        user = PORTAL_APP.admin_username
        revoked = await microsoft.post(f"{EMU}/users/{user}/revoke-refresh-tokens")
        assert revoked.status_code == 200, revoked.text
        await run_burst(worker, cron_jobs=[])
        operation = (await synced.get(f"/api/v1/operations/{started.json()['id']}")).json()
        assert operation["state"] == "failed", operation
        record = (await onboarding_of(synced, tenant_id))["history"][0]
        assert record["state"] == "failed"
        assert "Reauthenticate Partner Center" in record["message"]
        connection = (await synced.get("/api/v1/partner-center/connection")).json()
        assert connection["state"] == "needs_reauth"
