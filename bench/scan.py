"""Scan benchmark: a batch scan of N tenants on the real emulator, API and worker.

    .venv/bin/python -m bench.scan --sizes 100,1000 --latency-ms 200

Per N: a fresh database and Redis index, an emulator with a generated scenario large enough to
hold N Ready tenants, a seeded login, Partner Center connected and a first sync (no latency),
Petra Scan turned on for the organization with `petra org set-feature`, and N Ready tenants
onboarded to product Scan (no latency, not timed). Then a fixed latency on every Microsoft
call, the counters cleared, and POST /scans over the N tenants, polled until the operation
finishes. See bench/README.md. The environment (processes, database, sign-in) is bench/sync.py's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import redis

from api.scans.capability import CONCURRENCY
from api.scans.checks import READS
from bench.onboard import connect_and_sync, ready_tenants
from bench.sync import (
    BIN,
    EMULATOR,
    FINISHED,
    Options,
    Processes,
    drop_database,
    environment,
    fresh_database,
    wait_until_up,
)

# Its own database and Redis index, so it never drops or flushes another benchmark's.
DB_NAME = "petra_bench_scan"
REDIS_URL = "redis://127.0.0.1:6379/10"


@dataclass
class Chain:
    """One tenant's Microsoft calls as the emulator counted them, and how many of them the scan
    must wait for one after the other.

    The scan (api/scans/capability.py, checks.py) asks a Graph token and a Management Activity
    API token at the customer tenant and runs two chains at once: Graph (token, the reads in one
    $batch, any @odata.nextLink page, then the sampled inbox rules in a second $batch: it needs
    the users the first one listed) and audit (token, the subscriptions list). The emulator
    counts a $batch envelope and each of its members (they run at once on its side, each with
    the latency rule), so a $batch round trip costs two latencies there: the envelope's and its
    members'. Members are told from @odata.nextLink pages by their number: len(READS) in the
    first envelope, one messageRules read per sampled user in the second.
    """

    tokens: int = 0
    envelopes: int = 0
    members: int = 0
    pages: int = 0
    management: int = 0

    @property
    def graph_calls(self) -> int:
        return self.envelopes + self.members + self.pages

    @property
    def round_trips(self) -> int:
        """Sequential calls with a $batch as one call: the longer of the two chains."""
        audit = 1 + self.management if self.management else 0
        graph = self.tokens - (1 if audit else 0) + self.envelopes + self.pages
        return max(graph, audit)

    @property
    def latencies(self) -> int:
        """The same chain in latencies of the emulator's rule: a $batch costs two."""
        audit = 1 + self.management if self.management else 0
        graph = self.tokens - (1 if audit else 0) + 2 * self.envelopes + self.pages
        return max(graph, audit)


@dataclass
class Run:
    n: int
    wall: float
    concurrency: int
    chain: int
    round_trips: int
    others: int
    latency: float
    graph_calls: int
    management_calls: int
    token_calls: int
    state: str
    scans: int
    load: tuple[float, float, float]
    cpu: dict[str, float] = field(default_factory=dict)
    calls: list[tuple[str, int]] = field(default_factory=list)

    @property
    def lower_bound(self) -> float:
        return self.chain * self.latency * max(1.0, self.n / self.concurrency)

    @property
    def ratio(self) -> float:
        return self.wall / self.lower_bound

    @property
    def ok(self) -> bool:
        return self.state == "succeeded" and self.scans == self.n


def chains(counters: dict[str, Any], tenants: set[str]) -> dict[str, Chain]:
    found: dict[str, Chain] = defaultdict(Chain)
    graph_gets: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for row in counters["calls"]:
        tenant, path, count = row["tenant"], str(row["path"]), int(row["count"])
        if tenant not in tenants:
            continue
        chain = found[tenant]
        if path.startswith("/login/"):
            chain.tokens += count
        elif path.startswith("/manage/"):
            chain.management += count
        elif path.endswith("/$batch"):
            chain.envelopes += count
        elif path.startswith("/graph/"):
            graph_gets[tenant] += count
            if path.endswith("/messageRules"):
                rules[tenant] += count
    for tenant, chain in found.items():
        chain.members = min(graph_gets[tenant], len(READS) + rules[tenant])
        chain.pages = graph_gets[tenant] - chain.members
    return found


async def timed_scan(
    api: httpx.AsyncClient, csrf: str, tenants: list[str], within: float, procs: Processes
) -> tuple[float, str, str]:
    started = time.perf_counter()
    answer = await api.post(
        "/api/v1/scans", json={"tenant_ids": tenants}, headers={"X-CSRF-Token": csrf}
    )
    answer.raise_for_status()
    operation_id = str(answer.json()["operation"]["id"])
    url = f"/api/v1/operations/{operation_id}"
    while time.perf_counter() - started < within:
        procs.check_alive()
        operation = (await api.get(url)).json()
        if operation["state"] in FINISHED:
            return time.perf_counter() - started, str(operation["state"]), operation_id
        await asyncio.sleep(0.1)
    raise TimeoutError(f"the scan did not finish in {within:.0f} s")


