"""Fan-out: many tenants in batches, each run once, the operation closed once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.operations import service
from api.operations.models import Operation
from api.resources import Resources
from tests.api.conftest import Actor
from tests.operations.capabilities import Scripted
from tests.operations.helpers import (
    drain,
    events,
    item,
    items,
    moment,
    operation,
    start,
    tenant_ids,
)


class TestFanOut:
    async def test_every_tenant_runs_once_and_the_operation_closes_once(
        self,
        admin: Actor,
        worker: Resources,
        plug: Callable[[Scripted], Scripted],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        capability = plug(Scripted(size=5, parallel=3))
        closed: list[str] = []
        finish_if_done = service.finish_if_done

        async def closing(db: AsyncSession, operation_id: uuid.UUID) -> Operation | None:
            done = await finish_if_done(db, operation_id)
            if done is not None:
                closed.append(done.state.value)
            return done

        monkeypatch.setattr(service, "finish_if_done", closing)
        tenants = tenant_ids(23)
        before = utcnow()
        operation_id, created = await start(worker, admin.organization_id, tenants)
        assert created
        streamed = asyncio.create_task(events(admin, operation_id))

        assert await drain(worker) == 1 + 5  # the listing's job, then 23 tenants in 5 batches
        received = await asyncio.wait_for(streamed, timeout=30)
        after = utcnow()

        assert sorted(call.tenant_id for call in capability.calls) == tenants
        recorded = [tenant for outcomes in capability.recorded for tenant in outcomes.done]
        assert sorted(recorded) == tenants
        assert closed == ["succeeded"]
        finished = await operation(admin, operation_id)
        assert finished["state"] == "succeeded"
        progress = finished["progress"]
        assert (progress["total"], progress["succeeded"]) == (23, 23)
        assert progress["pending"] == progress["running"] == progress["failed"] == 0
        assert progress["cancelled"] == progress["waiting_on_microsoft"] == 0
        assert progress["next_retry_at"] is None
        assert progress["eta_seconds"] is None
        assert before <= moment(finished["started_at"]) <= moment(finished["finished_at"]) <= after
        rows = await items(admin, operation_id)
        assert sorted(rows) == tenants
        for row in rows.values():
            assert row["state"] == "succeeded"
            assert row["attempts"] == 1
            assert row["message"] == "Done on try 1."
            assert row["root_cause"] is None
            assert before <= moment(row["started_at"]) <= moment(row["finished_at"]) <= after

        tenant_events = [data for kind, data in received if kind == "tenant"]
        assert sorted(data["tenant_id"] for data in tenant_events) == tenants
        assert {data["state"] for data in tenant_events} == {"succeeded"}
        assert received[-1] == ("end", {"state": "succeeded"})
        assert [kind for kind, _ in received].count("end") == 1
        streamed_progress = [data for kind, data in received if kind == "progress"]
        assert streamed_progress[-1]["progress"]["succeeded"] == 23

    async def test_tenants_the_capability_lists_run_once(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        tenants = tenant_ids(12)
        capability = plug(Scripted(listing=[item(tenant) for tenant in tenants], size=5))
        operation_id, _ = await start(worker, admin.organization_id, None)
        listing = await operation(admin, operation_id)
        assert (listing["state"], listing["progress"]["total"]) == ("queued", 0)

        assert await drain(worker) == 1 + 3
        finished = await operation(admin, operation_id)
        assert finished["state"] == "succeeded"
        assert (finished["progress"]["total"], finished["progress"]["succeeded"]) == (12, 12)
        rows = await items(admin, operation_id)
        assert {tenant: row["display_name"] for tenant, row in rows.items()} == {
            tenant: item(tenant).display_name for tenant in tenants
        }
        assert sorted(call.tenant_id for call in capability.calls) == tenants

    async def test_an_operation_over_no_tenant_ends_at_once_without_listing(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        capability = plug(Scripted(listing=[item(tenant) for tenant in tenant_ids(3)]))
        operation_id, created = await start(worker, admin.organization_id, [])
        assert created
        ended = await operation(admin, operation_id)
        assert ended["state"] == "succeeded"
        assert ended["finished_at"] is not None
        assert ended["progress"]["total"] == 0
        assert await drain(worker) == 0
        assert capability.calls == []
        assert (await operation(admin, operation_id))["progress"]["total"] == 0
        _, created = await start(worker, admin.organization_id, None)
        assert created
