"""What every job receives: settings, the session factory and the queue, built once per worker."""

from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.db import create_engine, create_sessionmaker, unit_of_work
from api.logging import configure_logging
from api.microsoft.http import create_http_client
from api.partner_center.clients import PartnerClients, partner_clients
from api.partner_center.tokens import DbRefreshTokenStore
from api.partner_center.vault import TokenVault
from api.settings import Settings, get_settings
from workers.queue import JobQueue

JOB_TRY: ContextVar[int] = ContextVar("job_try", default=1)
P = ParamSpec("P")
R = TypeVar("R")
CONTEXT_KEY = "petra"


@dataclass
class WorkerContext:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    queue: JobQueue
    http: httpx.AsyncClient
    vault: TokenVault
    partner: dict[tuple[uuid.UUID, str, datetime | None], PartnerClients] = field(
        default_factory=dict
    )
    _sync_slots: asyncio.Semaphore | None = None

    @property
    def sync_slots(self) -> asyncio.Semaphore:
        """Caps the tenants this process refreshes at once, across every sync job it runs."""
        if self._sync_slots is None:
            self._sync_slots = asyncio.Semaphore(self.settings.sync_concurrency)
        return self._sync_slots

    def partner_clients(
        self, organization_id: uuid.UUID, partner_tenant_id: str, connected_at: datetime | None
    ) -> PartnerClients:
        """One token cache per partner sign-in per process, shared by every job it runs.

        A reauthentication changes connected_at, so it starts a new cache and a new store.
        """
        key = (organization_id, partner_tenant_id, connected_at)
        if key not in self.partner:
            store = DbRefreshTokenStore(
                self.sessionmaker, self.vault, organization_id, connected_at=connected_at
            )
            self.partner[key] = partner_clients(
                self.http, self.settings, store, partner_tenant_id=partner_tenant_id
            )
        return self.partner[key]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        async with unit_of_work(self.sessionmaker, self.queue) as session:
            yield session


async def build_context(
    settings: Settings | None = None, http: httpx.AsyncClient | None = None
) -> WorkerContext:
    settings = settings or get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    engine = create_engine(settings)
    return WorkerContext(
        settings=settings,
        engine=engine,
        sessionmaker=create_sessionmaker(engine),
        queue=await JobQueue.connect(settings.require_redis_url()),
        http=http or create_http_client(),
        vault=TokenVault.from_settings(settings),
    )


async def close_context(context: WorkerContext) -> None:
    await context.http.aclose()
    await context.queue.close()
    await context.engine.dispose()


def job(
    func: Callable[Concatenate[WorkerContext, P], Awaitable[R]],
) -> Callable[..., Awaitable[R]]:
    """Adapt a job to arq: unwrap our context and carry the enqueuer's correlation id."""

    @functools.wraps(func)
    async def run(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> R:
        correlation_id = kwargs.pop("correlation_id", None) or ctx.get("job_id")
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            correlation_id=correlation_id, job=func.__name__, job_try=ctx.get("job_try")
        )
        JOB_TRY.set(int(ctx.get("job_try") or 1))
        return await func(ctx[CONTEXT_KEY], *args, **kwargs)

    return run
