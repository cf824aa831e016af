"""Tenant table benchmark: one API process answering the table's requests at 10,000 tenants.

    .venv/bin/python -m bench.tenants_list --tenants 10000 --organizations 1 --clients 1,10,50

A fresh database is filled with `--organizations` x `--tenants` rows (COPY), `petra serve`
runs alone on a free port, and the same logged-in clients send, for `--seconds` per phase, a
mix of searches, filters, sorts and cursor pages of `GET /api/v1/tenants`, then `GET
/api/v1/me` (one authenticated row: the floor of the stack). Prints p50/p95/p99 and requests
per second for each, and the query plans of the list's statements. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import aiohttp
import asyncpg
from sqlalchemy.dialects.postgresql.base import PGDialect

from api.migrate import upgrade
from api.permissions import Principal, Role
from api.tenants.schemas import SortField, TenantQuery
from api.tenants.service import count_query, page_query
from bench.sync import Processes, free_port, wait_until_up
from bench.tenant_rows import NOUNS, WORDS, seed_tenants

# SQLAlchemy ships the dialect class without annotations.
DIALECT = cast(Any, PGDialect)()
BIN = Path(sys.executable).parent
DB_NAME = "petra_bench_list"
EMAIL, PASSWORD = "bench@example.com", "correct horse battery staple"
FILTERS: list[dict[str, Any]] = [
    {"gdap_state": "missing"},
    {"gdap_state": "none"},
    {"status": "monitoring"},
    {"email_permissions": "needs_fix"},
    {"excluded": "true"},
    {"active": "false"},
    {"last_sync_failed": "true"},
    {"expiring_within_days": "30"},
]


@dataclass
class Phase:
    name: str
    clients: int
    latencies: list[float]
    seconds: float
    api_cpu: float = 0.0

    def line(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies)
        if not ms:
            return f"{self.name:>6} {self.clients:>3} clients: no request finished"
        q = statistics.quantiles(ms, n=100) if len(ms) > 1 else [ms[0]] * 99
        rps = len(ms) / self.seconds
        return (
            f"{self.name:>6} {self.clients:>3} clients: {len(ms):>6} requests "
            f"{rps:>7.1f}/s  p50 {q[49]:6.1f} ms  p95 {q[94]:6.1f} ms  p99 {q[98]:6.1f} ms  "
            f"API CPU {self.api_cpu / len(ms) * 1000:5.2f} ms/request"
        )

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds


def _request(rng: random.Random) -> dict[str, Any]:
    """One of the table's requests: a search, a filter or a sort (first pages)."""
    kind = rng.random()
    if kind < 0.3:
        word = rng.choice(WORDS + NOUNS).lower()
        start = rng.randint(0, max(0, len(word) - 4))
        q = rng.choice([word[start : start + 4], word, f"{word}{rng.randint(1, 9999)}"])
        return {"q": q}
    if kind < 0.6:
        return dict(rng.choice(FILTERS))
    sort = rng.choice(list(SortField)).value
    return {"sort": sort, "descending": rng.choice(["true", "false"])}


async def _list_client(
    session: aiohttp.ClientSession, url: str, rng: random.Random, until: float, out: list[float]
) -> None:
    while time.perf_counter() < until:
        params = {**_request(rng), "limit": "50"}
        pages = 1 if rng.random() < 0.6 else rng.randint(2, 4)
        for _ in range(pages):
            started = time.perf_counter()
            async with session.get(f"{url}/api/v1/tenants", params=params) as resp:
                body = await resp.read()
                if resp.status != 200:
                    raise RuntimeError(f"{resp.status}: {body[:300]!r}")
            out.append(time.perf_counter() - started)
            # The page ends with its cursor: read it without parsing the fifty rows before it
            # (a browser parses them on its own machine, not on the API's cores).
            cursor = json.loads(body.rpartition(b'"next_cursor":')[2][:-1])
            if not cursor or time.perf_counter() >= until:
                break
            params = {**params, "cursor": cursor}


async def _me_client(
    session: aiohttp.ClientSession, url: str, until: float, out: list[float]
) -> None:
    while time.perf_counter() < until:
        started = time.perf_counter()
        async with session.get(f"{url}/api/v1/me") as resp:
            await resp.read()
            if resp.status != 200:
                raise RuntimeError(f"/me answered {resp.status}")
        out.append(time.perf_counter() - started)


async def run_phases(
    url: str, clients: list[int], seconds: float, procs: Processes, profile: bool
) -> list[Phase]:
    """With `profile`, the API writes `api-<k>.prof` for the k-th phase (list, me, list...)."""
    phases: list[Phase] = []
    jar = aiohttp.CookieJar(unsafe=True)
    connector = aiohttp.TCPConnector(limit=max(clients) + 5)
    async with aiohttp.ClientSession(cookie_jar=jar, connector=connector) as session:
        async with session.post(
            f"{url}/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD}
        ) as resp:
            if resp.status != 200:
                raise RuntimeError(f"login failed: {resp.status} {await resp.text()}")
        for count in clients:
            for name in ("list", "me"):
                out: list[float] = []
                until = time.perf_counter() + seconds
                if name == "list":
                    tasks = [
                        _list_client(session, url, random.Random(i), until, out)
                        for i in range(count)
                    ]
                else:
                    tasks = [_me_client(session, url, until, out) for _ in range(count)]
                started, cpu = time.perf_counter(), procs.cpu_seconds()["api"]
                with procs.profiled(profile):
                    await asyncio.gather(*tasks)
                elapsed = time.perf_counter() - started
                used = procs.cpu_seconds()["api"] - cpu
                phases.append(Phase(name, count, out, elapsed, used))
    return phases


