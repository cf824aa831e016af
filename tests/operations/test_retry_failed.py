"""Retry: only the tenants that failed run again."""

from __future__ import annotations

from collections.abc import Callable

from api.resources import Resources
from tests.api.conftest import Actor
from tests.operations.capabilities import DENIED_ROOT_CAUSE, Scripted, fail_when
from tests.operations.helpers import drain, items, operation, start, tenant_ids


class TestRetryFailed:
    async def test_only_the_failed_tenants_run_again(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        tenants = tenant_ids(8)
        failing = set(tenants[1::3])
        capability = plug(
            Scripted(script=fail_when(lambda call: call.tenant_id in failing and call.attempt == 1))
        )
        operation_id, _ = await start(worker, admin.organization_id, tenants)
        await drain(worker)
        first = await operation(admin, operation_id)
        assert first["state"] == "partially_failed"
        assert (first["progress"]["succeeded"], first["progress"]["failed"]) == (5, 3)
        rows = await items(admin, operation_id)
        for tenant in failing:
            assert (rows[tenant]["state"], rows[tenant]["attempts"]) == ("failed", 1)
            assert rows[tenant]["root_cause"] == DENIED_ROOT_CAUSE
            assert rows[tenant]["error_code"] == "Authorization_RequestDenied"
            assert "GDAP" in rows[tenant]["message"]

        answer = await admin.post(f"/api/v1/operations/{operation_id}/retry")
        assert answer.status_code == 202, answer.text
        retried = answer.json()
        assert retried["state"] == "queued"
        assert retried["finished_at"] is None
        progress = retried["progress"]
        assert (progress["succeeded"], progress["pending"], progress["failed"]) == (5, 3, 0)
        await drain(worker)

        finished = await operation(admin, operation_id)
        assert finished["state"] == "succeeded"
        assert finished["progress"]["succeeded"] == 8
        rows = await items(admin, operation_id)
        assert {tenant: (row["state"], row["attempts"]) for tenant, row in rows.items()} == {
            tenant: ("succeeded", 2 if tenant in failing else 1) for tenant in tenants
        }
        assert all(row["root_cause"] is None and row["error_code"] is None for row in rows.values())
        assert {tenant: capability.runs_of(tenant) for tenant in tenants} == {
            tenant: 2 if tenant in failing else 1 for tenant in tenants
        }

    async def test_a_running_operation_cannot_be_retried(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        plug(Scripted())
        operation_id, _ = await start(worker, admin.organization_id, tenant_ids(4))
        await drain(worker, max_burst_jobs=1)
        assert (await operation(admin, operation_id))["state"] == "running"
        answer = await admin.post(f"/api/v1/operations/{operation_id}/retry")
        assert answer.status_code == 409, answer.text
        assert answer.json()["code"] == "operation_running"

    async def test_an_operation_without_failures_has_nothing_to_retry(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        capability = plug(Scripted())
        operation_id, _ = await start(worker, admin.organization_id, tenant_ids(4))
        await drain(worker)
        answer = await admin.post(f"/api/v1/operations/{operation_id}/retry")
        assert answer.status_code == 409, answer.text
        assert answer.json()["code"] == "nothing_to_retry"
        assert (await operation(admin, operation_id))["state"] == "succeeded"
        assert await drain(worker) == 0
        assert len(capability.calls) == 4
