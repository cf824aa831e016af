"""The long-lived resources a process shares: built once by the API's lifespan or a worker.

One factory for both, so the API and the worker talk to PostgreSQL, Redis and Microsoft the
same way.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.db import create_engine, create_sessionmaker, unit_of_work, utcnow
from api.microsoft.http import create_http_client
from api.queue import JobQueue
from api.settings import Settings
from api.vault import TokenVault


@dataclass
class Resources:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    queue: JobQueue
    http: httpx.AsyncClient
    vault: TokenVault
    clock: Callable[[], datetime] = utcnow
    owns_http: bool = False
    owns_engine: bool = True
    # Per-process caches owned by the packages that fill them (partner clients, say).
    caches: dict[str, dict[Any, Any]] = field(default_factory=dict)
    slots: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    # In a worker process, the key of the advisory lock it holds while alive (its claims carry
    # it: api/operations/liveness.py); None elsewhere.
    worker_key: int | None = None

    def limit(self, name: str, size: int) -> asyncio.Semaphore:
        """A per-process cap shared by every job of this process that uses the same name."""
        if name not in self.slots:
            self.slots[name] = asyncio.Semaphore(size)
        return self.slots[name]

    def cache(self, name: str) -> dict[Any, Any]:
        return self.caches.setdefault(name, {})

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work; jobs enqueued inside it leave after the commit."""
        async with unit_of_work(self.sessionmaker, self.queue) as session:
            yield session

    async def close(self) -> None:
        if self.owns_http:
            await self.http.aclose()
        await self.queue.close()
        if self.owns_engine:
            await self.engine.dispose()


async def build_resources(
    settings: Settings,
    *,
    http: httpx.AsyncClient | None = None,
    engine: AsyncEngine | None = None,
) -> Resources:
    """`http` and `engine` let tests hand in the emulator's transport and their own engine."""
    owns_engine = engine is None
    engine = engine or create_engine(settings)
    return Resources(
        settings=settings,
        engine=engine,
        sessionmaker=create_sessionmaker(engine),
        # Connects lazily: a process must start (and report not-ready) while Redis is down.
        queue=await JobQueue.connect(settings.require_redis_url()),
        http=http or create_http_client(),
        vault=TokenVault.from_settings(settings),
        owns_http=http is None,
        owns_engine=owns_engine,
    )
