"""Sync benchmark: the real emulator, API and workers on loopback, timed from the user's click.

    .venv/bin/python -m bench.sync --sizes 100,1000,5000 --latency-ms 50 --concurrency 50

Per size: a fresh database and Redis index, an emulator with a generated scenario, a seeded
login, Partner Center connected through the emulator's sign-in pages, a fixed latency on every
Microsoft call, then POST /tenants/sync polled until the operation finishes. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import redis

from api.settings import Settings
from bench.first_sync_orders import (
    fewest_pages_first,
    makespan,
    rounds,
    steady,
    tenants_of,
    token_beside_pages,
    token_first,
)
from emulator.browser import sign_in
from emulator.scenario import portal_app

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DB_NAME = "petra_bench"
# `--profile DIR`: a child runs its command under this; SIGUSR1 starts cProfile, SIGUSR2 writes
# DIR/<child>-<k>.prof for the k-th profiled block and starts afresh.
PROFILED = """
import cProfile, signal, sys, time
out, rest = sys.argv[1], sys.argv[2:]
profile, dumped = cProfile.Profile(time.process_time), [0]
def start(*_):
    profile.enable()
def stop(*_):
    profile.disable()
    dumped[0] += 1
    profile.dump_stats(f"{out}-{dumped[0]}.prof")
    profile.clear()
signal.signal(signal.SIGUSR1, start)
signal.signal(signal.SIGUSR2, stop)
if rest[0] == "-c":
    sys.argv = ["-c", *rest[2:]]
    exec(compile(rest[1], "<string>", "exec"), {"__name__": "__main__"})
else:
    sys.argv = rest
    from api.cli import main
    sys.exit(main())
"""
FINISHED = {"succeeded", "failed", "partially_failed", "cancelled"}
# Token at the customer tenant, then one read (Graph $count, or Partner Center when Graph is
# refused): nothing about the data lets these two overlap.
CRITICAL_PATH = 2
RELATIONSHIP_PAGE = 300
EMULATOR = """
import sys
from emulator.server import serve
port, size, seed, api = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
serve(port=port, scenario="generated", size=size, seed=seed, redirect_uris=[
    f"{api}/api/v1/partner-center/callback", f"{api}/api/v1/tenants/individual/callback"])
