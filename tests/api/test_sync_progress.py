"""A sync's progress moves as each tenant finishes, not when its batch does."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from api.resources import Resources
from tests.api.conftest import EMULATOR_URL, Actor, World
from tests.api.test_partner_center_flow import connect, expected_table, truth_of
from workers.settings import run_burst


async def _progress(actor: Actor, operation_id: str) -> dict[str, Any]:
    return dict((await actor.get(f"/api/v1/operations/{operation_id}")).json())


class TestProgressPerTenant:
    async def test_a_slow_tenant_does_not_hold_back_its_batch(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        expected = expected_table(await truth_of(microsoft))
        slow = sorted(expected)[0]
        rule = await microsoft.post(
            f"{EMULATOR_URL}/_emulator/faults",
            json={"tenant": slow, "latency": {"kind": "fixed", "ms": 4000}},
        )
        assert rule.status_code == 201, rule.text
        started = (await admin.post("/api/v1/tenants/sync")).json()
        burst = asyncio.create_task(run_burst(worker, cron_jobs=[]))
        seen: list[dict[str, Any]] = []
        try:
            for _ in range(300):
                operation = await _progress(admin, started["id"])
                seen.append(operation["progress"])
                if operation["progress"]["succeeded"] >= len(expected) - 1:
                    break
                await asyncio.sleep(0.05)
            items = (
                await admin.get(
                    f"/api/v1/operations/{started['id']}/items", params={"state": "running"}
                )
            ).json()["items"]
        finally:
            await burst
        # Every other tenant, its batch-mates included, is shown done while the slow one runs.
        assert operation["state"] == "running"
        assert operation["progress"]["succeeded"] == len(expected) - 1
        assert [i["tenant_id"] for i in items] == [slow]
        assert (await _progress(admin, started["id"]))["state"] == "succeeded"
