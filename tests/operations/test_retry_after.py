"""A tenant Microsoft throttles waits for its Retry-After without holding a worker."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx

from api.db import utcnow
from api.resources import Resources
from tests.api.conftest import EMULATOR_URL, Actor
from tests.api.test_partner_center_flow import connect
from tests.operations.capabilities import UserCounts
from tests.operations.helpers import (
    drain,
    graph_tenants,
    items,
    moment,
    operation,
    start,
    throttle,
    throttled_calls,
)


class TestRetryAfter:
    async def test_a_throttled_tenant_waits_its_retry_after_then_succeeds(
        self,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        plug: Callable[[UserCounts], UserCounts],
    ) -> None:
        capability = plug(UserCounts())
        await connect(admin, microsoft)
        counts = await graph_tenants(microsoft)
        assert len(counts) >= 3
        slow, *others = sorted(counts)
        rule = await throttle(microsoft, slow, retry_after=2)
        operation_id, _ = await start(worker, admin.organization_id, sorted(counts))

        before = utcnow()
        # The listing's job, then the batches; the throttled tenant's own job is not due yet.
        await drain(worker, max_burst_jobs=1)
        await drain(worker, max_burst_jobs=math.ceil(len(counts) / 5))
        after = utcnow()
        waiting = await operation(admin, operation_id)
        assert waiting["state"] == "running"
        progress = waiting["progress"]
        assert (progress["succeeded"], progress["pending"]) == (len(others), 1)
        assert progress["waiting_on_microsoft"] == 1
        assert progress["eta_seconds"] is not None
        item = (await items(admin, operation_id))[slow]
        assert (item["state"], item["attempts"]) == ("pending", 1)
        assert "Waiting on Microsoft" in item["message"]
        next_try = moment(item["next_attempt_at"])
        assert before + timedelta(seconds=2) <= next_try <= after + timedelta(seconds=2)
        assert moment(progress["next_retry_at"]) == next_try

        await microsoft.delete(f"{EMULATOR_URL}/_emulator/faults/{rule}")
        await drain(worker)
        finished = await operation(admin, operation_id)
        assert finished["state"] == "succeeded"
        assert finished["progress"]["waiting_on_microsoft"] == 0
        assert finished["progress"]["next_retry_at"] is None
        rows = await items(admin, operation_id)
        assert {tenant: (row["state"], row["attempts"]) for tenant, row in rows.items()} == {
            slow: ("succeeded", 2),
            **dict.fromkeys(others, ("succeeded", 1)),
        }
        assert rows[slow]["next_attempt_at"] is None
        assert moment(rows[slow]["finished_at"]) >= next_try
        assert capability.counts == counts
        assert await throttled_calls(microsoft, slow) == 1

    async def test_a_tenant_throttled_on_every_try_fails_with_its_root_cause(
        self,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        plug: Callable[[UserCounts], UserCounts],
    ) -> None:
        capability = plug(UserCounts())
        await connect(admin, microsoft)
        counts = await graph_tenants(microsoft)
        slow, *others = sorted(counts)
        await throttle(microsoft, slow, retry_after=0.2)
        operation_id, _ = await start(worker, admin.organization_id, sorted(counts))

        await drain(worker)
        finished = await operation(admin, operation_id)
        assert finished["state"] == "partially_failed"
        progress: dict[str, Any] = finished["progress"]
        assert (progress["succeeded"], progress["failed"]) == (len(others), 1)
        item = (await items(admin, operation_id))[slow]
        assert item["state"] == "failed"
        assert item["attempts"] == capability.retry.max_attempts == 3
        assert item["root_cause"] == "throttled"
        assert item["error_code"] == "TooManyRequests"
        assert "throttled" in item["message"]
        assert item["finished_at"] is not None
        assert item["next_attempt_at"] is None
        assert await throttled_calls(microsoft, slow) == capability.retry.max_attempts
        assert slow not in capability.counts

    async def test_a_retried_tenant_waits_on_microsoft_again(
        self,
        admin: Actor,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        plug: Callable[[UserCounts], UserCounts],
    ) -> None:
        plug(UserCounts())
        await connect(admin, microsoft)
        counts = await graph_tenants(microsoft)
        slow = sorted(counts)[0]
        rule = await throttle(microsoft, slow, retry_after=0.2)
        operation_id, _ = await start(worker, admin.organization_id, sorted(counts))
        await drain(worker)
        assert (await items(admin, operation_id))[slow]["state"] == "failed"

        answer = await admin.post(f"/api/v1/operations/{operation_id}/retry")
        assert answer.status_code == 202, answer.text
        await drain(worker, max_burst_jobs=1)
        await drain(worker, max_burst_jobs=1)
        item = (await items(admin, operation_id))[slow]
        assert (item["state"], item["attempts"]) == ("pending", 4)
        assert item["next_attempt_at"] is not None

        await microsoft.delete(f"{EMULATOR_URL}/_emulator/faults/{rule}")
        await drain(worker)
        assert (await operation(admin, operation_id))["state"] == "succeeded"
