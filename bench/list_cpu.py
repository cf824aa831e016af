"""CPU per request of the tenant table and of `/me`, in one process, without HTTP or clients.

    .venv/bin/python -m bench.list_cpu --tenants 10000 --requests 400 --rounds 3

The HTTP benchmark (`bench.tenants_list`) measures what a client sees, which on a shared host
swings with other processes' load. This one fills the same database, runs the API's ASGI app
in this process (`httpx.ASGITransport`, the lifespan started as `petra serve` starts it) and
measures `time.process_time` per request: the list's mix of searches, filters, sorts and cursor
pages, then `/me`, alternating for `--rounds` rounds (the first round warms caches and is not
counted). The list / me CPU ratio is what the throughput ratio of one API process tends to
when CPU is the limit. `--profile FILE` writes a cProfile of the counted list requests.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import random
import statistics
import time
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from bench.tenants_list import DB_NAME, EMAIL, PASSWORD, _request, prepare


async def _list_requests(client: httpx.AsyncClient, rng: random.Random, count: int) -> None:
    done = 0
    while done < count:
        params = {**_request(rng), "limit": "50"}
        pages = 1 if rng.random() < 0.6 else rng.randint(2, 4)
        for _ in range(pages):
            resp = await client.get("/api/v1/tenants", params=params)
            if resp.status_code != 200:
                raise RuntimeError(f"{resp.status_code}: {resp.text[:300]}")
            done += 1
            # The page ends with its cursor: read it without parsing the fifty rows before it.
            cursor = json.loads(resp.content.rpartition(b'"next_cursor":')[2][:-1])
            if not cursor or done >= count:
                break
            params = {**params, "cursor": cursor}


async def _me_requests(client: httpx.AsyncClient, count: int) -> None:
    for _ in range(count):
        resp = await client.get("/api/v1/me")
        if resp.status_code != 200:
            raise RuntimeError(f"/me answered {resp.status_code}")


async def measure(args: argparse.Namespace) -> int:
    await prepare(args.postgres, args.database, args.tenants, 1)
    os.environ.update(
        {
            "DATABASE_URL": args.postgres.replace("postgresql://", "postgresql+asyncpg://")
            + f"/{args.database}",
            "REDIS_URL": args.redis_url,
            "PUBLIC_BASE_URL": "http://127.0.0.1:8000",
            "LOG_LEVEL": "WARNING",
            "LOGIN_RATE_LIMIT_ATTEMPTS": "1000",
        }
    )
    from api.main import create_app

    app = create_app()
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    rows: list[tuple[float, float]] = []
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1:8000"
        ) as client:
            login = await client.post(
                "/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD}
            )
            if login.status_code != 200:
                raise RuntimeError(f"login failed: {login.status_code} {login.text}")
            for round_ in range(args.rounds + 1):
                rng = random.Random(round_)
                started = time.process_time()
                if profiler is not None and round_ > 0:
                    profiler.enable()
                await _list_requests(client, rng, args.requests)
                if profiler is not None:
                    profiler.disable()
                listed = (time.process_time() - started) / args.requests
                started = time.process_time()
                await _me_requests(client, args.requests)
                me = (time.process_time() - started) / args.requests
                if round_ > 0:
                    rows.append((listed * 1000, me * 1000))
                    print(
                        f"round {round_}: list {listed * 1000:5.2f} ms CPU/request, "
                        f"/me {me * 1000:5.2f} ms, list/me CPU {me / listed:.2f}",
                        flush=True,
                    )
    if profiler is not None:
        profiler.dump_stats(args.profile)
    lists, mes = [r[0] for r in rows], [r[1] for r in rows]
    print(
        f"median: list {statistics.median(lists):.2f} ms, /me {statistics.median(mes):.2f} ms, "
        f"me/list {statistics.median(mes) / statistics.median(lists):.2f} "
        f"({args.tenants} tenants, {args.requests} requests per round, client included)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--tenants", type=int, default=10_000)
    p.add_argument("--requests", type=int, default=400, help="per kind and round")
    p.add_argument("--rounds", type=int, default=3, help="counted rounds after one warm-up")
    p.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    p.add_argument("--database", default=f"{DB_NAME}_cpu")
    p.add_argument("--profile", default=None, help="write a cProfile of the list requests")
    args: Any = p.parse_args(argv)
    return asyncio.run(measure(args))


if __name__ == "__main__":
    raise SystemExit(main())
