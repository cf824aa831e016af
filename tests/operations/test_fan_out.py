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
from tests.operations.helpers import drain, events, items, moment, operation, start, tenant_ids


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

        assert sorted(len(outcomes.done) for outcomes in capability.recorded) == [3, 5, 5, 5, 5]
        assert sorted(call.tenant_id for call in capability.calls) == tenants
        assert closed == ["succeeded"]
        finished = await operation(admin, operation_id)
        assert finished["state"] == "succeeded"
        assert finished["progress"] == {
            "total": 23,
            "pending": 0,
            "running": 0,
            "succeeded": 23,
            "failed": 0,
            "cancelled": 0,
            "waiting_on_microsoft": 0,
            "next_retry_at": None,
            "eta_seconds": None,
        }
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
        progress = [data for kind, data in received if kind == "progress"]
        assert progress[-1]["progress"]["succeeded"] == 23
