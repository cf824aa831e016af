"""A batch onboarding of 200 tenants while its worker processes are SIGKILLed again and again,
against the emulator as its own process: every tenant still ends Monitoring, and Microsoft saw
each side effect (consent, service principal, app role, grant, directory role) made once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest

from api.settings import Settings
from tests.api.conftest import World
from tests.api.onboarding_support import assert_made_once
from tests.api.test_partner_center_flow import connect
from tests.operations import test_killed_worker as killed
from tests.operations.helpers import FINISHED, items, operation, until
from tests.operations.test_killed_worker import WORKER, Children, worker_env

# The processes, API and settings of the killed-worker tests, this module's emulator aside.
children = killed.children
live_http = killed.live_http
live_settings = killed.live_settings
live_world = killed.live_world

TENANTS = 200
# A generated scenario holds Ready tenants among others (about half): room for 200.
SCENARIO_SIZE = 3 * TENANTS
KILLS = 6
# A worker is killed once this many more tenants finished since it started, so it dies with
# tenants part-way through their steps (their Microsoft calls made, their journal not yet).
FINISHED_PER_WORKER = 20


@pytest.fixture
async def microsoft_url(children: Children) -> str:
    """The emulator as its own process, with a generated scenario large enough for 200."""
    return await killed.start_emulator(
        children, "--scenario", "generated", "--size", str(SCENARIO_SIZE), within=60
    )


async def ready_tenants(admin: Any) -> list[str]:
    found: list[str] = []
    params: dict[str, Any] = {"limit": 200, "gdap_state": "ready"}
    while True:
        page = (await admin.get("/api/v1/tenants", params=params)).json()
        found += [t["tenant_id"] for t in page["items"]]
        if not page.get("next_cursor"):
            return found
        params["cursor"] = page["next_cursor"]


async def test_onboarding_200_tenants_survives_workers_killed_again_and_again(
    live_world: World,
    live_http: httpx.AsyncClient,
    live_settings: Settings,
    microsoft_url: str,
    children: Children,
) -> None:
    emu = f"{microsoft_url}/_emulator"
    admin = await live_world.admin()
    await connect(admin, live_http)
    children.env = {**worker_env(live_settings), "WORKER_MAX_JOBS": "25"}
    names = ["worker-0", "worker-1"]
    children.start("worker-0", WORKER)
    children.start("worker-1", WORKER)

    synced = await admin.post("/api/v1/tenants/sync")
    assert synced.status_code == 202, synced.text

    async def sync_finished() -> bool:
        children.check_alive(*names)
        return (await operation(admin, synced.json()["id"]))["state"] in FINISHED

    await until(sync_finished, within=120, every=0.2)
    assert (await operation(admin, synced.json()["id"]))["state"] == "succeeded"
    ready = (await ready_tenants(admin))[:TENANTS]
    assert len(ready) == TENANTS
    # The app appears a moment after each consent: tenants wait for it through the engine.
    await live_http.put(f"{emu}/settings", json={"propagation_delay_seconds": 0.5})
    (await live_http.delete(f"{emu}/counters")).raise_for_status()

    started = await admin.post(
        "/api/v1/tenants/onboard", json={"product": "active", "tenant_ids": ready}
    )
    assert started.status_code == 202, started.text
    operation_id = started.json()["operation"]["id"]
    assert started.json()["operation"]["progress"]["total"] == TENANTS

    # Two workers at a time; the older one is SIGKILLed each time enough more tenants finished,
    # and a new one takes its place at once.
    kills = 0
    at_kill: list[int] = []

    async def finished_count() -> tuple[int, bool]:
        children.check_alive(*names)
        current = await operation(admin, operation_id)
        progress = current["progress"]
        return int(progress["succeeded"]) + int(progress["failed"]), current["state"] in FINISHED

    while kills < KILLS:
        last = at_kill[-1] if at_kill else 0

        async def progressed(since: int = last) -> bool:
            count, ended = await finished_count()
            return ended or count - since >= FINISHED_PER_WORKER

        await until(progressed, within=120, every=0.1)
        count, ended = await finished_count()
        if ended:
            break
        children.kill(names.pop(0))
        kills += 1
        at_kill.append(count)
        names.append(f"worker-{kills + 1}")
        children.start(names[-1], WORKER)

    async def finished() -> bool:
        children.check_alive(*names)
        return (await operation(admin, operation_id))["state"] in FINISHED

    await until(finished, within=180, every=0.2)
    # The kills landed while the batch was under way, not after it.
    assert kills == KILLS, at_kill
    assert all(0 < n < TENANTS for n in at_kill), at_kill

    result = await operation(admin, operation_id)
    assert result["state"] == "succeeded", result
    assert result["progress"]["succeeded"] == TENANTS
    rows = await items(admin, operation_id)
    assert {row["state"] for row in rows.values()} == {"succeeded"}
    interrupted = 0
    again: Counter[str] = Counter()
    for tenant_id in ready:
        view = (await admin.get(f"/api/v1/tenants/{tenant_id}/onboarding")).json()
        assert view["status"] == "monitoring", tenant_id
        assert len(view["history"]) == 1, tenant_id
        steps = view["history"][0]["steps"]
        assert {s["state"] for s in steps} <= {"done", "needs_fix"}, (tenant_id, steps)
        # A step started again though it never waited: its worker died while it ran (the
        # preflight runs again after every wait for the app, so it does not tell).
        rerun = [s["name"] for s in steps if s["attempts"] > 1]
        again.update(rerun)
        interrupted += any(name not in ("preflight", "service_principal") for name in rerun)
    # Killed workers died holding tenants mid-step, which other workers took back and finished.
    assert interrupted > 0
    print(f"killed at {at_kill} tenants done; {interrupted} tenants resumed mid-step {again}")

    await assert_made_once(live_http, emu, ready)