"""
# What workers/settings.py would run with another arq poll interval: for comparison only.
WORKER_WITH_POLL_DELAY = """
import sys
import workers.settings as settings
base = settings.worker_settings
settings.worker_settings = lambda s=None: {**base(s), "poll_delay": float(sys.argv[1])}
settings.run()
"""


@dataclass
class Options:
    sizes: list[int]
    latency_ms: float
    concurrency: int
    batch_size: int | None
    workers: int
    seed: int
    postgres: str
    redis_url: str
    run_timeout: float
    keep_logs: bool
    poll_delay: float | None
    repeat: int = 1
    syncs: int = 2
    database: str = DB_NAME
    profile: Path | None = None


@dataclass
class Result:
    n: int
    wall: float
    lower_bound: float
    calls: int
    relationships: int
    tenants: int
    expected: int
    state: str
    peak_rss_mb: list[float]
    top_calls: list[tuple[str, int]] = field(default_factory=list)
    timeline: list[int] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)
    sync: int = 1
    # The bound of every call actually needed (see `set_bound`); `lower_bound` is the old one.
    bound: float = 0.0
    chain: int = 0
    order_floor: float = 0.0
    best_floor: float = 0.0

    def set_bound(
        self, opts: Options, tenant_chains: dict[str, int], floors: tuple[int, int]
    ) -> None:
        """Listing pages (and the partner token, first sync) one after the other, then every
        other call at C at once, but never less than the longest single-tenant chain.

        The order floors add, to the prefix and the plan's other calls at C, the rounds the
        tenants' chains take in the engine's order and in the best order (`order_floors`)."""
        latency = opts.latency_ms / 1000
        prefix = math.ceil(self.relationships / RELATIONSHIP_PAGE) + int(self.sync == 1)
        spread = (self.calls - prefix) * latency / opts.concurrency
        self.chain = max(tenant_chains.values(), default=0)
        self.bound = prefix * latency + max(spread, self.chain * latency)
        others = max(0, self.calls - prefix - sum(tenant_chains.values())) / opts.concurrency
        self.order_floor, self.best_floor = (
            (prefix + others + rounds) * latency for rounds in floors
        )

    @property
    def old_ratio(self) -> float:
        return self.wall / self.lower_bound

    item_writes: int = 0

    @property
    def worker_cpu_ms_per_tenant(self) -> float:
        used = sum(v for k, v in self.cpu.items() if k.startswith("worker"))
        return used * 1000 / max(1, self.expected)

    @property
    def ratio(self) -> float:
        return self.wall / self.bound if self.bound else self.old_ratio

    @property
    def ok(self) -> bool:
        return self.state == "succeeded" and self.tenants == self.expected


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Processes:
    """Every child we start, stopped by its own pid (never by name) when the run ends."""

    def __init__(self, env: dict[str, str], logs: Path, profile: Path | None = None) -> None:
        self.env = env
        self.logs = logs
        self.profile = profile
        self.children: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        out = (self.logs / f"{name}.log").open("wb")
        if self.profile is not None:
            self.profile.mkdir(parents=True, exist_ok=True)
            rest = args[1:] if args[0] == sys.executable else args
            if rest[1:] == ["worker"]:
                # `petra worker` execs `python -m workers`, which would leave the profiler behind.
                rest = ["-c", "from workers.settings import run\nrun()"]
            args = [sys.executable, "-c", PROFILED, str(self.profile / name), *rest]
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and console scripts
            args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
        )
        self.children[name] = proc
        return proc

    def run(self, args: list[str], timeout: float = 120) -> str:
        done = subprocess.run(  # noqa: S603
            args, cwd=ROOT, env=self.env, capture_output=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stderr.decode()[-2000:]}")
        return done.stdout.decode()

    def peak_rss_mb(self, prefix: str) -> list[float]:
        peaks = []
        for name, proc in self.children.items():
            if name.startswith(prefix):
                status = Path(f"/proc/{proc.pid}/status").read_text()
                line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
                peaks.append(int(line.split()[1]) / 1024)
        return peaks

    def cpu_seconds(self) -> dict[str, float]:
        """User + system CPU each child has used so far (to tell CPU-bound from waiting)."""
        ticks = os.sysconf("SC_CLK_TCK")
        used = {}
        for name, proc in self.children.items():
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            used[name] = (int(fields[11]) + int(fields[12])) / ticks
        return used

    @contextmanager
    def profiled(self, enabled: bool) -> Iterator[None]:
        """cProfile in every child while the block runs (each dumps one file per block)."""
        if enabled:
            for proc in self.children.values():
                proc.send_signal(signal.SIGUSR1)
        try:
            yield
        finally:
            if enabled:
                for proc in self.children.values():
                    proc.send_signal(signal.SIGUSR2)

    def check_alive(self) -> None:
        """Fail the run at once when a child died, with the end of its log, instead of waiting
        out the run timeout for an operation nobody will finish."""
        for name, proc in self.children.items():
            if proc.poll() is not None:
                tail = (self.logs / f"{name}.log").read_bytes()[-3000:].decode(errors="replace")
                raise RuntimeError(f"{name} exited with {proc.returncode} during the run:\n{tail}")

    def stop(self) -> None:
        for proc in self.children.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in self.children.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


async def fresh_database(postgres: str, name: str) -> None:
    conn = await asyncpg.connect(f"{postgres}/postgres")
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()


async def drop_database(postgres: str, name: str) -> None:
    conn = await asyncpg.connect(f"{postgres}/postgres")
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await conn.close()


async def timeline(postgres: str, name: str, bucket: float = 0.5) -> list[int]:
    """Tenants finished per bucket since the operation started: shows stalls and ramp-up."""
    conn = await asyncpg.connect(f"{postgres}/{name}")
    try:
        rows = await conn.fetch(
            "SELECT extract(epoch FROM i.updated_at - o.created_at) AS t FROM operation_item i "
            "JOIN operation o ON o.id = i.operation_id "
            "WHERE o.id = (SELECT id FROM operation ORDER BY created_at DESC LIMIT 1)"
        )
    finally:
        await conn.close()
    counts: dict[int, int] = {}
    for row in rows:
        key = int(float(row["t"]) // bucket)
        counts[key] = counts.get(key, 0) + 1
    return [counts.get(i, 0) for i in range(max(counts, default=-1) + 1)]


async def item_writes(postgres: str, name: str) -> int:
    """Transactions that closed the latest operation's items: `finished_at` is the time each
    one started, so it tells them apart (the outcomes of a batch are written in groups)."""
    conn = await asyncpg.connect(f"{postgres}/{name}")
    try:
        found = await conn.fetchval(
            "SELECT count(DISTINCT finished_at) FROM operation_item WHERE operation_id = "
            "(SELECT id FROM operation ORDER BY created_at DESC LIMIT 1)"
        )
    finally:
        await conn.close()
    return int(found or 0)


async def wait_until_up(url: str, within: float = 120) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(timeout=2) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError(f"{url} did not come up in {within:.0f} s")


async def sign_in_and_connect(
    api: httpx.AsyncClient, emu: httpx.AsyncClient, login: Any, username: str
) -> str:
    """Log in as the seeded user and connect Partner Center; return the CSRF token."""
    answer = await api.post("/api/v1/auth/login", json=login)
    answer.raise_for_status()
    csrf = str(answer.json()["csrf_token"])
    started = await api.post(
        "/api/v1/partner-center/connect",
        json={"return_to": "portal"},
        headers={"X-CSRF-Token": csrf},
    )
    started.raise_for_status()
    callback = urlsplit(await sign_in(emu, started.json()["authorization_url"], username))
    done = await api.get(f"{callback.path}?{callback.query}")
    if done.status_code != 303 or "error" in done.headers.get("location", ""):
        raise RuntimeError(f"connect failed: {done.status_code} {done.headers.get('location')}")
    return csrf


def expected_tenants(truth: dict[str, Any]) -> tuple[int, int]:
    """(active non-MLT customers, relationships): what the sync must refresh, list and store.

    The sync lists relationships of every status: the tenant page shows them all."""
    tenants = relationships = 0
    for customer in truth["customers"]:
        active = [r for r in customer["relationships"] if r["status"] == "active"]
        relationships += len(customer["relationships"])
        tenants += any(not r["displayName"].startswith("MLT_") for r in active)
    return tenants, relationships


def chains(truth: dict[str, Any], cold: bool) -> dict[str, int]:
    """The calls each synced tenant makes one after the other.

    A tenant counted through Partner Center pages its users 500 at a time, each page asked
    for with the previous page's continuation token; the first sync also asks for a token at
    the customer tenant first (refused where the app is not consented, which teaches that).
    """
    calls = token_first if cold else steady
    return {tenant_id: len(calls(t)[0]) for tenant_id, t in tenants_of(truth).items()}


def default_of(setting: str) -> int:
    """The product's default for a setting the benchmark leaves alone."""
    return int(Settings.model_fields[setting].default)


