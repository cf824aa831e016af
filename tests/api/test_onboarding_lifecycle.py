"""After onboarding: Email Perms read and fixed from the tenant, pause and resume, offboarding
(Previously Deleted) and onboarding again."""

from __future__ import annotations

from typing import Any

import httpx

from api.onboarding.products import EXCHANGE_ADMINISTRATOR, PRODUCTS, ProductName
from api.resources import Resources
from emulator import catalog
from tests.api.conftest import PORTAL_APP, Actor
from tests.api.onboarding_support import (
    APP_ADMIN,
    EMU,
    GLOBAL_ADMIN,
    app_in,
    latest_steps,
    onboard_and_run,
    onboarding_of,
    pick,
    refuse_grants_read,
    scenario_customers,
)
from workers.settings import run_burst

SCAN = PRODUCTS[ProductName.scan]


async def _run(admin: Actor, worker: Resources, path: str) -> dict[str, Any]:
    started = await admin.post(path)
    assert started.status_code == 202, started.text
    await run_burst(worker, cron_jobs=[])
    return dict((await admin.get(f"/api/v1/operations/{started.json()['id']}")).json())


class TestEmailPermissions:
    async def test_a_removed_exchange_role_needs_a_fix_and_fix_restores_it(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"
        role = (await app_in(microsoft, tenant_id))["directoryRoles"][0]
        removed = await microsoft.delete(f"{EMU}/tenants/{tenant_id}/role-assignments/{role['id']}")
        assert removed.status_code == 200

        checked = await _run(synced, worker, f"/api/v1/tenants/{tenant_id}/email-permissions/check")
        assert checked["state"] == "succeeded", checked
        view = await onboarding_of(synced, tenant_id)
        assert view["email_permissions"] == "needs_fix"
        assert "Exchange Administrator" in view["email_permissions_note"]
        assert "Exchange.ManageAsApp" not in view["email_permissions_note"]

        fixed = await _run(synced, worker, f"/api/v1/tenants/{tenant_id}/email-permissions/fix")
        assert fixed["state"] == "succeeded", fixed
        view = await onboarding_of(synced, tenant_id)
        assert (view["email_permissions"], view["email_permissions_note"]) == ("ok", None)
        assert [h["kind"] for h in view["history"]] == ["email_fix", "email_check", "onboard"]
        app = await app_in(microsoft, tenant_id)
        # Exactly what was missing: the role again, the app role untouched.
        assert [r["roleDefinitionId"] for r in app["directoryRoles"]] == [EXCHANGE_ADMINISTRATOR]
        assert [r["value"] for r in app["appRoles"]].count("Exchange.ManageAsApp") == 1

    async def test_without_privileged_role_administrator_email_perms_name_it(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=APP_ADMIN, consented=False)
        operation = await onboard_and_run(synced, worker, tenant_id)
        assert operation["state"] == "succeeded", operation
        view = await onboarding_of(synced, tenant_id)
        assert view["status"] == "monitoring"
        assert view["email_permissions"] == "needs_fix"
        assert "Privileged Role Administrator" in view["email_permissions_note"]
        detail = (await synced.get(f"/api/v1/tenants/{tenant_id}")).json()
        assert detail["email_permissions_note"] == view["email_permissions_note"]
        steps = {s["name"]: s for s in view["history"][0]["steps"]}
        assert steps["email_permissions"]["state"] == "needs_fix"
        app = await app_in(microsoft, tenant_id)
        # The app role could be granted; the directory role needs the missing GDAP role.
        assert "Exchange.ManageAsApp" in {r["value"] for r in app["appRoles"]}
        assert app["directoryRoles"] == []

        fixed = await _run(synced, worker, f"/api/v1/tenants/{tenant_id}/email-permissions/fix")
        assert fixed["state"] == "succeeded"
        view = await onboarding_of(synced, tenant_id)
        assert view["email_permissions"] == "needs_fix"
        assert "Privileged Role Administrator" in view["email_permissions_note"]

    async def test_email_perms_of_a_tenant_never_onboarded_is_409(
        self, synced: Actor, microsoft: httpx.AsyncClient
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        answer = await synced.post(f"/api/v1/tenants/{tenant_id}/email-permissions/fix")
        assert answer.status_code == 409
        assert answer.json()["code"] == "not_onboarded"


class TestStatus:
    async def test_pause_resume_offboard_and_onboard_again(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"

        paused = await synced.post(f"/api/v1/tenants/{tenant_id}/pause")
        assert paused.status_code == 200, paused.text
        assert paused.json()["status"] == "paused"
        # Pausing keeps Petra's app and what it was granted.
        assert (await app_in(microsoft, tenant_id))["servicePrincipal"] is not None
        again = await synced.post(f"/api/v1/tenants/{tenant_id}/pause")
        assert (again.status_code, again.json()["code"]) == (409, "not_monitoring")
        onboard = await synced.post(
            f"/api/v1/tenants/{tenant_id}/onboard", json={"product": "active"}
        )
        assert (onboard.status_code, onboard.json()["code"]) == (409, "tenant_paused")

        resumed = await synced.post(f"/api/v1/tenants/{tenant_id}/resume")
        assert resumed.status_code == 200
        assert resumed.json()["status"] == "monitoring"

        offboarded = await _run(synced, worker, f"/api/v1/tenants/{tenant_id}/offboard")
        assert offboarded["state"] == "succeeded", offboarded
        view = await onboarding_of(synced, tenant_id)
        assert (view["status"], view["email_permissions"]) == ("previously_deleted", "unknown")
        assert (await app_in(microsoft, tenant_id))["servicePrincipal"] is None
        truth = {c["tenantId"]: c for c in await scenario_customers(microsoft)}
        assert truth[tenant_id]["appConsented"] is False

        assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"
        view = await onboarding_of(synced, tenant_id)
        assert (view["status"], view["email_permissions"]) == ("monitoring", "ok")
        assert [h["kind"] for h in view["history"]] == [
            "onboard",
            "offboard",
            "resume",
            "pause",
            "onboard",
        ]
        row = (await synced.get(f"/api/v1/tenants/{tenant_id}")).json()
        assert row["status"] == "monitoring"

    async def test_resume_of_a_tenant_not_paused_is_409(
        self, synced: Actor, microsoft: httpx.AsyncClient
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        answer = await synced.post(f"/api/v1/tenants/{tenant_id}/resume")
        assert (answer.status_code, answer.json()["code"]) == (409, "not_paused")


class TestProducts:
    async def test_scan_grants_its_read_only_permissions_and_leaves_email_perms_alone(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        assert (await onboard_and_run(synced, worker, tenant_id, "scan"))["state"] == "succeeded"
        view = await onboarding_of(synced, tenant_id)
        assert (view["product"], view["email_permissions"]) == ("scan", "unknown")
        app = await app_in(microsoft, tenant_id)
        assert {r["value"] for r in app["appRoles"]} == {p.name for p in SCAN.application}
        assert app["directoryRoles"] == []

    async def test_a_missing_resource_service_principal_is_created(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        customers = await scenario_customers(microsoft)
        tenant_id = next(
            c["tenantId"]
            for c in customers
            if catalog.O365_MANAGEMENT_APP_ID in c["absentApps"]
            and {catalog.GLOBAL_ADMIN, catalog.APP_ADMIN} & set(c["adminCoveredRoles"])
        )
        assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"
        steps = await latest_steps(synced, tenant_id)
        assert "Office 365 Management APIs" in steps["resource_service_principals"]["message"]
        app = await app_in(microsoft, tenant_id)
        assert "ActivityFeed.Read" in {r["value"] for r in app["appRoles"]}

    async def test_an_already_consented_tenant_has_its_grant_extended(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=True)
        assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"
        steps = await latest_steps(synced, tenant_id)
        assert "already consented" in steps["consent"]["message"]
        assert "Microsoft Graph" in steps["delegated_grants"]["message"]
        app = await app_in(microsoft, tenant_id)
        graph = next(g for g in app["grants"] if g["resourceAppId"] == catalog.GRAPH_APP_ID)
        assert "RoleManagement.ReadWrite.Directory" in graph["scope"].split()


class TestAppRemovedByTheClient:
    async def test_a_check_finds_the_app_gone_and_onboarding_again_restores_it(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"
        # The client's admin deletes Petra's enterprise application in the tenant.
        removed = await microsoft.delete(
            f"{EMU}/tenants/{tenant_id}/consents/{PORTAL_APP.client_id}"
        )
        assert removed.status_code == 200

        checked = await _run(synced, worker, f"/api/v1/tenants/{tenant_id}/email-permissions/check")
        assert checked["state"] == "succeeded", checked
        view = await onboarding_of(synced, tenant_id)
        assert (view["status"], view["email_permissions"]) == ("access_lost", "unknown")
        assert "onboard the tenant again" in view["email_permissions_note"]

        assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"
        view = await onboarding_of(synced, tenant_id)
        assert (view["status"], view["email_permissions"]) == ("monitoring", "ok")


class TestOnboardAgainAfterFailure:
    async def test_a_new_onboarding_resumes_where_the_failed_one_stopped(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
        fault = await refuse_grants_read(microsoft, tenant_id)
        assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "failed"
        await microsoft.delete(f"{EMU}/faults/{fault}")

        assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"
        history = (await onboarding_of(synced, tenant_id))["history"]
        assert [(h["kind"], h["state"]) for h in history] == [
            ("onboard", "succeeded"),
            ("onboard", "failed"),
        ]
        steps = {s["name"]: s for s in history[0]["steps"]}
        # Carried over from the failed onboarding, not run again.
        assert steps["consent"]["attempts"] == 1
        assert (
            steps["application_permissions"]["finished_at"]
            == {s["name"]: s for s in history[1]["steps"]}["application_permissions"]["finished_at"]
        )
        consents = "/partnercenter/v1/customers/{customer_id}/applicationconsents"
        params = {"method": "POST", "path": consents, "tenant": tenant_id}
        assert (await microsoft.get(f"{EMU}/counters", params=params)).json()["total"] == 1
