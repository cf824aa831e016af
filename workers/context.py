"""What every job receives: settings, the session factory and the queue, built once per worker."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.db import create_engine, create_sessionmaker, unit_of_work
from api.logging import configure_logging
from api.settings import Settings, get_settings
from workers.queue import JobQueue

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

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        async with unit_of_work(self.sessionmaker, self.queue) as session:
            yield session


async def build_context(settings: Settings | None = None) -> WorkerContext:
    settings = settings or get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    engine = create_engine(settings)
    return WorkerContext(
        settings=settings,
        engine=engine,
        sessionmaker=create_sessionmaker(engine),
        queue=await JobQueue.connect(settings.require_redis_url()),
        http=httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=10.0)),
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
        return await func(ctx[CONTEXT_KEY], *args, **kwargs)

    return run