def order_floors(
    truth: dict[str, Any], cold: bool, slots: int, batch: int, max_jobs: int
) -> tuple[int, int]:
    """Rounds the tenants' calls take at C in the engine's order, and in the best order
    (longest first), with no other cost at all.

    From the second sync on the engine starts the tenants that took the most pages first, each
    keeping its slot to its end. The first sync knows no sizes: every tenant starts with its
    batch, its user pages beside its token, and the pages go first, the tenants that made the
    fewest first (`first_sync_orders.fewest_pages_first`).
    """
    known = chains(truth, cold)
    best = makespan(sorted(known.values(), reverse=True), slots)
    if cold:
        tenants = [token_beside_pages(t) for t in tenants_of(truth).values()]
        return rounds(tenants, fewest_pages_first, slots, batch, max_jobs), best
    order = [known[t] for t in sorted(sorted(known), key=lambda t: -known[t])]
    return makespan(order, slots), best


async def timed_sync(
    api: httpx.AsyncClient, csrf: str, within: float, procs: Processes
) -> tuple[float, str]:
    started = time.perf_counter()
    answer = await api.post("/api/v1/tenants/sync", headers={"X-CSRF-Token": csrf})
    answer.raise_for_status()
    url = f"/api/v1/operations/{answer.json()['id']}"
    while time.perf_counter() - started < within:
        procs.check_alive()
        operation = (await api.get(url)).json()
        if operation["state"] in FINISHED:
            return time.perf_counter() - started, str(operation["state"])
        await asyncio.sleep(0.05)
    raise TimeoutError(f"sync did not finish in {within:.0f} s")


