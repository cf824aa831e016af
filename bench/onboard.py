"""Onboarding benchmark: a batch onboarding of M tenants on the real emulator, API and worker.

    .venv/bin/python -m bench.onboard --sizes 50,500 --latency-ms 200 --propagation-s 5

Per M: a fresh database and Redis index, an emulator with a generated scenario large enough
to hold M Ready tenants, a seeded login, Partner Center connected and a first sync (no latency),
then the app's propagation delay and a fixed latency on every Microsoft call, and
POST /tenants/onboard for M Ready tenants, polled until the operation finishes. See
bench/README.md. The environment (processes, database, sign-in) is bench/sync.py's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import redis

from bench.sync import (
    BIN,
    EMULATOR,
    FINISHED,
    Options,
    Processes,
    drop_database,
    environment,
    fresh_database,
    sign_in_and_connect,
    timed_sync,
    wait_until_up,
)
from emulator.scenario import portal_app

# Its own database, so it never drops the one a sync benchmark runs on.
DB_NAME = "petra_bench_onboard"
CONSENTS = "/partnercenter/v1/customers/{customer_id}/applicationconsents"
# The step chain's Microsoft calls one after the other for a tenant the app appears in at the
# first look (counted on the emulator: tokens, consent, service principals, permissions,
# grants, Email Perms, the app's own read); nothing in the chain may overlap, each step reads
# what the one before wrote.
CHAIN_CALLS = 21


@dataclass
class Run:
    m: int
    wall: float
    lower_bound: float
    calls: int
    state: str
    monitoring: int
    duplicates: int
    scenario: int
    cpu: dict[str, float] = field(default_factory=dict)
    top_calls: list[tuple[str, int]] = field(default_factory=list)
    timeline: list[tuple[str, list[float]]] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.wall / self.lower_bound

    @property
    def ok(self) -> bool:
        return self.state == "succeeded" and self.monitoring == self.m and self.duplicates == 0


async def duplicates(emu: httpx.AsyncClient, emu_url: str, tenants: list[str], app: str) -> int:
    """Side effects made twice: a second consent, service principal, grant or role."""
    rows = (await emu.get(f"{emu_url}/_emulator/counters", params={"path": CONSENTS})).json()
    consents = Counter(r["tenant"] for r in rows["calls"] if r["status"] == 201)
    found = sum(max(0, c - 1) for c in consents.values())
    for tenant in tenants:
        view = (await emu.get(f"{emu_url}/_emulator/tenants/{tenant}/apps/{app}")).json()
        sps = (await emu.get(f"{emu_url}/_emulator/tenants/{tenant}/service-principals")).json()
        for made in (
            [(a["resourceAppId"], a["appRoleId"]) for a in view["appRoles"]],
            [(g["resourceAppId"], g["consentType"]) for g in view["grants"]],
            [r["roleDefinitionId"] for r in view["directoryRoles"]],
            [sp["appId"] for sp in sps],
        ):
            found += len(made) - len(set(made))
    return found


def _at(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def step_timeline(postgres: str, name: str) -> list[tuple[str, list[float]]]:
    """Per tenant of the latest onboarding, where its time went, from the steps' recorded
    `started_at`/`finished_at` and the item's first claim (seconds; one list per phase).

    `start` is the click to the tenant's first claim by a worker; `<step>` a step's own time
    (the app's wait included in `service_principal`, from its first look to the look that
    found it); `gap <step>` the time between the step before ending and this one starting (a
    deferral's pickup, the journal's writes); `end` the click to the tenant's last step;
    `jobs` how many jobs ran the tenant."""
    conn = await asyncpg.connect(f"{postgres}/{name}")
    try:
        rows = await conn.fetch(
            "SELECT r.steps, i.started_at AS claimed, i.attempts, o.created_at AS clicked "
            "FROM onboarding_record r JOIN operation o ON o.id = r.operation_id "
            "JOIN operation_item i ON i.operation_id = o.id AND i.tenant_id = r.tenant_id "
            "WHERE o.id = (SELECT id FROM operation WHERE kind = 'onboard' "
            "ORDER BY created_at DESC LIMIT 1)"
        )
    finally:
        await conn.close()
    phases: dict[str, list[float]] = {"start": [], "jobs": [], "end": []}
    for row in rows:
        raw = row["steps"]
        steps = {s["name"]: s for s in (json.loads(raw) if isinstance(raw, str) else raw)}
        clicked = row["clicked"].replace(tzinfo=UTC)
        claimed = row["claimed"].replace(tzinfo=UTC)
        phases["start"].append((claimed - clicked).total_seconds())
        phases["jobs"].append(float(row["attempts"]))
        before: datetime | None = None
        # The record keeps its steps in the plan's order.
        for step in steps:
            began, ended = _at(steps[step]["started_at"]), _at(steps[step]["finished_at"])
            if began is None or ended is None:
                continue
            phases.setdefault(step, []).append((ended - began).total_seconds())
            if step == "preflight":
                # Run again before every later look for the app: its times are the last run's.
                continue
            if before is not None:
                phases.setdefault(f"gap {step}", []).append((began - before).total_seconds())
            before = ended
        if before is not None:
            phases["end"].append((before - clicked).total_seconds())
    return list(phases.items())


async def timed_batch(
    api: httpx.AsyncClient, csrf: str, tenants: list[str], within: float, procs: Processes
) -> tuple[float, str]:
    started = time.perf_counter()
    answer = await api.post(
        "/api/v1/tenants/onboard",
        json={"product": "active", "tenant_ids": tenants},
        headers={"X-CSRF-Token": csrf},
    )
    answer.raise_for_status()
    url = f"/api/v1/operations/{answer.json()['operation']['id']}"
    while time.perf_counter() - started < within:
        procs.check_alive()
        operation = (await api.get(url)).json()
        if operation["state"] in FINISHED:
            return time.perf_counter() - started, str(operation["state"])
        await asyncio.sleep(0.1)
    raise TimeoutError(f"the batch did not finish in {within:.0f} s")


async def connect_and_sync(
    opts: Options, procs: Processes, api: httpx.AsyncClient, emu: httpx.AsyncClient
) -> str:
    """The seeded login connects Partner Center through the emulator's pages and syncs once,
    without latency; its CSRF token."""
    login = json.loads(procs.run([str(BIN / "petra"), "seed-demo"]).strip().splitlines()[-1])
    csrf = await sign_in_and_connect(api, emu, login, portal_app(opts.seed).admin_username)
    _, state = await timed_sync(api, csrf, opts.run_timeout, procs)
    if state != "succeeded":
        raise RuntimeError(f"the first sync ended {state}")
    return csrf


async def ready_tenants(api: httpx.AsyncClient) -> list[str]:
    found: list[str] = []
    params: dict[str, Any] = {"limit": 200, "gdap_state": "ready"}
    while True:
        page = (await api.get("/api/v1/tenants", params=params)).json()
        found += [t["tenant_id"] for t in page["items"]]
        if not page.get("next_cursor"):
            return found
        params["cursor"] = page["next_cursor"]


async def measure(
    opts: Options,
    m: int,
    size: int,
    propagation: float,
    procs: Processes,
    emu_url: str,
    api_url: str,
) -> Run:
    app = portal_app(opts.seed)
    async with (
        httpx.AsyncClient(base_url=api_url, headers={"Origin": api_url}, timeout=60) as api,
        httpx.AsyncClient(timeout=60) as emu,
    ):
        csrf = await connect_and_sync(opts, procs, api, emu)
        ready = (await ready_tenants(api))[:m]
        if len(ready) < m:
            raise RuntimeError(f"the scenario of {size} has {len(ready)} Ready tenants, not {m}")
        settings = {"propagation_delay_seconds": propagation}
        (await emu.put(f"{emu_url}/_emulator/settings", json=settings)).raise_for_status()
        rule = {"latency": {"kind": "fixed", "ms": opts.latency_ms}}
        (await emu.post(f"{emu_url}/_emulator/faults", json=rule)).raise_for_status()
        (await emu.delete(f"{emu_url}/_emulator/counters")).raise_for_status()
        cpu_before = procs.cpu_seconds()
        wall, state = await timed_batch(api, csrf, ready, opts.run_timeout, procs)
        cpu = {k: v - cpu_before[k] for k, v in procs.cpu_seconds().items()}
        counters = (await emu.get(f"{emu_url}/_emulator/counters")).json()
        (await emu.delete(f"{emu_url}/_emulator/faults")).raise_for_status()
        monitoring = 0
        for tenant in ready:
            view = (await api.get(f"/api/v1/tenants/{tenant}/onboarding")).json()
            monitoring += view["status"] == "monitoring"
        dups = await duplicates(emu, emu_url, ready, app.client_id)
    steps = await step_timeline(opts.postgres, opts.database)
    by_path: Counter[str] = Counter()
    for row in counters["calls"]:
        by_path[f"{row['method']} {row['path']} {row['status']}"] += int(row["count"])
    latency = opts.latency_ms / 1000
    lower = propagation + CHAIN_CALLS * latency * max(1.0, m / opts.concurrency)
    return Run(
        m=m,
        wall=wall,
        lower_bound=lower,
        calls=int(counters["total"]),
        state=state,
        monitoring=monitoring,
        duplicates=dups,
        scenario=size,
        cpu=cpu,
        top_calls=by_path.most_common(12),
        timeline=steps,
    )


async def run_one(opts: Options, m: int, propagation: float, logs: Path) -> Run:
    # Generated scenarios hold Ready tenants among others: about half are Ready.
    size = max(40, m * 3)
    await fresh_database(opts.postgres, opts.database)
    redis.Redis.from_url(opts.redis_url).flushdb()
    try:
        with environment(opts, logs) as (procs, emu_url, api_url):
            procs.run([str(BIN / "petra"), "migrate"])
            port = urlsplit(emu_url).port
            procs.start(
                "emulator",
                [sys.executable, "-c", EMULATOR, str(port), str(size), str(opts.seed), api_url],
            )
            procs.start("api", [str(BIN / "petra"), "serve", "--port", str(urlsplit(api_url).port)])
            for i in range(opts.workers):
                procs.start(f"worker-{i}", [str(BIN / "petra"), "worker"])
            await wait_until_up(f"{emu_url}/_emulator/portal-app")
            await wait_until_up(f"{api_url}/healthz")
            await asyncio.sleep(2)
            return await measure(opts, m, size, propagation, procs, emu_url, api_url)
    finally:
        await drop_database(opts.postgres, opts.database)
        redis.Redis.from_url(opts.redis_url).flushdb()


def report(opts: Options, propagation: float, runs: list[Run], verbose: bool) -> None:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"latency {opts.latency_ms:g} ms, propagation {propagation:g} s, concurrency "
        f"{opts.concurrency}, worker max jobs {os.environ['WORKER_MAX_JOBS']}, "
        f"step chain {CHAIN_CALLS} calls, load average {load}"
    )
    print(
        f"{'M':>5} {'wall s':>8} {'bound s':>8} {'ratio':>6} {'calls/tenant':>12} "
        f"{'duplicates':>10} {'worker CPU ms/tenant':>20} {'monitoring':>11} {'state':>10} check"
    )
    for r in runs:
        worker_cpu = sum(v for k, v in r.cpu.items() if k.startswith("worker"))
        print(
            f"{r.m:>5} {r.wall:>8.2f} {r.lower_bound:>8.2f} {r.ratio:>6.2f} "
            f"{r.calls / r.m:>12.2f} {r.duplicates:>10} {worker_cpu * 1000 / r.m:>20.1f} "
            f"{r.monitoring:>5}/{r.m:<5} {r.state:>10} {'ok' if r.ok else 'FAILED'}"
        )
        if verbose:
            for path, count in r.top_calls:
                print(f"{'':>8}{count:>7}  {path}")
            print(f"{'':>8}per tenant, s: {'phase':<32} {'median':>7} {'p90':>7} {'max':>7}")
            for phase, values in r.timeline:
                ordered = sorted(values)
                p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
                print(
                    f"{'':>22}{phase:<32} {statistics.median(ordered):>7.2f} {p90:>7.2f} "
                    f"{ordered[-1]:>7.2f}"
                )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="50,500", help="comma-separated tenant counts M")
    p.add_argument("--latency-ms", type=float, default=200.0, help="added to every call")
    p.add_argument("--propagation-s", type=float, default=5.0, help="the app appears after")
    p.add_argument("--concurrency", type=int, default=50, help="tenants onboarded at once")
    p.add_argument(
        "--max-jobs", type=int, default=0, help="the worker's WORKER_MAX_JOBS (default: C)"
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/13", help="flushed per run")
    p.add_argument("--database", default=DB_NAME, help="dropped and created per run")
    p.add_argument("--run-timeout", type=float, default=900.0, help="seconds per batch")
    p.add_argument("-v", "--verbose", action="store_true", help="print the calls per route")
    a = p.parse_args(argv)
    opts = Options(
        sizes=[int(x) for x in a.sizes.split(",")],
        latency_ms=a.latency_ms,
        concurrency=a.concurrency,
        batch_size=1,
        workers=1,
        seed=a.seed,
        postgres=a.postgres.rstrip("/"),
        redis_url=a.redis_url,
        run_timeout=a.run_timeout,
        keep_logs=False,
        poll_delay=None,
        database=a.database,
    )
    # Onboarding runs one tenant per job (its waits are per tenant), so the tenants onboarded at
    # once are the worker's arq job slots, not only SYNC_CONCURRENCY: give it C slots.
    os.environ["WORKER_MAX_JOBS"] = str(a.max_jobs or a.concurrency)
    runs = []
    with tempfile.TemporaryDirectory(prefix="petra-bench-onboard-") as logs:
        for m in opts.sizes:
            run_logs = Path(logs) / str(m)
            run_logs.mkdir()
            runs.append(asyncio.run(run_one(opts, m, a.propagation_s, run_logs)))
    report(opts, a.propagation_s, runs, a.verbose)
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
