"""Calls at once, in order of need (api/operations/pace.py), and the engine around a capability
that paces its own calls: all of a batch's tenants start, each call waits for its slot, and a
call that gets its slot after the operation ended does not go out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from api.operations import heartbeat
from api.operations.capability import Done, OperationHead
from api.operations.pace import CallGate, Pace, Stopped
from api.resources import Resources
from tests.api.conftest import Actor
from tests.operations.capabilities import Gate, Scripted
from tests.operations.helpers import cancel_while_one_waits, items, operation, tenant_ids


async def test_waiting_calls_go_lowest_priority_first_and_a_cancelled_one_passes_its_turn() -> None:
    gate = CallGate(1)
    order: list[str] = []
    release = asyncio.Event()

    async def call(name: str, *priority: int) -> None:
        async with gate.slot(priority):
            order.append(name)
            if name == "first":
                await release.wait()

    first = asyncio.create_task(call("first", 9))
    await asyncio.sleep(0)
    waiting = {
        name: asyncio.create_task(call(name, *priority))
        for name, priority in [("c", (1, 0)), ("a", (0, 5)), ("gone", (0, 0)), ("b", (0, 5))]
    }
    await asyncio.sleep(0)
    waiting["gone"].cancel()
    release.set()
    await asyncio.gather(first, *(t for n, t in waiting.items() if n != "gone"))
    # Lowest first, arrival order among equals; the cancelled call never ran.
    assert order == ["first", "a", "b", "c"]
    # Every slot came back: two calls at once find one free each time.
    async with gate.slot((0,)):
        pass


async def test_calls_in_one_slot_let_a_more_urgent_call_pass_between_them() -> None:
    gate = CallGate(1)
    order: list[str] = []
    go_on = asyncio.Event()

    async def run(name: str, *priorities: tuple[int, ...]) -> None:
        async with gate.slot(priorities[0]) as held:
            order.append(f"{name}1")
            await go_on.wait()
            for k, priority in enumerate(priorities[1:], start=2):
                await held.turn(priority)
                order.append(f"{name}{k}")

    # A holds the slot for three calls; B (more urgent than A's later calls) and C (less
    # urgent) wait meanwhile.
    a = asyncio.create_task(run("a", (0,), (2,), (2,)))
    await asyncio.sleep(0)
    b = asyncio.create_task(run("b", (1,)))
    c = asyncio.create_task(run("c", (3,)))
    await asyncio.sleep(0)
    go_on.set()
    await asyncio.gather(a, b, c)
    assert order == ["a1", "b1", "a2", "a3", "c1"]
    # Every slot came back, once.
    async with gate.slot((0,)):
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.05), gate.slot((0,)):
                pass


async def test_a_run_cancelled_while_waiting_for_its_turn_gives_back_nothing_it_lacks() -> None:
    gate = CallGate(1)
    go_on = asyncio.Event()
    turning = asyncio.Event()

    async def run() -> None:
        async with gate.slot((5,)) as held:
            await go_on.wait()
            turning.set()
            await held.turn((5,))
            raise AssertionError("the urgent call holds the slot")

    async def urgent() -> None:
        async with gate.slot((0,)):
            await asyncio.sleep(3600)

    first = asyncio.create_task(run())
    await asyncio.sleep(0)
    blocker = asyncio.create_task(urgent())
    await asyncio.sleep(0)
    go_on.set()
    await turning.wait()
    await asyncio.sleep(0)
    # The urgent call took the slot at the run's turn; the run, waiting for it again, is
    # cancelled.
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    blocker.cancel()
    with pytest.raises(asyncio.CancelledError):
        await blocker
    # One slot, free once: a second holder still has to wait.
    async with gate.slot((0,)):
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.05), gate.slot((0,)):
                pass


async def test_a_call_after_the_operation_ended_does_not_go_out() -> None:
    ended = False
    pace = Pace(CallGate(1), lambda: ended)
    async with pace.slot(0):
        pass
    ended = True
    with pytest.raises(Stopped):
        async with pace.slot(0):
            raise AssertionError("the call went out")


@dataclass
class PacedScripted(Scripted):
    """Each tenant makes one call, in a slot of the process's gate."""

    async def run_paced(
        self, handle: None, operation: OperationHead, tenant_id: str, pace: Pace
    ) -> Done:
        async with pace.slot(0):
            return await self.run_item(handle, operation, tenant_id)


async def test_cancel_stops_the_tenants_waiting_for_a_slot(
    admin: Actor,
    worker: Resources,
    plug: Callable[[PacedScripted], PacedScripted],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(heartbeat, "BEAT_SECONDS", 0.05)
    gate = Gate()
    # One batch, one call at a time: every tenant starts, one holds the slot at the gate.
    capability = plug(PacedScripted(script=gate, size=6, parallel=1))
    # The batch's heartbeat sees the end before the running tenant lets go of the slot.
    operation_id, _ = await cancel_while_one_waits(
        admin, worker, gate, tenant_ids(6), before_opening=0.5
    )

    (ran,) = gate.entered
    assert [call.tenant_id for call in capability.calls] == [ran]
    finished = await operation(admin, operation_id)
    assert finished["state"] == "cancelled"
    progress = finished["progress"]
    assert (progress["succeeded"], progress["cancelled"]) == (1, 5)
    assert progress["pending"] == progress["running"] == 0
    rows = await items(admin, operation_id)
    assert rows[ran]["state"] == "succeeded"
