"""The breaker: a storm of failures pauses the operation until a person resumes it."""

from __future__ import annotations

from collections.abc import Callable

from api.operations.capability import Breaker
from api.resources import Resources
from tests.api.conftest import Actor
from tests.operations.capabilities import DENIED_ROOT_CAUSE, Scripted, fail_when, succeed
from tests.operations.helpers import drain, items, operation, start, tenant_ids


class TestBreaker:
    async def test_half_the_tenants_failing_pauses_until_resumed(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        # Every other call fails: one tenant at a time in batches of 5, the window of 10 fills
        # after two batches with exactly half of it failed.
        capability = plug(
            Scripted(
                script=fail_when(lambda call: call.number % 2 == 1),
                breaker=Breaker(window=10, threshold=0.5),
                size=5,
                parallel=1,
            )
        )
        operation_id, _ = await start(worker, admin.organization_id, tenant_ids(30))

        await drain(worker, max_jobs=1)
        paused = await operation(admin, operation_id)
        assert paused["state"] == "paused"
        assert paused["paused_at"] is not None
        assert paused["finished_at"] is None
        assert DENIED_ROOT_CAUSE in paused["pause_reason"]
        progress = paused["progress"]
        assert (progress["succeeded"], progress["failed"], progress["pending"]) == (5, 5, 20)
        assert progress["running"] == 0
        assert len(capability.calls) == 10
        assert await drain(worker) == 0
        assert len(capability.calls) == 10

        capability.script = succeed
        answer = await admin.post(f"/api/v1/operations/{operation_id}/resume")
        assert answer.status_code == 202, answer.text
        resumed = answer.json()
        assert resumed["state"] == "running"
        assert resumed["pause_reason"] is None
        assert resumed["paused_at"] is None
        await drain(worker, max_jobs=1)

        finished = await operation(admin, operation_id)
        assert finished["state"] == "partially_failed"
        progress = finished["progress"]
        assert (progress["succeeded"], progress["failed"], progress["pending"]) == (25, 5, 0)
        assert len(capability.calls) == 30
        assert len({call.tenant_id for call in capability.calls}) == 30
        failed = [
            row for row in (await items(admin, operation_id)).values() if row["state"] == "failed"
        ]
        assert len(failed) == 5
        assert {row["root_cause"] for row in failed} == {DENIED_ROOT_CAUSE}

    async def test_a_storm_below_the_threshold_does_not_pause(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        capability = plug(
            Scripted(
                script=fail_when(lambda call: call.number % 3 == 0),
                breaker=Breaker(window=10, threshold=0.5),
                size=5,
                parallel=1,
            )
        )
        operation_id, _ = await start(worker, admin.organization_id, tenant_ids(30))
        await drain(worker, max_jobs=1)
        finished = await operation(admin, operation_id)
        assert finished["state"] == "partially_failed"
        assert finished["paused_at"] is None
        assert (finished["progress"]["succeeded"], finished["progress"]["failed"]) == (20, 10)
        assert len(capability.calls) == 30

    async def test_only_a_paused_operation_resumes(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        plug(Scripted())
        operation_id, _ = await start(worker, admin.organization_id, tenant_ids(2))
        answer = await admin.post(f"/api/v1/operations/{operation_id}/resume")
        assert answer.status_code == 409, answer.text
        assert answer.json()["code"] == "operation_not_paused"
