"""Calls at once, in order of need: a capability that paces its own calls takes a slot per call.

A tenant holding a slot for its whole run is right when its calls are few and its length known.
A first sync knows neither: a tenant's first user page says whether more follow, so every
tenant's first page should go out early, and a tenant's later pages should give way to calls
more urgent than they are (bench/README.md, "what the order of the tenants allows" and "fewest
pages first"). The gate lets a capability say which call comes first, and a run of calls in one
slot lets a more urgent one pass between two of its calls; the engine still decides how many go
at once.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

Priority = tuple[int, ...]


class Stopped(Exception):
    """The operation ended (cancelled, aborted, the batch's claim lost) before this call."""


class CallGate:
    """At most `size` calls at once in a process; waiting calls go lowest priority first, and
    in the order they came among equals."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiting: list[tuple[Priority, int, asyncio.Future[None]]] = []
        self._arrivals = itertools.count()

    @asynccontextmanager
    async def slot(self, priority: Priority) -> AsyncIterator[Held]:
        await self._acquire(priority)
        held = Held(self)
        try:
            yield held
        finally:
            if held.holding:
                self._release()

    def _more_urgent_waits(self, priority: Priority) -> bool:
        while self._waiting and self._waiting[0][2].done():
            heapq.heappop(self._waiting)  # cancelled while waiting
        return bool(self._waiting) and self._waiting[0][0] < priority

    async def _acquire(self, priority: Priority) -> None:
        # A released slot goes to a live waiter if there is one: free slots mean nobody waits.
        if self._free > 0:
            self._free -= 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._arrivals), future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                # Handed a slot in the same moment it was cancelled: pass the slot on.
                self._release()
            raise

    def _release(self) -> None:
        while self._waiting:
            *_, future = heapq.heappop(self._waiting)
            if not future.done():
                future.set_result(None)
                return
        self._free += 1


class Held:
    """A slot held for calls one after another (a tenant's user pages): between two calls it
    goes to a more urgent waiting call, and comes back in its turn."""

    def __init__(self, gate: CallGate) -> None:
        self._gate = gate
        self.holding = True

    async def turn(self, priority: Priority) -> None:
        """Before the next call, which has `priority`: keep the slot unless a call more urgent
        waits, else let it go first and wait for the slot again."""
        if not self._gate._more_urgent_waits(priority):
            return
        self.holding = False
        self._gate._release()
        await self._gate._acquire(priority)
        self.holding = True


class Pace:
    """A batch's view of its process's gate: a call that gets its slot after the operation
    ended does not go out."""

    def __init__(self, gate: CallGate, stopped: Callable[[], bool]) -> None:
        self.gate = gate
        self.stopped = stopped

    @classmethod
    def unlimited(cls) -> Pace:
        """For a tenant run on its own (no batch around it): every call goes at once."""
        return cls(CallGate(1_000_000), lambda: False)

    @asynccontextmanager
    async def slot(self, *priority: int) -> AsyncIterator[Callable[..., Awaitable[None]]]:
        """A slot for a call, or for calls one after another: what it yields waits for the
        next call's turn (`Held.turn`) with that call's priority."""
        async with self.gate.slot(priority) as held:

            async def turn(*next_priority: int) -> None:
                await held.turn(next_priority)
                self._check()

            self._check()
            yield turn

    def _check(self) -> None:
        if self.stopped():
            raise Stopped
