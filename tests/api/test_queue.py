"""Jobs enqueued in a transaction leave only after it commits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import structlog
from sqlalchemy import func, select

from api.auth.models import AuthSession
from api.db import create_sessionmaker, unit_of_work, utcnow
from api.jobs import JobName
from api.orgs.models import Member
from api.queue import JobQueue
from api.settings import Settings
from workers.settings import run_burst


@pytest.fixture
async def queue(settings: Settings) -> AsyncIterator[JobQueue]:
    q = await JobQueue.connect(settings.require_redis_url())
    yield q
    await q.close()


async def _queued(queue: JobQueue) -> list[str]:
    return [job.function for job in await queue.pool.queued_jobs()]


class TestEnqueueAfterCommit:
    async def test_sent_after_commit(self, engine, queue: JobQueue) -> None:  # type: ignore[no-untyped-def]
        sessions = create_sessionmaker(engine)
        async with unit_of_work(sessions, queue) as db:
            queue.enqueue_after_commit(db, JobName.cleanup_expired)
            assert await _queued(queue) == []
        assert await _queued(queue) == [JobName.cleanup_expired]

    async def test_dropped_on_rollback(self, engine, queue: JobQueue) -> None:  # type: ignore[no-untyped-def]
        sessions = create_sessionmaker(engine)

        async def fail_after_enqueue() -> None:
            async with unit_of_work(sessions, queue) as db:
                queue.enqueue_after_commit(db, JobName.cleanup_expired)
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            await fail_after_enqueue()
        assert await _queued(queue) == []

    async def test_duplicate_job_ids_are_suppressed(self, engine, queue: JobQueue) -> None:  # type: ignore[no-untyped-def]
        sessions = create_sessionmaker(engine)
        async with unit_of_work(sessions, queue) as db:
            queue.enqueue_after_commit(db, JobName.cleanup_expired, job_id="only-once")
            queue.enqueue_after_commit(db, JobName.cleanup_expired, job_id="only-once")
        assert await _queued(queue) == [JobName.cleanup_expired]

    async def test_correlation_id_follows_into_the_job(self, engine, queue: JobQueue) -> None:  # type: ignore[no-untyped-def]
        sessions = create_sessionmaker(engine)
        structlog.contextvars.bind_contextvars(correlation_id="req-42")
        try:
            async with unit_of_work(sessions, queue) as db:
                queue.enqueue_after_commit(db, JobName.cleanup_expired)
        finally:
            structlog.contextvars.clear_contextvars()
        [job] = await queue.pool.queued_jobs()
        assert job.kwargs == {"correlation_id": "req-42"}


class TestSessionCleanupJob:
    async def test_worker_removes_expired_sessions(  # type: ignore[no-untyped-def]
        self, world, engine, queue: JobQueue, settings: Settings, monkeypatch
    ) -> None:
        admin = await world.admin()
        await world.login(admin.email)
        sessions = create_sessionmaker(engine)
        async with sessions() as db:
            first = (await db.execute(select(AuthSession).limit(1))).scalar_one()
            first.expires_at = utcnow() - timedelta(minutes=1)
            await db.commit()
        monkeypatch.setenv("DATABASE_URL", settings.require_database_url())
        monkeypatch.setenv("REDIS_URL", settings.require_redis_url())
        from api.settings import get_settings

        get_settings.cache_clear()
        try:
            async with unit_of_work(sessions, queue) as db:
                queue.enqueue_after_commit(db, JobName.cleanup_expired)
            done = await run_burst(cron_jobs=[])
        finally:
            get_settings.cache_clear()
        assert done == 1
        async with sessions() as db:
            left = await db.scalar(select(func.count()).select_from(AuthSession))
            members = await db.scalar(select(func.count()).select_from(Member))
        assert (left, members) == (1, 1)
