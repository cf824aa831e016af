"""arq worker settings: `petra worker` runs these."""

from __future__ import annotations

from typing import Any, cast

from arq import cron, func
from arq.worker import Worker

from api.settings import Settings, get_settings
from workers.context import CONTEXT_KEY, WorkerContext, build_context, close_context
from workers.jobs.maintenance import cleanup_expired_sessions
from workers.jobs.scheduled import nightly_sync, reconcile_operations, refresh_partner_tokens
from workers.jobs.sync import MAX_TRIES, sync_partner
from workers.jobs.sync_batch import sync_tenant_batch
from workers.jobs.sync_tenant import sync_tenant
from workers.queue import redis_settings

FUNCTIONS: list[Any] = [
    cleanup_expired_sessions,
    nightly_sync,
    refresh_partner_tokens,
    reconcile_operations,
    func(cast(Any, sync_partner), name="sync_partner", max_tries=MAX_TRIES + 1),
    func(cast(Any, sync_tenant), name="sync_tenant", max_tries=MAX_TRIES + 1),
    func(cast(Any, sync_tenant_batch), name="sync_tenant_batch", max_tries=MAX_TRIES + 1),
]


async def startup(ctx: dict[str, Any]) -> None:
    ctx[CONTEXT_KEY] = await build_context()


async def shutdown(ctx: dict[str, Any]) -> None:
    if CONTEXT_KEY in ctx:
        await close_context(ctx[CONTEXT_KEY])


def worker_settings(settings: Settings | None = None) -> dict[str, Any]:
    settings = settings or get_settings()
    return {
        "functions": FUNCTIONS,
        "cron_jobs": [
            cron(
                cast(Any, cleanup_expired_sessions),
                minute=set(range(0, 60, 10)),
                run_at_startup=True,
            ),
            cron(cast(Any, reconcile_operations), second={0}, run_at_startup=True),
            cron(cast(Any, nightly_sync), hour={2}, minute={0}),
            cron(cast(Any, refresh_partner_tokens), hour={4}, minute={30}),
        ],
        "on_startup": startup,
        "on_shutdown": shutdown,
        "redis_settings": redis_settings(settings.require_redis_url()),
        "max_jobs": settings.worker_max_jobs,
        # Short timeouts keep crash recovery short: arq's in-progress key lives this long + 10 s.
        "job_timeout": 120,
        "health_check_interval": 15,
        "keep_result": 600,
        # A sync hands work from job to job; arq's default half-second poll would add up.
        "poll_delay": 0.1,
    }


def run() -> None:
    Worker(**worker_settings()).run()


async def run_burst(context: WorkerContext | None = None, **overrides: Any) -> int:
    """Run queued jobs until the queue is empty; return how many completed (tests, chores).

    With `context`, jobs use it instead of building their own (tests wire the emulator in).
    """
    settings = worker_settings(context.settings if context else None)
    if context is not None:

        async def use_context(ctx: dict[str, Any]) -> None:
            ctx[CONTEXT_KEY] = context

        async def keep_context(ctx: dict[str, Any]) -> None:
            return None

        settings.update(
            on_startup=use_context,
            on_shutdown=keep_context,
            redis_settings=redis_settings(context.settings.require_redis_url()),
        )
    worker = Worker(**{**settings, "burst": True, "poll_delay": 0.05, **overrides})
    try:
        await worker.main()
    finally:
        await worker.close()
    return int(worker.jobs_complete)