async def onboard_to_scan(
    api: httpx.AsyncClient, csrf: str, tenants: list[str], within: float, procs: Processes
) -> None:
    answer = await api.post(
        "/api/v1/tenants/onboard",
        json={"product": "scan", "tenant_ids": tenants},
        headers={"X-CSRF-Token": csrf},
    )
    answer.raise_for_status()
    url = f"/api/v1/operations/{answer.json()['operation']['id']}"
    started = time.perf_counter()
    while time.perf_counter() - started < within:
        procs.check_alive()
        operation = (await api.get(url)).json()
        if operation["state"] in FINISHED:
            if operation["state"] != "succeeded":
                raise RuntimeError(f"onboarding to Scan ended {operation['state']}")
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(f"onboarding to Scan did not finish in {within:.0f} s")


async def measure(
    opts: Options,
    n: int,
    concurrency: int,
    procs: Processes,
    emu_url: str,
    api_url: str,
) -> Run:
    async with (
        httpx.AsyncClient(base_url=api_url, headers={"Origin": api_url}, timeout=60) as api,
        httpx.AsyncClient(timeout=60) as emu,
    ):
        csrf = await connect_and_sync(opts, procs, api, emu)
        # The operator turns Scan on, as for a customer who asked for it.
        organization = (await api.get("/api/v1/me")).json()["organization"]["id"]
        procs.run([str(BIN / "petra"), "org", "set-feature", str(organization), "scan", "on"])
        tenants = (await ready_tenants(api))[:n]
        if len(tenants) < n:
            raise RuntimeError(f"the scenario has {len(tenants)} Ready tenants, not {n}")
        settings = {"propagation_delay_seconds": 0}
        (await emu.put(f"{emu_url}/_emulator/settings", json=settings)).raise_for_status()
        await onboard_to_scan(api, csrf, tenants, opts.run_timeout, procs)

        rule = {"latency": {"kind": "fixed", "ms": opts.latency_ms}}
        (await emu.post(f"{emu_url}/_emulator/faults", json=rule)).raise_for_status()
        (await emu.delete(f"{emu_url}/_emulator/counters")).raise_for_status()
        load = os.getloadavg()
        cpu_before = procs.cpu_seconds()
        wall, state, operation_id = await timed_scan(api, csrf, tenants, opts.run_timeout, procs)
        cpu = {k: v - cpu_before[k] for k, v in procs.cpu_seconds().items()}
        counters = (await emu.get(f"{emu_url}/_emulator/counters")).json()
        (await emu.delete(f"{emu_url}/_emulator/faults")).raise_for_status()
        listed = await api.get("/api/v1/scans", params={"operation_id": operation_id})
        listed.raise_for_status()
        scanned = {s["tenant_id"] for s in listed.json()["items"]}
    per_tenant = chains(counters, set(tenants))
    # The chain most tenants show: a tenant whose monitoring heartbeat (every ten minutes, a
    # slice of the Monitoring tenants) ran during the scan shows that work's calls too.
    chain, round_trips = Counter(
        (c.latencies, c.round_trips) for c in per_tenant.values()
    ).most_common(1)[0][0]
    by_path: Counter[str] = Counter()
    for row in counters["calls"]:
        by_path[f"{row['method']} {row['path']} {row['status']}"] += int(row["count"])
    return Run(
        n=n,
        wall=wall,
        concurrency=concurrency,
        chain=chain,
        round_trips=round_trips,
        others=sum(c.latencies != chain for c in per_tenant.values()),
        latency=opts.latency_ms / 1000,
        graph_calls=sum(c.graph_calls for c in per_tenant.values()),
        management_calls=sum(c.management for c in per_tenant.values()),
        token_calls=sum(c.tokens for c in per_tenant.values()),
        state=state,
        scans=len(scanned & set(tenants)),
        load=load,
        cpu=cpu,
        calls=by_path.most_common(),
    )


