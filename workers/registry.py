"""Every job, declared once: its name, function, tries, timeout and, for crons, when it runs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from api.jobs import JobName
from api.settings import Settings
from workers import jobs


@dataclass(frozen=True)
class Schedule:
    hour: set[int] | None = None
    minute: set[int] | None = None
    second: set[int] | None = None
    run_at_startup: bool = False


@dataclass(frozen=True)
class JobSpec:
    name: JobName
    function: Callable[..., Awaitable[Any]]
    # arq's tries: the engine's own retry policy decides how often an operation's listing
    # comes back (it raises a deferred retry), so this only needs to let it.
    max_tries: int = 1
    timeout_s: int = 120
    # Extra seconds a run may take, from the settings (a wait the settings allow).
    extra_time: Callable[[Settings], float] | None = None
    schedule: Schedule | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def timeout_for(self, settings: Settings) -> int:
        extra = self.extra_time(settings) if self.extra_time else 0.0
        return self.timeout_s + int(extra)


JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        JobName.operation_prepare,
        jobs.operation_prepare,
        max_tries=10,
        # A sync's plan may wait out Microsoft's throttling of the GDAP listing this long.
        extra_time=lambda settings: settings.sync_listing_deadline_seconds,
    ),
    JobSpec(JobName.operation_items, jobs.operation_items),
    JobSpec(
        JobName.cleanup_expired,
        jobs.cleanup_expired,
        schedule=Schedule(minute=set(range(0, 60, 10)), run_at_startup=True),
    ),
    JobSpec(
        JobName.reconcile_operations,
        jobs.reconcile_operations,
        # Often, so a dead worker's tenants resume within seconds; a quiet tick is two queries
        # and one Redis command.
        schedule=Schedule(second=set(range(0, 60, 2)), run_at_startup=True),
    ),
    JobSpec(JobName.nightly_sync, jobs.nightly_sync, schedule=Schedule(hour={2}, minute={0})),
    JobSpec(
        JobName.follow_gdap_requests,
        jobs.follow_gdap_requests,
        # Every ten minutes: one list read per open request, well inside Graph's limits.
        schedule=Schedule(minute=set(range(3, 60, 10))),
    ),
    JobSpec(
        JobName.monitoring_heartbeat,
        jobs.monitoring_heartbeat,
        # Every ten minutes, one slot of the six-hour interval: each Monitoring tenant is
        # checked once per interval and the calls spread evenly (api/onboarding/heartbeat.py).
        schedule=Schedule(minute=set(range(5, 60, 10))),
    ),
    JobSpec(
        JobName.refresh_partner_tokens,
        jobs.refresh_partner_tokens,
        schedule=Schedule(hour={4}, minute={30}),
    ),
)


def spec(name: JobName) -> JobSpec:
    return next(job for job in JOBS if job.name is name)
