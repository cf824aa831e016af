"""The queue seam: with workers/settings.py, the only module that knows about arq.

Jobs enqueued inside a transaction wait in the session until it commits and are dropped if it
rolls back, so a worker never sees an id whose row does not exist yet.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import structlog
from arq import Retry
from arq.connections import ArqRedis, RedisSettings
from sqlalchemy.ext.asyncio import AsyncSession

from api.jobs import JobName

_PENDING = "petra.pending_jobs"
# Set whenever jobs are sent; gone means Redis lost everything it held (flushed, restarted empty).
_SENT_MARK = "petra:jobs-sent"
log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class PendingJob:
    function: JobName
    kwargs: dict[str, Any] = field(default_factory=dict)
    job_id: str | None = None
    defer_by: timedelta | None = None


def retry_later(seconds: float) -> Exception:
    """The exception a job raises to run again after `seconds` (it counts as one more try)."""
    return Retry(defer=timedelta(seconds=max(0.05, seconds)))


def redis_settings(url: str) -> RedisSettings:
    return RedisSettings.from_dsn(url)


class JobQueue:
    def __init__(self, pool: ArqRedis) -> None:
        self.pool = pool

    @classmethod
    async def connect(cls, redis_url: str) -> JobQueue:
        # Connect lazily: a process must start (and report not-ready) while Redis is down.
        return cls(ArqRedis.from_url(redis_url))

    async def close(self) -> None:
        await self.pool.aclose()

    def enqueue_after_commit(
        self,
        session: AsyncSession,
        function: JobName,
        *,
        job_id: str | None = None,
        defer_by: timedelta | None = None,
        **kwargs: Any,
    ) -> None:
        correlation_id = structlog.contextvars.get_contextvars().get("correlation_id")
        if correlation_id:
            kwargs.setdefault("correlation_id", correlation_id)
        pending: list[PendingJob] = session.info.setdefault(_PENDING, [])
        pending.append(PendingJob(function, kwargs, job_id, defer_by))

    def send_after_commit(self, session: AsyncSession, *jobs: PendingJob) -> None:
        for job in jobs:
            self.enqueue_after_commit(
                session, job.function, job_id=job.job_id, defer_by=job.defer_by, **job.kwargs
            )

    def discard(self, session: AsyncSession) -> None:
        session.info.pop(_PENDING, None)

    async def dispatch(self, session: AsyncSession) -> None:
        jobs = session.info.pop(_PENDING, [])
        if jobs:
            await self.pool.set(_SENT_MARK, b"1")
        for job in jobs:
            await self.enqueue_now(job)

    async def enqueue_many(self, jobs: list[PendingJob], *, concurrency: int = 64) -> int:
        """Send many jobs at once (a sync fans out thousands); returns how many were new."""
        sent = 0
        if jobs:
            await self.pool.set(_SENT_MARK, b"1")
        for start in range(0, len(jobs), concurrency):
            batch = jobs[start : start + concurrency]
            results = await asyncio.gather(*(self.enqueue_now(job, quiet=True) for job in batch))
            sent += sum(results)
        log.info("jobs_enqueued", count=len(jobs), sent=sent)
        return sent

    async def lost_jobs(self) -> bool:
        """True once after Redis lost the jobs sent before (a flush, a restart without data)."""
        return bool(await self.pool.set(_SENT_MARK, b"1", nx=True))

    async def enqueue_now(self, job: PendingJob, *, quiet: bool = False) -> bool:
        """Send one job; False when arq already holds a job with the same id."""
        sent = await self.pool.enqueue_job(
            str(job.function.value), _job_id=job.job_id, _defer_by=job.defer_by, **job.kwargs
        )
        if not quiet:
            log.info(
                "job_enqueued", function=job.function, job_id=job.job_id, sent=sent is not None
            )
        return sent is not None