async def run_one(opts: Options, n: int, concurrency: int, max_jobs: int, logs: Path) -> Run:
    # Generated scenarios hold Ready tenants among others: about half are Ready.
    size = max(40, n * 3)
    await fresh_database(opts.postgres, opts.database)
    redis.Redis.from_url(opts.redis_url).flushdb()
    try:
        with environment(opts, logs) as (procs, emu_url, api_url):
            procs.env["MS_MANAGEMENT_URL"] = f"{emu_url}/manage"
            # Onboarding (the untimed set-up) runs one tenant per job: C job slots.
            procs.env["WORKER_MAX_JOBS"] = str(max_jobs)
            procs.run([str(BIN / "petra"), "migrate"])
            port = urlsplit(emu_url).port
            procs.start(
                "emulator",
                [sys.executable, "-c", EMULATOR, str(port), str(size), str(opts.seed), api_url],
            )
            procs.start("api", [str(BIN / "petra"), "serve", "--port", str(urlsplit(api_url).port)])
            procs.start("worker-0", [str(BIN / "petra"), "worker"])
            await wait_until_up(f"{emu_url}/_emulator/portal-app")
            await wait_until_up(f"{api_url}/healthz")
            await asyncio.sleep(2)
            return await measure(opts, n, concurrency, procs, emu_url, api_url)
    finally:
        await drop_database(opts.postgres, opts.database)
        redis.Redis.from_url(opts.redis_url).flushdb()


def report(opts: Options, runs: list[Run], verbose: bool) -> None:
    for r in runs:
        load = " ".join(f"{x:.2f}" for x in r.load)
        print(
            f"N {r.n}: latency {opts.latency_ms:g} ms, C {r.concurrency} (scan concurrency per "
            f"worker process, 1 worker), sequential calls per tenant {r.round_trips} "
            f"($batch as one), {r.chain} latencies (a $batch costs two on the emulator); "
            f"{r.others} tenants also saw other work's calls; load average at the start {load}"
        )
    print(
        f"{'N':>5} {'wall s':>8} {'bound s':>8} {'ratio':>6} {'Graph/tenant':>12} "
        f"{'Mgmt/tenant':>11} {'tokens/tenant':>13} {'worker CPU ms/tenant':>20} "
        f"{'scans':>11} {'state':>10} check"
    )
    for r in runs:
        worker_cpu = sum(v for k, v in r.cpu.items() if k.startswith("worker"))
        print(
            f"{r.n:>5} {r.wall:>8.2f} {r.lower_bound:>8.2f} {r.ratio:>6.2f} "
            f"{r.graph_calls / r.n:>12.2f} {r.management_calls / r.n:>11.2f} "
            f"{r.token_calls / r.n:>13.2f} {worker_cpu * 1000 / r.n:>20.1f} "
            f"{r.scans:>5}/{r.n:<5} {r.state:>10} {'ok' if r.ok else 'FAILED'}"
        )
        if verbose:
            for path, count in r.calls:
                print(f"{'':>8}{count:>7}  {path}")
            print(
                f"{'':>8}CPU s during the scan: "
                + ", ".join(f"{k} {v:.2f}" for k, v in r.cpu.items())
            )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="100,1000", help="comma-separated tenant counts N")
    p.add_argument("--latency-ms", type=float, default=200.0, help="added to every call")
    p.add_argument("--sync-concurrency", type=int, default=50, help="the worker's SYNC_CONCURRENCY")
    p.add_argument("--max-jobs", type=int, default=50, help="the worker's WORKER_MAX_JOBS")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    p.add_argument("--redis-url", default=REDIS_URL, help="flushed before and after each run")
    p.add_argument("--database", default=DB_NAME, help="created, used and dropped per run")
    p.add_argument("--run-timeout", type=float, default=900.0, help="seconds per operation")
    p.add_argument("--keep-logs", action="store_true", help="keep process logs (path printed)")
    p.add_argument("-v", "--verbose", action="store_true", help="print the calls per route")
    a = p.parse_args(argv)
    opts = Options(
        sizes=[int(x) for x in a.sizes.split(",")],
        latency_ms=a.latency_ms,
        concurrency=a.sync_concurrency,
        batch_size=50,
        workers=1,
        seed=a.seed,
        postgres=a.postgres.rstrip("/"),
        redis_url=a.redis_url,
        run_timeout=a.run_timeout,
        keep_logs=a.keep_logs,
        poll_delay=None,
        database=a.database,
    )
    # The tenants scanned at once: the scan capability's limit, one semaphore per worker process
    # and operation kind (its batches of 10 tenants are jobs; WORKER_MAX_JOBS x 10 >= C).
    concurrency = min(CONCURRENCY, a.sync_concurrency)
    runs = []
    logs = Path(tempfile.mkdtemp(prefix="petra-bench-scan-"))
    for n in opts.sizes:
        run_logs = logs / str(n)
        run_logs.mkdir()
        runs.append(asyncio.run(run_one(opts, n, concurrency, a.max_jobs, run_logs)))
    report(opts, runs, a.verbose)
    if a.keep_logs:
        print(f"logs: {logs}")
    else:
        shutil.rmtree(logs)
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