def _sql(statement: Any) -> str:
    compiled = statement.compile(dialect=DIALECT, compile_kwargs={"literal_binds": True})
    return str(compiled)


async def plans(conn: asyncpg.Connection, organization_id: uuid.UUID) -> list[str]:
    """EXPLAIN ANALYZE of the statements the list runs, one representative per request kind."""
    principal = Principal(organization_id=organization_id, member_id=uuid.uuid4(), role=Role.admin)
    shown = [
        TenantQuery(),
        TenantQuery(sort=SortField.users, descending=True),
        TenantQuery(sort=SortField.gdap_end),
        TenantQuery(gdap_state="none"),
        TenantQuery(last_sync_failed=True),
        TenantQuery(q="fabrikamdental12"),
        TenantQuery(q="contoso"),
    ]
    lines = []
    for params in shown:
        label = params.model_dump(exclude_defaults=True) or {"sort": "name"}
        for kind, statement in (
            # What the route runs for a first page: the page with its count as an InitPlan.
            ("first page", page_query(principal, params, with_total=True)),
            ("count alone", count_query(principal, params)),
        ):
            rows = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {_sql(statement)}")
            lines.append(f"-- {kind} {json.dumps(label, default=str)}")
            lines += [f"   {r[0]}" for r in rows if not r[0].lstrip().startswith("Planning")]
    return lines


async def prepare(postgres: str, name: str, tenants: int, organizations: int) -> uuid.UUID:
    conn = await asyncpg.connect(f"{postgres}/postgres")
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()
    url = postgres.replace("postgresql://", "postgresql+asyncpg://") + f"/{name}"
    await asyncio.to_thread(upgrade, url)
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

    from api.orgs.service import bootstrap_admin, create_organization

    engine = create_async_engine(url)
    async with async_sessionmaker(engine)() as db:
        org, _, _ = await bootstrap_admin(db, "Bench MSP", EMAIL, PASSWORD)
        others = [await create_organization(db, f"Other MSP {i}") for i in range(organizations - 1)]
        ids = [org.id, *(o.id for o in others)]
        await db.commit()
    await engine.dispose()
    conn = await asyncpg.connect(f"{postgres}/{name}")
    try:
        for organization_id in ids:
            await seed_tenants(conn, organization_id, tenants)
        await conn.execute("VACUUM ANALYZE managed_tenant")
    finally:
        await conn.close()
    return ids[0]


async def main_async(args: argparse.Namespace) -> int:
    organization_id = await prepare(args.postgres, args.database, args.tenants, args.organizations)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.postgres.replace("postgresql://", "postgresql+asyncpg://")
        + f"/{args.database}",
        "REDIS_URL": args.redis_url,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        "LOGIN_RATE_LIMIT_ATTEMPTS": "1000",
    }
    procs = Processes(env, Path(tempfile.mkdtemp(prefix="petra-bench-list-")), args.profile)
    try:
        procs.start("api", [str(BIN / "petra"), "serve", "--port", str(port)])
        url = f"http://127.0.0.1:{port}"
        await wait_until_up(f"{url}/healthz")
        phases = await run_phases(
            url,
            [int(c) for c in args.clients.split(",")],
            args.seconds,
            procs,
            args.profile is not None,
        )
    finally:
        procs.stop()
    total = args.tenants * args.organizations
    print(f"{args.tenants} tenants in the measured organization, {total} in {args.organizations}")
    for phase in phases:
        print(phase.line())
    for count in sorted({p.clients for p in phases}):
        listed = next(p for p in phases if p.name == "list" and p.clients == count)
        me = next(p for p in phases if p.name == "me" and p.clients == count)
        print(f"{count:>3} clients: list / me throughput = {listed.rps / me.rps:.2f}")
    if args.plans:
        conn = await asyncpg.connect(f"{args.postgres}/{args.database}")
        try:
            print("\n".join(await plans(conn, organization_id)))
        finally:
            await conn.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--tenants", type=int, default=10_000, help="tenants per organization")
    p.add_argument("--organizations", type=int, default=1)
    p.add_argument("--clients", default="1,10,50", help="concurrent clients per phase")
    p.add_argument("--seconds", type=float, default=10.0, help="per phase")
    p.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    p.add_argument("--database", default=DB_NAME, help="database to create and fill")
    p.add_argument("--plans", action="store_true", help="print EXPLAIN ANALYZE of each query")
    p.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="cProfile the API during each phase: DIR/api-<k>.prof (k counts the phases)",
    )
    return asyncio.run(main_async(p.parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
