"""arq worker settings, built from the job registry: `petra worker` runs these."""

from __future__ import annotations

from typing import Any

from arq import cron, func
from arq.worker import Worker

from api.operations import liveness
from api.queue import redis_settings
from api.resources import Resources, build_resources
from api.settings import Settings, get_settings
from workers.context import CONTEXT_KEY, job
from workers.registry import JOBS

LIFE_KEY = "petra.life"


def functions(settings: Settings | None = None) -> list[Any]:
    settings = settings or get_settings()
    return [
        func(
            job(spec.function),
            name=spec.name.value,
            max_tries=spec.max_tries,
            timeout=spec.timeout_for(settings),
        )
        # Crons are plain functions too, so a person (or a test) can enqueue one by name.
        for spec in JOBS
    ]


def cron_jobs() -> list[Any]:
    return [
        cron(
            job(spec.function),
            name=spec.name.value,
            hour=spec.schedule.hour,
            minute=spec.schedule.minute,
            second=spec.schedule.second,
            run_at_startup=spec.schedule.run_at_startup,
            timeout=spec.timeout_s,
        )
        for spec in JOBS
        if spec.schedule is not None
    ]


async def startup(ctx: dict[str, Any]) -> None:
    settings = get_settings()
    from api.logging import configure_logging

    configure_logging(settings.log_level, json=settings.log_json)
    ctx[CONTEXT_KEY] = resources = await build_resources(settings)
    # Held until the process ends: a killed worker's tenants are taken back at once.
    ctx[LIFE_KEY] = await liveness.hold(resources)


async def shutdown(ctx: dict[str, Any]) -> None:
    if LIFE_KEY in ctx:
        await liveness.release(ctx[CONTEXT_KEY], ctx.pop(LIFE_KEY))
    if CONTEXT_KEY in ctx:
        await ctx[CONTEXT_KEY].close()


def worker_settings(settings: Settings | None = None) -> dict[str, Any]:
    settings = settings or get_settings()
    return {
        "functions": functions(settings),
        "cron_jobs": cron_jobs(),
        "on_startup": startup,
        "on_shutdown": shutdown,
        "redis_settings": redis_settings(settings.require_redis_url()),
        "max_jobs": settings.worker_max_jobs,
        # Crash recovery does not wait for arq (the reconciler re-sends lost work under fresh
        # ids), so a long plan's timeout only bounds that plan.
        "job_timeout": 120,
        "health_check_interval": 15,
        "keep_result": 600,
        # An operation hands work from job to job; arq's default half-second poll would add up.
        "poll_delay": 0.1,
    }


def run() -> None:
    Worker(**worker_settings()).run()


async def run_burst(resources: Resources | None = None, **overrides: Any) -> int:
    """Run queued jobs until the queue is empty; return how many completed (tests, chores).

    With `resources`, jobs use them instead of building their own (tests wire the emulator in).
    """
    settings = worker_settings(resources.settings if resources else None)
    if resources is not None:

        async def use_resources(ctx: dict[str, Any]) -> None:
            ctx[CONTEXT_KEY] = resources

        async def keep_resources(ctx: dict[str, Any]) -> None:
            return None

        settings.update(
            on_startup=use_resources,
            on_shutdown=keep_resources,
            redis_settings=redis_settings(resources.settings.require_redis_url()),
        )
    worker = Worker(**{**settings, "burst": True, "poll_delay": 0.05, **overrides})
    try:
        await worker.main()
    finally:
        await worker.close()
    return int(worker.jobs_complete)