async def measure(
    opts: Options, n: int, procs: Processes, emu_url: str, api_url: str
) -> list[Result]:
    """`--syncs` syncs one after the other: the first is cold, the later ones steady state."""
    login = json.loads(procs.run([str(BIN / "petra"), "seed-demo"]).strip().splitlines()[-1])
    headers = {"Origin": api_url}
    results = []
    async with (
        httpx.AsyncClient(base_url=api_url, headers=headers, timeout=30) as api,
        httpx.AsyncClient(timeout=30) as emu,
    ):
        csrf = await sign_in_and_connect(api, emu, login, portal_app(opts.seed).admin_username)
        truth = (await emu.get(f"{emu_url}/_emulator/scenario")).json()
        expected, relationships = expected_tenants(truth)
        rule = {"latency": {"kind": "fixed", "ms": opts.latency_ms}}
        (await emu.post(f"{emu_url}/_emulator/faults", json=rule)).raise_for_status()
        for sync in range(1, opts.syncs + 1):
            (await emu.delete(f"{emu_url}/_emulator/counters")).raise_for_status()
            cpu_before = procs.cpu_seconds()
            with procs.profiled(opts.profile is not None):
                wall, state = await timed_sync(api, csrf, opts.run_timeout, procs)
            cpu = {k: v - cpu_before[k] for k, v in procs.cpu_seconds().items()}
            counters = (await emu.get(f"{emu_url}/_emulator/counters")).json()
            tenants = (await api.get("/api/v1/tenants", params={"limit": 1})).json()["total"]
            result = _result(opts, n, sync, wall, state, counters, cpu, expected, relationships)
            cold = sync == 1
            floors = order_floors(
                truth,
                cold,
                opts.concurrency,
                opts.batch_size or default_of("sync_batch_size"),
                default_of("worker_max_jobs") * opts.workers,
            )
            result.set_bound(opts, chains(truth, cold), floors)
            result.tenants = int(tenants)
            result.peak_rss_mb = procs.peak_rss_mb("worker")
            result.timeline = await timeline(opts.postgres, opts.database)
            result.item_writes = await item_writes(opts.postgres, opts.database)
            results.append(result)
    return results


def _result(
    opts: Options,
    n: int,
    sync: int,
    wall: float,
    state: str,
    counters: dict[str, Any],
    cpu: dict[str, float],
    expected: int,
    relationships: int,
) -> Result:
    by_path: dict[str, int] = {}
    for row in counters["calls"]:
        key = f"{row['method']} {row['path']} {row['status']}"
        by_path[key] = by_path.get(key, 0) + int(row["count"])
    latency = opts.latency_ms / 1000
    partner_calls = math.ceil(relationships / RELATIONSHIP_PAGE) + 1
    # The tenants the sync must refresh (active, non-MLT), not the scenario's customer count.
    lower = CRITICAL_PATH * latency * expected / opts.concurrency + partner_calls * latency
    return Result(
        n=n,
        wall=wall,
        lower_bound=lower,
        calls=int(counters["total"]),
        relationships=relationships,
        tenants=0,
        expected=expected,
        state=state,
        peak_rss_mb=[],
        top_calls=sorted(by_path.items(), key=lambda kv: -kv[1])[:10],
        cpu=cpu,
        sync=sync,
    )


