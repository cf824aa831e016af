"""Tenants known to take longest start first: their batches are sent first, each in order."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from api.operations.jobs import item_jobs
from api.queue import PendingJob
from api.resources import Resources
from tests.api.conftest import Actor
from tests.operations.capabilities import Scripted
from tests.operations.helpers import drain, start, tenant_ids


@dataclass
class Weighted(Scripted):
    known: dict[str, int] = field(default_factory=dict)

    async def weights(
        self, resources: Resources, operation_id: uuid.UUID, tenant_ids: list[str]
    ) -> dict[str, int]:
        return dict(self.known)


def test_batches_keep_the_order_given_and_say_it_in_their_ids() -> None:
    operation_id = uuid.uuid4()
    tenants = ["c", "a", "b", "e", "d"]
    jobs = item_jobs(operation_id, tenants, 2)
    assert [job.kwargs["tenant_ids"] for job in jobs] == [["c", "a"], ["b", "e"], ["d"]]
    ids = [str(job.job_id) for job in jobs]
    assert ids == sorted(ids)
    # The same tenants in the same order are the same jobs, whoever sends them.
    assert [j.job_id for j in item_jobs(operation_id, tenants, 2)] == [j.job_id for j in jobs]


async def test_the_heaviest_tenants_go_first(
    admin: Actor,
    worker: Resources,
    plug: Callable[[Weighted], Weighted],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tenants = tenant_ids(12)
    heavy = {tenants[9]: 40, tenants[4]: 12, tenants[7]: 3}
    capability = plug(Weighted(size=5, parallel=1, known=heavy))
    sent: list[PendingJob] = []
    enqueue_many = worker.queue.enqueue_many

    async def recording(jobs: list[PendingJob], **kwargs: int) -> int:
        sent.extend(jobs)
        return await enqueue_many(jobs, **kwargs)

    monkeypatch.setattr(worker.queue, "enqueue_many", recording)
    await start(worker, admin.organization_id, tenants)
    await drain(worker)
    batches = [job.kwargs["tenant_ids"] for job in sent]
    rest = sorted(set(tenants) - set(heavy))
    assert batches == [[tenants[9], tenants[4], tenants[7], *rest[:2]], rest[2:7], rest[7:]]
    # Within its batch a tenant starts in the batch's order (one at a time here).
    first = [call.tenant_id for call in capability.calls if call.tenant_id in batches[0]]
    assert first == batches[0]
