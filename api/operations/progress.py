"""Recording a batch's outcomes while it runs, so progress moves as each tenant finishes.

A batch still writes many outcomes per transaction (the CPU saving of batching), but it no
longer waits for its slowest tenant: every `FLUSH_SECONDS` the tenants that finished since the
last write are recorded together, and the rest when the batch ends.

The batches of one operation that run in the same process share one writer: a process runs
several batches at once under one concurrency limit, each finishing a few tenants per interval,
and one transaction per batch per interval cost the worker more CPU than the tenants' own calls.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any

import structlog

from api.operations.capability import Outcomes

log = structlog.get_logger(__name__)
FLUSH_SECONDS = 0.25
# Writes the outcomes of these tenants (tenant -> attempt); tenants without an outcome reopen.
Record = Callable[[dict[str, int], Outcomes], Awaitable[None]]


class Recorder:
    """Writes the finished part of `outcomes` in groups; `outcomes` keeps the whole batch.

    With `shared` (a registry kept per process) the batches of the same `key` (operation) are
    written together; without it the batch has a writer of its own.
    """

    def __init__(
        self,
        attempts: dict[str, int],
        record: Record,
        *,
        shared: MutableMapping[Any, SharedWriter] | None = None,
        key: Any = None,
    ) -> None:
        self.attempts = attempts
        self.outcomes = Outcomes()
        self._record = record
        self._written: set[str] = set()
        self._shared = shared if shared is not None else {}
        self._key = key
        self._writer: SharedWriter | None = None
        self._lock = asyncio.Lock()

    def unwritten(self) -> tuple[dict[str, int], Outcomes]:
        """The outcomes not written yet, and the attempt of each of their tenants."""
        out, new = self.outcomes, Outcomes()
        new.done = {t: v for t, v in out.done.items() if t not in self._written}
        new.failed = {t: v for t, v in out.failed.items() if t not in self._written}
        new.deferred = {t: v for t, v in out.deferred.items() if t not in self._written}
        names = set(new.done) | set(new.failed) | set(new.deferred)
        return {t: self.attempts[t] for t in names}, new

    def written(self, names: set[str]) -> None:
        self._written |= names

    async def flush(self, *, final: bool = False) -> None:
        """Writes this batch's unwritten outcomes; the last one hands back what never ran."""
        async with self._writer.lock if self._writer else self._lock:
            attempts, chunk = self.unwritten()
            if final:
                # What never finished (an abort stopped it) is handed back by the last write.
                attempts.update({t: n for t, n in self.attempts.items() if t not in self._written})
            if not attempts:
                return
            await self._record(attempts, chunk)
            self._written |= set(attempts)

    @contextlib.asynccontextmanager
    async def running(self, seconds: float = FLUSH_SECONDS) -> AsyncIterator[Outcomes]:
        """Yields the batch's outcomes to fill; a write never stops halfway through."""
        writer = self._shared.get(self._key)
        if writer is None:
            writer = self._shared[self._key] = SharedWriter(self._record)
        self._writer = writer
        writer.join(self, seconds)
        try:
            yield self.outcomes
        finally:
            if await writer.leave(self) and self._shared.get(self._key) is writer:
                del self._shared[self._key]
        await self.flush(final=True)


class SharedWriter:
    """Every `seconds`, one write of what all its batches finished since the last one."""

    def __init__(self, record: Record) -> None:
        self._record = record
        self._batches: list[Recorder] = []
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.lock = asyncio.Lock()

    def join(self, recorder: Recorder, seconds: float) -> None:
        self._batches.append(recorder)
        if self._task is None or self._stop.is_set():
            self._stop = asyncio.Event()
            self._task = asyncio.create_task(self._every(self._stop, seconds))

    async def leave(self, recorder: Recorder) -> bool:
        """Returns once no write in flight covers `recorder`; True when no batch is left."""
        self._batches.remove(recorder)
        if self._batches or self._task is None:
            async with self.lock:
                return False
        self._stop.set()
        await self._task
        return True

    async def flush(self) -> None:
        async with self.lock:
            attempts: dict[str, int] = {}
            chunk = Outcomes()
            parts = []
            for recorder in list(self._batches):
                mine, part = recorder.unwritten()
                if mine:
                    parts.append((recorder, set(mine)))
                    attempts.update(mine)
                    chunk.done.update(part.done)
                    chunk.failed.update(part.failed)
                    chunk.deferred.update(part.deferred)
            if not attempts:
                return
            await self._record(attempts, chunk)
            for recorder, names in parts:
                recorder.written(names)

    async def _every(self, stop: asyncio.Event, seconds: float) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), seconds)
            if stop.is_set():
                return
            try:
                await self.flush()
            except Exception as exc:
                # Left unwritten: each batch's own last write tries again, and fails its job.
                log.warning("progress_write_failed", error=type(exc).__name__)
