"""Recording a batch's outcomes while it runs, so progress moves as each tenant finishes.

A batch still writes many outcomes per transaction (the CPU saving of batching), but it no
longer waits for its slowest tenant: every `FLUSH_SECONDS` the tenants that finished since the
last write are recorded together, and the rest when the batch ends.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from api.operations.capability import Outcomes

FLUSH_SECONDS = 0.25
# Writes the outcomes of these tenants (tenant -> attempt); tenants without an outcome reopen.
Record = Callable[[dict[str, int], Outcomes], Awaitable[None]]


class Recorder:
    """Writes the finished part of `outcomes` in groups; `outcomes` keeps the whole batch."""

    def __init__(self, attempts: dict[str, int], record: Record) -> None:
        self.attempts = attempts
        self.outcomes = Outcomes()
        self._record = record
        self._written: set[str] = set()
        self._lock = asyncio.Lock()
        self._stop = asyncio.Event()

    def _unwritten(self) -> Outcomes:
        out, new = self.outcomes, Outcomes()
        new.done = {t: v for t, v in out.done.items() if t not in self._written}
        new.failed = {t: v for t, v in out.failed.items() if t not in self._written}
        new.deferred = {t: v for t, v in out.deferred.items() if t not in self._written}
        return new

    async def flush(self, *, final: bool = False) -> None:
        async with self._lock:
            chunk = self._unwritten()
            names = set(chunk.done) | set(chunk.failed) | set(chunk.deferred)
            if final:
                # What never finished (an abort stopped it) is handed back by the last write.
                names |= set(self.attempts) - self._written
            if not names:
                return
            await self._record({t: self.attempts[t] for t in names}, chunk)
            self._written |= names

    async def _every(self, seconds: float) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), seconds)
            if not self._stop.is_set():
                await self.flush()

    @contextlib.asynccontextmanager
    async def running(self, seconds: float = FLUSH_SECONDS) -> AsyncIterator[Outcomes]:
        """Yields the batch's outcomes to fill; a write never stops halfway through."""
        task = asyncio.create_task(self._every(seconds))
        try:
            yield self.outcomes
        finally:
            self._stop.set()
            await task
        await self.flush(final=True)
