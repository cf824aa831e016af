"""Onboarding many tenants in one operation: the single tenant's steps, one item per tenant,
skipped tenants with why, exclusions, and concurrent requests that never onboard a tenant twice."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from api.resources import Resources
from tests.api.conftest import Actor
from tests.api.onboarding_support import EMU, calls_with, onboarding_of
from workers.settings import run_burst

CONSENTS = "/partnercenter/v1/customers/{customer_id}/applicationconsents"


async def rows(admin: Actor) -> dict[str, dict[str, Any]]:
    response = await admin.get("/api/v1/tenants", params={"limit": 200})
    assert response.status_code == 200, response.text
    return {t["tenant_id"]: t for t in response.json()["items"]}


async def batch(admin: Actor, body: dict[str, Any]) -> dict[str, Any]:
    response = await admin.post("/api/v1/tenants/onboard", json=body)
    assert response.status_code == 202, response.text
    assert response.headers["Location"].endswith(response.json()["operation"]["id"])
    return dict(response.json())


async def operation(admin: Actor, started: dict[str, Any]) -> dict[str, Any]:
    return dict((await admin.get(f"/api/v1/operations/{started['operation']['id']}")).json())


async def test_a_batch_onboards_every_ready_tenant_and_says_why_it_skipped_the_others(
    synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
) -> None:
    table = await rows(synced)
    ready = sorted(t for t, row in table.items() if row["gdap_state"] == "ready")
    not_ready = sorted(t for t, row in table.items() if row["gdap_state"] != "ready")
    assert len(ready) >= 3
    assert not_ready

    started = await batch(synced, {"product": "active", "tenant_ids": [*ready, not_ready[0]]})
    assert started["created"] is True
    assert started["operation"]["kind"] == "onboard"
    assert started["operation"]["progress"]["total"] == len(ready)
    skipped = {s["tenant_id"]: s["reason"] for s in started["skipped"]}
    assert list(skipped) == [not_ready[0]]
    assert skipped[not_ready[0]].startswith("GDAP is not Ready")

    await run_burst(worker, cron_jobs=[])
    done = await operation(synced, started)
    assert done["state"] == "succeeded", done
    for tenant_id in ready:
        view = await onboarding_of(synced, tenant_id)
        assert (view["status"], view["product"]) == ("monitoring", "active"), tenant_id
        assert view["history"][0]["operation_id"] == started["operation"]["id"]
        assert {s["state"] for s in view["history"][0]["steps"]} <= {"done", "needs_fix"}
    assert (await onboarding_of(synced, not_ready[0]))["status"] == "not_protected"

    # Again: every tenant is onboarded already, so nothing runs and nothing is called.
    await microsoft.delete(f"{EMU}/counters")
    again = await batch(synced, {"product": "active", "all_ready": True})
    assert again["operation"]["progress"]["total"] == 0
    assert again["operation"]["state"] == "succeeded"
    assert {s["tenant_id"] for s in again["skipped"]} == set(ready)
    assert all(s["reason"].startswith("Already onboarded") for s in again["skipped"])
    await run_burst(worker, cron_jobs=[])
    assert (await microsoft.get(f"{EMU}/counters")).json()["total"] == 0


async def test_excluded_tenants_never_run(
    synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
) -> None:
    table = await rows(synced)
    ready = sorted(t for t, row in table.items() if row["gdap_state"] == "ready")
    marked, asked = ready[0], ready[1]
    patched = await synced.patch(f"/api/v1/tenants/{marked}", json={"excluded": True})
    assert patched.status_code == 200, patched.text
    await microsoft.delete(f"{EMU}/counters")

    started = await batch(synced, {"product": "active", "all_ready": True, "exclude": [asked]})
    skipped = {s["tenant_id"]: s["reason"] for s in started["skipped"]}
    assert skipped[marked].startswith("Excluded:")
    assert skipped[asked] == "Excluded by this request."
    assert started["operation"]["progress"]["total"] == len(ready) - 2
    await run_burst(worker, cron_jobs=[])
    assert (await operation(synced, started))["state"] == "succeeded"

    for tenant_id in (marked, asked):
        assert (await onboarding_of(synced, tenant_id))["status"] == "not_protected"
        assert (await onboarding_of(synced, tenant_id))["history"] == []
        assert await calls_with(microsoft, "POST", CONSENTS, tenant_id, 201) == 0
    assert (await onboarding_of(synced, ready[2]))["status"] == "monitoring"


async def test_concurrent_batches_onboard_each_tenant_once(
    synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
) -> None:
    table = await rows(synced)
    ready = sorted(t for t, row in table.items() if row["gdap_state"] == "ready")
    await microsoft.delete(f"{EMU}/counters")
    body = {"product": "active", "all_ready": True}
    # A single tenant's onboarding races the batches too.
    responses = await asyncio.gather(
        *(synced.post("/api/v1/tenants/onboard", json=body) for _ in range(10)),
        synced.post(f"/api/v1/tenants/{ready[0]}/onboard", json={"product": "active"}),
    )
    assert {r.status_code for r in responses[:10]} == {202}
    assert responses[10].status_code in (202, 409), responses[10].text
    created = [r.json() for r in responses[:10] if r.json()["created"]]
    assert len(created) == 1
    assert len({r.json()["operation"]["id"] for r in responses[:10]}) == 1

    await run_burst(worker, cron_jobs=[])
    for tenant_id in ready:
        assert (await onboarding_of(synced, tenant_id))["status"] == "monitoring", tenant_id
        # One consent per tenant: created, or found already there (409) for a consented one.
        consents = [await calls_with(microsoft, "POST", CONSENTS, tenant_id, s) for s in (201, 409)]
        assert sum(consents) == 1, (tenant_id, consents)


async def test_a_batch_names_its_tenants_or_all_ready(synced: Actor) -> None:
    for body in (
        {"product": "active"},
        {"product": "active", "all_ready": True, "tenant_ids": []},
        {"product": "active", "all_ready": False},
        {"product": "active", "tenant_ids": [], "exclude": [], "all_ready": True},
    ):
        response = await synced.post("/api/v1/tenants/onboard", json=body)
        assert response.status_code == 422, (body, response.text)
