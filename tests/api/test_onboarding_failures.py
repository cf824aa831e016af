"""What Microsoft refuses for good ends an onboarding at once, with the root cause a person can
act on: an account outside AdminAgents, a relationship expired since the sync, the client
removing the app part-way. None of them is tried again and again. (GDAP without the roles
onboarding needs fails its preflight: tests/api/test_onboarding.py.)"""

from __future__ import annotations

from typing import Any

import httpx

from api.resources import Resources
from tests.api.conftest import EMULATOR_URL, PORTAL_APP, Actor
from tests.api.onboarding_support import (
    ACTIVE,
    CONSENTS,
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
from tests.api.test_partner_center_flow import truth_of
from workers.settings import run_burst


async def fresh_ready_tenant(microsoft: httpx.AsyncClient) -> str:
    return pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)


async def assert_consent_refused_once(
    microsoft: httpx.AsyncClient, admin: Actor, tenant_id: str
) -> None:
    """Partner Center refused the consent once, none was made, and the tenant stays as it was."""
    assert await calls_with(microsoft, "POST", CONSENTS, tenant_id, 403) == 1
    assert await calls_with(microsoft, "POST", CONSENTS, tenant_id, 201) == 0
    assert (await onboarding_of(admin, tenant_id))["status"] == "not_protected"


def tried_once(steps: dict[str, dict[str, Any]], failed: str) -> None:
    """The failed step ran once; nothing after it ran."""
    names = list(steps)
    assert steps[failed]["state"] == "failed", steps
    assert steps[failed]["attempts"] == 1, steps[failed]
    for later in names[names.index(failed) + 1 :]:
        assert steps[later]["state"] == "pending", steps[later]


async def test_an_account_outside_admin_agents_fails_naming_the_group(
    synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
) -> None:
    tenant_id = await fresh_ready_tenant(microsoft)
    removed = await microsoft.delete(
        f"{EMU}/groups/AdminAgents/members/{PORTAL_APP.admin_username}"
    )
    assert removed.status_code == 200, removed.text
    await microsoft.delete(f"{EMU}/counters")

    operation = await onboard_and_run(synced, worker, tenant_id)
    assert operation["state"] == "failed", operation
    # The account's, not the tenant's: the operation stops and names the fix.
    assert operation["error_code"] == "partner_connection_failed"
    record = (await onboarding_of(synced, tenant_id))["history"][0]
    assert record["state"] == "failed"
    assert "AdminAgents" in record["message"]
    steps = await latest_steps(synced, tenant_id)
    tried_once(steps, "consent")
    assert steps["consent"]["root_cause"] == "partner_not_admin_agent"
    assert "Add the connected account back to AdminAgents" in steps["consent"]["message"]
    connection = (await synced.get("/api/v1/partner-center/connection")).json()
    assert connection["problem"]["label"] == "partner_not_admin_agent"
    await assert_consent_refused_once(microsoft, synced, tenant_id)


async def test_a_relationship_expired_since_the_sync_fails_naming_gdap(
    synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
) -> None:
    tenant_id = await fresh_ready_tenant(microsoft)
    customer = next(
        c for c in (await truth_of(microsoft))["customers"] if c["tenantId"] == tenant_id
    )
    for rel in customer["relationships"]:
        if rel["status"] == "active":
            ended = await microsoft.post(
                f"{EMULATOR_URL}/_emulator/relationships/{rel['id']}/expire"
            )
            assert ended.status_code == 200, ended.text
    await microsoft.delete(f"{EMU}/counters")

    operation = await onboard_and_run(synced, worker, tenant_id)
    assert operation["state"] == "failed", operation
    steps = await latest_steps(synced, tenant_id)
    tried_once(steps, "consent")
    # The account is an admin agent: what Partner Center refused is this tenant's GDAP.
    assert steps["consent"]["root_cause"] == "gdap_not_ready"
    assert "expired or been terminated since the last sync" in steps["consent"]["message"]
    assert "send the client a GDAP request" in steps["consent"]["message"]
    await assert_consent_refused_once(microsoft, synced, tenant_id)


async def test_the_client_removing_the_app_part_way_fails_naming_reconsent(
    synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
) -> None:
    tenant_id = await fresh_ready_tenant(microsoft)
    # The onboarding stops after the app appeared (a refusal on the grants' read) ...
    fault = await refuse_grants_read(microsoft, tenant_id)
    failed = await onboard_and_run(synced, worker, tenant_id)
    assert failed["state"] == "failed", failed
    await microsoft.delete(f"{EMU}/faults/{fault}")
    # ... and meanwhile the client's admin deletes Petra's enterprise application.
    removed = await microsoft.delete(f"{EMU}/tenants/{tenant_id}/consents/{PORTAL_APP.client_id}")
    assert removed.status_code == 200, removed.text

    retried = await synced.post(f"/api/v1/operations/{failed['id']}/retry")
    assert retried.status_code == 202, retried.text
    await run_burst(worker, cron_jobs=[])
    operation = (await synced.get(f"/api/v1/operations/{failed['id']}")).json()
    assert operation["state"] == "failed", operation
    steps = await latest_steps(synced, tenant_id)
    grants = steps["delegated_grants"]
    # Failed at once with why, not waited on as if the app were still propagating.
    assert (grants["state"], grants["root_cause"]) == ("failed", "app_removed")
    assert grants["attempts"] == 2
    assert "removed Petra's app" in grants["message"]
    assert "Reconsent" in grants["message"]

    # Retrying consents again (the client's removal undid it) and completes.
    retried = await synced.post(f"/api/v1/operations/{failed['id']}/retry")
    assert retried.status_code == 202, retried.text
    await run_burst(worker, cron_jobs=[])
    operation = (await synced.get(f"/api/v1/operations/{failed['id']}")).json()
    assert operation["state"] == "succeeded", operation
    steps = await latest_steps(synced, tenant_id)
    assert steps["consent"]["attempts"] == 2
    assert {s["state"] for s in steps.values()} == {"done"}
    assert await calls_with(microsoft, "POST", CONSENTS, tenant_id, 201) == 2
    app = await app_in(microsoft, tenant_id)
    assert {r["value"] for r in app["appRoles"]} == {p.name for p in ACTIVE.application}
    assert (await onboarding_of(synced, tenant_id))["status"] == "monitoring"
