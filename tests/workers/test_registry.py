"""Every job is declared once, and the worker runs exactly what is declared."""

from __future__ import annotations

import inspect
from collections import Counter

from api.jobs import JobName
from workers.registry import JOBS
from workers.settings import cron_jobs, functions


class TestRegistry:
    def test_every_job_name_is_registered_exactly_once(self) -> None:
        counts = Counter(spec.name for spec in JOBS)
        assert {name: counts[name] for name in JobName} == dict.fromkeys(JobName, 1)

    def test_every_job_is_a_coroutine_function(self) -> None:
        for spec in JOBS:
            assert inspect.iscoroutinefunction(spec.function), spec.name

    def test_the_worker_serves_every_name_and_schedules_only_the_crons(self) -> None:
        assert {f.name for f in functions()} == {name.value for name in JobName}
        scheduled = {spec.name.value for spec in JOBS if spec.schedule is not None}
        assert {c.name for c in cron_jobs()} == scheduled
        assert scheduled == {
            "cleanup_expired",
            "reconcile_operations",
            "nightly_sync",
            "refresh_partner_tokens",
            "follow_gdap_requests",
            "monitoring_heartbeat",
        }
