"""The batches of one operation running in one process write their outcomes together."""

from __future__ import annotations

import asyncio
from typing import Any

from api.operations.capability import Done, Outcomes
from api.operations.progress import Recorder, SharedWriter


class Writes:
    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, int], set[str]]] = []

    async def __call__(self, attempts: dict[str, int], chunk: Outcomes) -> None:
        await asyncio.sleep(0)
        self.calls.append((dict(attempts), set(chunk.done) | set(chunk.failed)))


async def test_two_batches_share_one_write_per_interval() -> None:
    writes = Writes()
    shared: dict[Any, SharedWriter] = {}
    first = Recorder({"a": 1, "b": 1}, writes, shared=shared, key="op")
    second = Recorder({"c": 2, "d": 1}, writes, shared=shared, key="op")
    async with first.running(0.05) as one, second.running(0.05) as two:
        assert len(shared) == 1
        one.done["a"] = Done("ok")
        two.done["c"] = Done("ok")
        await asyncio.sleep(0.12)
        # One write held both batches' finished tenants, each with its own attempt.
        assert writes.calls == [({"a": 1, "c": 2}, {"a", "c"})]
        two.done["d"] = Done("ok")
    # Each batch's last write: what is left, and the tenant that never ran ("b") handed back.
    assert sorted(writes.calls[1:], key=lambda c: sorted(c[0])) == [
        ({"b": 1}, set()),
        ({"d": 1}, {"d"}),
    ]
    assert shared == {}


async def test_a_batch_alone_writes_as_before() -> None:
    writes = Writes()
    recorder = Recorder({"a": 1}, writes)
    async with recorder.running(0.05) as outcomes:
        outcomes.done["a"] = Done("ok")
        await asyncio.sleep(0.08)
    assert writes.calls == [({"a": 1}, {"a"})]
