"""The monitoring heartbeat against the emulator: drift in a Monitoring tenant is repaired, a
tenant whose client removed the app or whose GDAP ended turns Access lost with why, and
onboarding it again (Reconsent) brings it back to Monitoring."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx

from api.jobs import JobName
from api.onboarding.heartbeat import SLOTS, slot_at, slot_of, start_heartbeats
from api.resources import Resources
from tests.api.conftest import EMULATOR_URL, PORTAL_APP, Actor
from tests.api.onboarding_support import (
    ACTIVE,
    EMU,
    GLOBAL_ADMIN,
    app_in,
    onboard_and_run,
    onboarding_of,
    pick,
    scenario_customers,
)
from tests.api.test_partner_center_flow import sync, truth_of
from workers.registry import spec
from workers.settings import run_burst


async def heartbeat(worker: Resources) -> int:
    async with worker.transaction() as db:
        started = await start_heartbeats(db, worker.queue, None)
    await run_burst(worker, cron_jobs=[])
    return started


async def row(admin: Actor, tenant_id: str) -> dict[str, Any]:
    response = await admin.get(f"/api/v1/tenants/{tenant_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


async def events(admin: Actor, action: str, tenant_id: str) -> list[dict[str, Any]]:
    response = await admin.get(
        "/api/v1/audit-events", params={"action": action, "target_id": tenant_id}
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def onboarded(synced: Actor, microsoft: httpx.AsyncClient, worker: Resources) -> str:
    tenant_id = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
    assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"
    return tenant_id


async def test_a_removed_app_role_assignment_is_repaired(
    synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
) -> None:
    tenant_id = await onboarded(synced, microsoft, worker)
    before = await app_in(microsoft, tenant_id)
    removed = before["appRoles"][0]
    gone = await microsoft.delete(f"{EMU}/tenants/{tenant_id}/app-role-assignments/{removed['id']}")
    assert gone.status_code == 200, gone.text
    assert len((await app_in(microsoft, tenant_id))["appRoles"]) == len(before["appRoles"]) - 1

    assert await heartbeat(worker) == 1
    after = await app_in(microsoft, tenant_id)
    assert {r["value"] for r in after["appRoles"]} == {p.name for p in ACTIVE.application}
    tenant = await row(synced, tenant_id)
    assert tenant["status"] == "monitoring"
    assert tenant["monitored_at"] is not None
    assert tenant["access_lost_reason"] is None
    repaired = await events(synced, "tenant.monitoring.repaired", tenant_id)
    assert len(repaired) == 1
    assert removed["value"] in repaired[0]["details"]["repaired"]

    # Nothing drifted since: the next heartbeat changes nothing and audits nothing.
    assert await heartbeat(worker) == 1
    assert len(await events(synced, "tenant.monitoring.repaired", tenant_id)) == 1


async def test_the_client_removing_the_app_loses_access_until_reconsent(
    synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
) -> None:
    tenant_id = await onboarded(synced, microsoft, worker)
    removed = await microsoft.delete(f"{EMU}/tenants/{tenant_id}/consents/{PORTAL_APP.client_id}")
    assert removed.status_code == 200, removed.text

    assert await heartbeat(worker) == 1
    tenant = await row(synced, tenant_id)
    assert tenant["status"] == "access_lost"
    assert tenant["access_lost_root_cause"] == "app_removed"
    assert "removed Petra's app" in tenant["access_lost_reason"]
    assert tenant["access_lost_at"] is not None
    assert "reconsent" in tenant["actions"]
    # The table's row says the same as the tenant page.
    page = (await synced.get("/api/v1/tenants", params={"status": "access_lost"})).json()
    listed = [t for t in page["items"] if t["tenant_id"] == tenant_id]
    assert listed
    assert "reconsent" in listed[0]["actions"]
    assert listed[0]["access_lost_reason"] == tenant["access_lost_reason"]
    assert len(await events(synced, "tenant.access_lost", tenant_id)) == 1

    # Monitoring stopped: no heartbeat works on the tenant any more.
    assert await heartbeat(worker) == 0

    # Reconsent: onboarding again puts the app back and the tenant is Monitoring.
    assert (await onboard_and_run(synced, worker, tenant_id))["state"] == "succeeded"
    tenant = await row(synced, tenant_id)
    assert tenant["status"] == "monitoring"
    assert (tenant["access_lost_reason"], tenant["access_lost_root_cause"]) == (None, None)
    assert (await app_in(microsoft, tenant_id))["servicePrincipal"] is not None
    assert await heartbeat(worker) == 1
    assert (await row(synced, tenant_id))["status"] == "monitoring"


async def test_an_ended_relationship_loses_access_with_its_root_cause(
    synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
) -> None:
    tenant_id = await onboarded(synced, microsoft, worker)
    customer = next(
        c for c in (await truth_of(microsoft))["customers"] if c["tenantId"] == tenant_id
    )
    for rel in customer["relationships"]:
        if rel["status"] == "active":
            ended = await microsoft.post(
                f"{EMULATOR_URL}/_emulator/relationships/{rel['id']}/terminate"
            )
            assert ended.status_code == 200, ended.text
    assert (await sync(synced, worker))["state"] == "succeeded"

    assert await heartbeat(worker) == 1
    tenant = await row(synced, tenant_id)
    assert tenant["status"] == "access_lost"
    assert tenant["access_lost_root_cause"] == "gdap_lost"
    assert "expired or was terminated" in tenant["access_lost_reason"]
    view = await onboarding_of(synced, tenant_id)
    assert view["status"] == "access_lost"


async def test_the_heartbeat_is_a_cron_spread_over_its_interval() -> None:
    job = spec(JobName.monitoring_heartbeat)
    assert job.schedule is not None
    assert job.schedule.minute == set(range(5, 60, 10))
    # Every slot comes once in the interval, and tenants spread evenly over the slots.
    ticks = {slot_at(datetime(2026, 12, 1, h, m)) for h in range(6) for m in range(0, 60, 10)}
    assert ticks == set(range(SLOTS))
    ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"tenant-{i}")) for i in range(3600)]
    per_slot = [sum(1 for t in ids if slot_of(t) == s) for s in range(SLOTS)]
    assert min(per_slot) >= 50
    assert max(per_slot) <= 150
