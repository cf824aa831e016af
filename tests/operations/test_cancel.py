"""Cancel: tenants not started stop; a tenant already running finishes and keeps its outcome."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from api.resources import Resources
from tests.api.conftest import Actor
from tests.api.test_partner_center_flow import connect
from tests.operations.capabilities import Gate, Scripted, UserCounts
from tests.operations.helpers import (
    cancel_while_one_waits,
    drain,
    graph_tenants,
    items,
    operation,
    start,
    tenant_ids,
    throttle,
    throttled_calls,
)


class TestCancel:
    async def test_pending_tenants_end_cancelled_and_the_running_one_finishes(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        gate = Gate()
        capability = plug(Scripted(script=gate, size=1))
        tenants = tenant_ids(6)
        # One job at a time: one tenant runs and waits at the gate, the others stay queued.
        operation_id, cancelled = await cancel_while_one_waits(admin, worker, gate, tenants)
        assert cancelled["state"] == "cancelled"
        assert cancelled["cancel_requested_at"] is not None
        assert cancelled["finished_at"] is not None
        progress = cancelled["progress"]
        assert (progress["running"], progress["cancelled"], progress["pending"]) == (1, 5, 0)

        (ran,) = gate.entered
        assert [call.tenant_id for call in capability.calls] == [ran]
        finished = await operation(admin, operation_id)
        assert finished["state"] == "cancelled"
        assert finished["finished_at"] == cancelled["finished_at"]
        progress = finished["progress"]
        assert (progress["succeeded"], progress["cancelled"]) == (1, 5)
        assert progress["pending"] == progress["running"] == 0
        rows = await items(admin, operation_id)
        assert (rows[ran]["state"], rows[ran]["attempts"]) == ("succeeded", 1)
        assert rows[ran]["message"] == "Done on try 1."
        for tenant in set(tenants) - {ran}:
            assert rows[tenant]["state"] == "cancelled"
            assert rows[tenant]["attempts"] == 0
            assert rows[tenant]["started_at"] is None
            assert rows[tenant]["finished_at"] is not None
            assert "Cancelled" in rows[tenant]["message"]

    async def test_cancelling_a_finished_operation_changes_nothing(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        plug(Scripted())
        operation_id, _ = await start(worker, admin.organization_id, tenant_ids(3))
        await drain(worker)
        before = await operation(admin, operation_id)
        answer = await admin.post(f"/api/v1/operations/{operation_id}/cancel")
        assert answer.status_code == 200, answer.text
        assert answer.json() == before
        assert answer.json()["state"] == "succeeded"

    async def test_a_tenant_waiting_on_microsoft_is_not_tried_again(
        self,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        plug: Callable[[UserCounts], UserCounts],
    ) -> None:
        capability = plug(UserCounts())
        await connect(admin, microsoft)
        counts = await graph_tenants(microsoft)
        slow = sorted(counts)[0]
        await throttle(microsoft, slow, retry_after=1)
        operation_id, _ = await start(worker, admin.organization_id, sorted(counts))
        await drain(worker, max_burst_jobs=1)
        await drain(worker, max_burst_jobs=1)
        assert (await operation(admin, operation_id))["progress"]["waiting_on_microsoft"] == 1

        answer = await admin.post(f"/api/v1/operations/{operation_id}/cancel")
        assert answer.status_code == 200, answer.text
        assert answer.json()["progress"]["waiting_on_microsoft"] == 0
        await drain(worker)
        finished = await operation(admin, operation_id)
        assert finished["state"] == "cancelled"
        assert (finished["progress"]["succeeded"], finished["progress"]["cancelled"]) == (
            len(counts) - 1,
            1,
        )
        item = (await items(admin, operation_id))[slow]
        assert (item["state"], item["attempts"]) == ("cancelled", 1)
        assert item["next_attempt_at"] is None
        assert await throttled_calls(microsoft, slow) == 1
        assert slow not in capability.counts