@contextmanager
def environment(opts: Options, logs: Path) -> Iterator[tuple[Processes, str, str]]:
    emu_port, api_port = free_port(), free_port()
    emu_url, api_url = f"http://127.0.0.1:{emu_port}", f"http://127.0.0.1:{api_port}"
    app = portal_app(opts.seed)
    env = {
        **os.environ,
        "DATABASE_URL": f"{opts.postgres.replace('postgresql://', 'postgresql+asyncpg://')}"
        f"/{opts.database}",
        "REDIS_URL": opts.redis_url,
        "PUBLIC_BASE_URL": api_url,
        "MS_LOGIN_URL": f"{emu_url}/login",
        "MS_GRAPH_URL": f"{emu_url}/graph",
        "MS_PARTNER_CENTER_URL": f"{emu_url}/partnercenter",
        "MS_ADMIN_CENTER_URL": f"{emu_url}/admin",
        "MS_CLIENT_ID": app.client_id,
        "MS_CLIENT_SECRET": app.client_secret,
        # C is the number of calls a sync makes at once, summed over the worker processes.
        "SYNC_CONCURRENCY": str(max(1, opts.concurrency // opts.workers)),
        **({"SYNC_BATCH_SIZE": str(opts.batch_size)} if opts.batch_size else {}),
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        "PYTHONUNBUFFERED": "1",
    }
    procs = Processes(env, logs, opts.profile)
    try:
        yield procs, emu_url, api_url
    finally:
        procs.stop()


async def run_one(opts: Options, n: int, logs: Path) -> list[Result]:
    await fresh_database(opts.postgres, opts.database)
    redis.Redis.from_url(opts.redis_url).flushdb()
    try:
        with environment(opts, logs) as (procs, emu_url, api_url):
            procs.run([str(BIN / "petra"), "migrate"])
            port = urlsplit(emu_url).port
            procs.start(
                "emulator",
                [sys.executable, "-c", EMULATOR, str(port), str(n), str(opts.seed), api_url],
            )
            procs.start("api", [str(BIN / "petra"), "serve", "--port", str(urlsplit(api_url).port)])
            worker = [str(BIN / "petra"), "worker"]
            if opts.poll_delay is not None:
                worker = [sys.executable, "-c", WORKER_WITH_POLL_DELAY, str(opts.poll_delay)]
            for i in range(opts.workers):
                procs.start(f"worker-{i}", worker)
            await wait_until_up(f"{emu_url}/_emulator/portal-app")
            await wait_until_up(f"{api_url}/healthz")
            # Let the workers connect and run their start-up cron before the clock starts.
            await asyncio.sleep(2)
            return await measure(opts, n, procs, emu_url, api_url)
    finally:
        await drop_database(opts.postgres, opts.database)
        redis.Redis.from_url(opts.redis_url).flushdb()


def report(opts: Options, results: list[Result], verbose: bool) -> None:
    print(
        f"latency {opts.latency_ms:g} ms, concurrency {opts.concurrency} "
        f"({opts.workers} worker process(es)); bound: every call counted, longest chain "
        f"(calls); old bound: critical path {CRITICAL_PATH} calls/tenant; floors: the tenants' "
        f"chains in the engine's order / longest first, nothing else costing"
    )
    head = (
        f"{'N':>6} {'sync':>5} {'wall s':>8} {'bound s':>8} {'ratio':>6} {'chain':>6} "
        f"{'old bound':>9} {'old ratio':>9} {'order floor':>11} {'wall/floor':>10} "
        f"{'best floor':>10} {'calls/tenant':>12} "
        f"{'worker CPU ms/tenant':>20} {'ms/call':>8} {'worker peak RSS MB':>18} {'tenants':>9} "
        f"{'state':>10} check"
    )
    print(head)
    for r in results:
        rss = "+".join(f"{x:.0f}" for x in r.peak_rss_mb)
        print(
            f"{r.n:>6} {r.sync:>5} {r.wall:>8.2f} {r.bound:>8.2f} {r.ratio:>6.2f} {r.chain:>6} "
            f"{r.lower_bound:>9.2f} {r.old_ratio:>9.2f} {r.order_floor:>11.2f} "
            f"{r.wall / max(r.order_floor, 1e-9):>10.2f} {r.best_floor:>10.2f} "
            f"{r.calls / max(1, r.expected):>12.2f} "
            f"{r.worker_cpu_ms_per_tenant:>20.2f} "
            f"{r.worker_cpu_ms_per_tenant * r.expected / max(1, r.calls):>8.2f} {rss:>18} "
            f"{r.tenants:>4}/{r.expected:<4} {r.state:>10} "
            f"{'ok' if r.ok else 'FAILED'}"
        )
        if verbose:
            for path, count in r.top_calls:
                print(f"{'':>8}{count:>7}  {path}")
            print(f"{'':>8}tenants done per 0.5 s: {r.timeline}")
            print(f"{'':>8}transactions that closed items: {r.item_writes}")
            print(
                f"{'':>8}CPU s during the sync: "
                + ", ".join(f"{k} {v:.2f}" for k, v in r.cpu.items())
            )


def summarize(results: list[Result]) -> None:
    """The host's noise is ±10 % run to run: compare medians, and say how wide the spread was."""
    print(f"{'N':>6} {'runs':>5} {'median wall s':>14} {'range s':>14} {'median ratio':>13}")
    for n in dict.fromkeys(r.n for r in results):
        runs = [r for r in results if r.n == n and r.sync == 1]
        walls = sorted(r.wall for r in runs)
        ratio = statistics.median(r.ratio for r in runs)
        spread = f"{walls[0]:.2f}-{walls[-1]:.2f}"
        print(
            f"{n:>6} {len(runs):>5} {statistics.median(walls):>14.2f} {spread:>14} {ratio:>13.2f}"
        )


def parse(argv: list[str] | None) -> tuple[Options, bool]:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="100,1000,5000", help="comma-separated tenant counts N")
    p.add_argument("--latency-ms", type=float, default=50.0, help="added to every Microsoft call")
    p.add_argument("--concurrency", type=int, default=50, help="C, summed over worker processes")
    p.add_argument(
        "--batch-size", type=int, default=None, help="tenants per sync job (default: the product's)"
    )
    p.add_argument("--workers", type=int, default=1, help="worker processes sharing C")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/14", help="flushed per run")
    p.add_argument("--run-timeout", type=float, default=600.0, help="seconds per sync")
    p.add_argument("--keep-logs", action="store_true", help="keep process logs (path printed)")
    p.add_argument(
        "--poll-delay",
        type=float,
        default=None,
        help="run the workers with this arq poll interval instead of petra worker's",
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per size, each in a fresh environment; prints the median and the range",
    )
    p.add_argument(
        "--syncs",
        type=int,
        default=2,
        help="syncs per run: the first is cold, the next ones run on what it learned",
    )
    p.add_argument(
        "--database",
        default=DB_NAME,
        help="database to create, use and drop (another name lets two benchmarks share a server)",
    )
    p.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="cProfile every process during each sync: DIR/<process>-<sync>.prof",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="print the calls per route")
    a = p.parse_args(argv)
    if a.repeat < 1:
        p.error("--repeat must be at least 1")
    return Options(
        sizes=[int(x) for x in a.sizes.split(",")],
        latency_ms=a.latency_ms,
        concurrency=a.concurrency,
        batch_size=a.batch_size,
        workers=a.workers,
        seed=a.seed,
        postgres=a.postgres.rstrip("/"),
        redis_url=a.redis_url,
        run_timeout=a.run_timeout,
        keep_logs=a.keep_logs,
        poll_delay=a.poll_delay,
        repeat=a.repeat,
        syncs=max(1, a.syncs),
        database=a.database,
        profile=a.profile,
    ), a.verbose


def main(argv: list[str] | None = None) -> int:
    opts, verbose = parse(argv)
    logs = Path(tempfile.mkdtemp(prefix="petra-bench-"))
    results = []
    for n in opts.sizes:
        for attempt in range(1, opts.repeat + 1):
            run_logs = logs / (str(n) if opts.repeat == 1 else f"{n}-{attempt}")
            run_logs.mkdir()
            results += asyncio.run(run_one(opts, n, run_logs))
    report(opts, results, verbose)
    if opts.repeat > 1:
        summarize(results)
    if opts.keep_logs:
        print(f"logs: {logs}")
    else:
        for path in sorted(logs.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        logs.rmdir()
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
