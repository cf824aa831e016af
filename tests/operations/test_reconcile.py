"""The reconciler re-sends the jobs of operations whose messages were lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy import text, update

from api.db import utcnow
from api.operations import liveness
from api.operations.models import ItemState, Operation, OperationItem, OperationState
from api.operations.reconcile import reconcile
from api.resources import Resources
from tests.api.conftest import Actor
from tests.operations.capabilities import Scripted
from tests.operations.helpers import drain, items, operation, start, tenant_ids, until

STALE = timedelta(minutes=2)


async def lose_every_job(worker: Resources) -> None:
    redis = Redis.from_url(worker.settings.require_redis_url())
    await redis.flushdb()
    await redis.aclose()


async def age(worker: Resources, *tenants: str, running: bool = False) -> None:
    """Date the operations (and `tenants`' items) back; with `running`, as if a batch held
    those tenants when its worker died."""
    long_ago = utcnow() - timedelta(minutes=10)
    async with worker.transaction() as db:
        await db.execute(update(Operation).values(updated_at=long_ago))
        values: dict[str, object] = {"updated_at": long_ago}
        if running:
            values.update(state=ItemState.running, attempts=1, started_at=long_ago)
        await db.execute(
            update(OperationItem).where(OperationItem.tenant_id.in_(tenants)).values(**values)
        )


class TestReconciler:
    async def test_an_operation_whose_jobs_redis_lost_is_sent_again(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        capability = plug(Scripted())
        tenants = tenant_ids(7)
        operation_id, _ = await start(worker, admin.organization_id, tenants)
        await lose_every_job(worker)
        assert await drain(worker) == 0
        assert (await operation(admin, operation_id))["state"] == "queued"

        await age(worker, *tenants)
        assert await reconcile(worker, stale_after=STALE) == 1
        await drain(worker)
        finished = await operation(admin, operation_id)
        assert finished["state"] == "succeeded"
        assert finished["progress"]["succeeded"] == 7
        assert sorted(call.tenant_id for call in capability.calls) == tenants

    async def test_tenants_a_dead_batch_held_run_again_once(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        capability = plug(Scripted(size=5))
        tenants = tenant_ids(12)
        operation_id, _ = await start(worker, admin.organization_id, tenants)
        await drain(worker, max_burst_jobs=1)
        # The worker that took the first batch died with it, and the queue with it.
        await lose_every_job(worker)
        held = tenants[:5]
        await age(worker, *held, running=True)
        stuck = await operation(admin, operation_id)
        assert (stuck["progress"]["running"], stuck["progress"]["pending"]) == (5, 7)

        assert await reconcile(worker, stale_after=STALE) == 1
        reopened = await items(admin, operation_id)
        assert {reopened[tenant]["state"] for tenant in held} == {"pending"}
        await drain(worker)
        finished = await operation(admin, operation_id)
        assert finished["state"] == "succeeded"
        rows = await items(admin, operation_id)
        assert {(row["state"], row["attempts"]) for row in rows.values()} == {("succeeded", 1)}
        assert sorted(call.tenant_id for call in capability.calls) == tenants

    async def test_fresh_operations_are_left_alone(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        capability = plug(Scripted())
        tenants = tenant_ids(4)
        operation_id, _ = await start(worker, admin.organization_id, tenants)
        await drain(worker, max_burst_jobs=1)
        assert await reconcile(worker, stale_after=STALE) == 0
        assert (await operation(admin, operation_id))["progress"]["pending"] == 4
        assert capability.calls == []

    async def test_jobs_redis_lost_are_sent_again_at_once(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        capability = plug(Scripted())
        tenants = tenant_ids(4)
        operation_id, _ = await start(worker, admin.organization_id, tenants)
        await drain(worker, max_burst_jobs=1)
        await lose_every_job(worker)
        # Nothing is stale yet: the lost mark alone says the jobs are gone.
        assert await reconcile(worker, stale_after=STALE) == 1
        assert await reconcile(worker, stale_after=STALE) == 0
        await drain(worker)
        finished = await operation(admin, operation_id)
        assert finished["state"] == "succeeded"
        assert sorted(call.tenant_id for call in capability.calls) == tenants

    async def test_a_plan_still_beating_is_not_planned_twice_when_redis_lost_its_jobs(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        plug(Scripted())
        operation_id, _ = await start(worker, admin.organization_id, None)
        async with worker.transaction() as db:
            await db.execute(
                update(Operation)
                .where(Operation.id == operation_id)
                .values(state=OperationState.running, updated_at=utcnow())
            )
        await lose_every_job(worker)
        assert await reconcile(worker, stale_after=STALE) == 0

    async def test_a_batch_still_working_is_not_taken_back(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        plug(Scripted())
        tenants = tenant_ids(4)
        operation_id, _ = await start(worker, admin.organization_id, tenants)
        await age(worker)
        async with worker.transaction() as db:
            await db.execute(
                update(OperationItem)
                .where(OperationItem.tenant_id == tenants[0])
                .values(state=ItemState.running, attempts=1, started_at=utcnow())
            )
        assert await reconcile(worker, stale_after=STALE) == 0
        rows = await items(admin, operation_id)
        assert (rows[tenants[0]]["state"], rows[tenants[0]]["attempts"]) == ("running", 1)

    async def test_tenants_of_a_worker_whose_lock_is_gone_are_reopened_at_once(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        plug(Scripted())
        tenants = tenant_ids(4)
        operation_id, _ = await start(worker, admin.organization_id, tenants)
        life = await liveness.hold(worker)
        held = tenants[:2]
        # A batch of that worker claimed them a moment ago: its heartbeats are not due yet.
        async with worker.transaction() as db:
            await db.execute(
                update(OperationItem)
                .where(OperationItem.tenant_id.in_(held))
                .values(
                    state=ItemState.running, attempts=1, started_at=utcnow(), claimed_by=life.key
                )
            )
        assert await reconcile(worker, stale_after=STALE) == 0

        await liveness.release(worker, life)  # as a killed process's connection closing does
        assert await reconcile(worker, stale_after=STALE) == 1
        rows = await items(admin, operation_id)
        assert {(rows[t]["state"], rows[t]["attempts"]) for t in held} == {("pending", 0)}
        await drain(worker)
        assert (await operation(admin, operation_id))["state"] == "succeeded"

    async def test_a_worker_whose_lock_connection_dropped_takes_its_lock_again(
        self, worker: Resources, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(liveness, "KEEP_SECONDS", 0.05)
        life = await liveness.hold(worker)
        try:
            lost = life.connection
            async with worker.sessionmaker() as db:
                await db.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_locks"
                        " WHERE locktype = 'advisory' AND objsubid = 1"
                        " AND (classid::bigint << 32) | objid::bigint = :key"
                    ),
                    {"key": life.key},
                )

            async def held_again() -> bool:
                async with worker.sessionmaker() as db:
                    keys = set((await db.execute(liveness.held_keys())).scalars())
                return life.connection is not lost and life.key in keys

            await until(held_again, within=10)
        finally:
            await liveness.release(worker, life)
