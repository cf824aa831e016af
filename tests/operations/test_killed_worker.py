"""A worker SIGKILLed mid-sync, or Redis emptied under it, with real processes: the sync still
ends once, every tenant refreshed once, the table holds Microsoft's truth, and it ends within
the issue's bounds (15 s after a new worker starts, 30 s after a flush)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.main import create_app
from api.microsoft.http import create_http_client
from api.operations.models import ItemState, OperationItem
from api.operations.reconcile import reconcile
from api.resources import Resources, build_resources
from api.settings import Settings
from tests.api.conftest import BASE_URL, PORTAL_APP, Actor, World
from tests.api.observed_problems import record_problems
from tests.api.test_partner_center_flow import all_tenants, assert_table_matches, connect
from tests.api.test_partner_center_flow import expected_table as expected_table_of
from tests.operations.helpers import FINISHED, items, operation, until

PETRA = str(Path(sys.executable).parent / "petra")
WORKER = [sys.executable, "-m", "workers"]
ROOT = Path(__file__).resolve().parents[2]
# Every Microsoft call takes this long, so the sync is still going when its worker dies.
LATENCY_MS = 100
# The bounds: a killed worker's sync ends this soon after a new worker starts, and a
# sync whose Redis was flushed this soon after the flush.
AFTER_NEW_WORKER_S = 15.0
AFTER_FLUSH_S = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Children:
    """Processes this test starts, each stopped by its own pid when the test ends."""

    def __init__(self, logs: Path, env: dict[str, str] | None = None) -> None:
        self.logs = logs
        self.env = env
        self.started: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, args: list[str], env: dict[str, str] | None = None) -> None:
        log = (self.logs / f"{name}.log").open("wb")
        self.started[name] = subprocess.Popen(  # noqa: S603 - our own console script
            args, cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT
        )

    def kill(self, name: str) -> None:
        process = self.started[name]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def check_alive(self, *names: str) -> None:
        """Fail at once, with the end of its log, when a child died on its own."""
        for name in names:
            if self.started[name].poll() is not None:
                tail = (self.logs / f"{name}.log").read_bytes()[-3000:].decode(errors="replace")
                raise AssertionError(f"{name} exited with {self.started[name].returncode}:\n{tail}")

    def stop(self) -> None:
        for process in self.started.values():
            if process.poll() is None:
                process.terminate()
        for process in self.started.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@pytest.fixture
def children(tmp_path: Path) -> Iterator[Children]:
    started = Children(tmp_path)
    try:
        yield started
    finally:
        started.stop()


async def start_emulator(children: Children, *scenario: str, within: float) -> str:
    """The emulator as its own process on a real port, once it answers: its URL."""
    port = free_port()
    children.start(
        "emulator",
        [
            PETRA,
            "emulator",
            "--port",
            str(port),
            *scenario,
            "--redirect-uri",
            f"{BASE_URL}/api/v1/partner-center/callback",
        ],
    )
    url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(timeout=2) as client:

        async def up() -> bool:
            children.check_alive("emulator")
            try:
                return (await client.get(f"{url}/_emulator/portal-app")).status_code == 200
            except httpx.TransportError:
                return False

        await until(up, within=within, every=0.1)
    return url


@pytest.fixture
async def microsoft_url(children: Children) -> str:
    """The emulator as its own process on a real port."""
    return await start_emulator(children, "--scenario", "demo", within=30)


@pytest.fixture
def live_settings(settings: Settings, microsoft_url: str) -> Settings:
    return settings.model_copy(
        update={
            "ms_login_url": f"{microsoft_url}/login",
            "ms_graph_url": f"{microsoft_url}/graph",
            "ms_partner_center_url": f"{microsoft_url}/partnercenter",
            "ms_admin_center_url": f"{microsoft_url}/admin",
            "sync_batch_size": 3,
            "sync_concurrency": 4,
        }
    )


@pytest.fixture
async def live_http() -> AsyncIterator[httpx.AsyncClient]:
    async with create_http_client() as client:
        yield client


@pytest.fixture
async def live_world(
    live_settings: Settings,
    live_http: httpx.AsyncClient,
    db_sessions: async_sessionmaker[AsyncSession],
) -> AsyncIterator[World]:
    """The API in this process, reaching the emulator over real HTTP."""
    application: FastAPI = create_app(live_settings, http=live_http)
    record_problems(application)
    async with LifespanManager(application):
        built = World(application, db_sessions)
        yield built
        await built.close()


@pytest.fixture
async def live_resources(
    live_settings: Settings, live_http: httpx.AsyncClient, engine: AsyncEngine
) -> AsyncIterator[Resources]:
    resources = await build_resources(live_settings, http=live_http, engine=engine)
    yield resources
    await resources.close()


def worker_env(settings: Settings) -> dict[str, str]:
    """What `petra worker` reads to reach the same database, Redis and emulator as the test."""
    return {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": settings.require_database_url(),
        "REDIS_URL": settings.require_redis_url(),
        "PUBLIC_BASE_URL": settings.public_base_url,
        "SECRET_KEY": settings.secret_key.get_secret_value(),
        "TOKEN_ENCRYPTION_KEYS": settings.token_encryption_keys.get_secret_value(),
        "MS_LOGIN_URL": settings.ms_login_url,
        "MS_GRAPH_URL": settings.ms_graph_url,
        "MS_PARTNER_CENTER_URL": settings.ms_partner_center_url,
        "MS_ADMIN_CENTER_URL": settings.ms_admin_center_url,
        "MS_CLIENT_ID": PORTAL_APP.client_id,
        "MS_CLIENT_SECRET": PORTAL_APP.client_secret,
        "SYNC_BATCH_SIZE": str(settings.sync_batch_size),
        "SYNC_CONCURRENCY": str(settings.sync_concurrency),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


async def running_items(resources: Resources) -> int:
    async with resources.sessionmaker() as db:
        count = await db.scalar(
            select(func.count()).where(OperationItem.state == ItemState.running)
        )
    return int(count or 0)


class TestKilledWorker:
    async def test_a_sync_survives_its_worker_being_killed(
        self,
        live_world: World,
        live_http: httpx.AsyncClient,
        live_settings: Settings,
        live_resources: Resources,
        microsoft_url: str,
        children: Children,
    ) -> None:
        admin = await live_world.admin()
        await connect(admin, live_http)
        truth = (await live_http.get(f"{microsoft_url}/_emulator/scenario")).json()
        expected = expected_table_of(truth)
        slow = await live_http.post(
            f"{microsoft_url}/_emulator/faults",
            json={"latency": {"kind": "fixed", "ms": LATENCY_MS}},
        )
        assert slow.status_code == 201, slow.text
        started = await admin.post("/api/v1/tenants/sync")
        assert started.status_code == 202, started.text
        operation_id = started.json()["id"]
        children.env = worker_env(live_settings)

        async def some_succeeded() -> bool:
            children.check_alive("first-worker")
            return bool((await operation(admin, operation_id))["progress"]["succeeded"] >= 3)

        children.start("first-worker", [PETRA, "worker"])
        await until(some_succeeded, within=40, every=0.1)
        children.kill("first-worker")
        at_kill = await operation(admin, operation_id)
        assert at_kill["state"] == "running"
        assert 3 <= at_kill["progress"]["succeeded"] < len(expected) == at_kill["progress"]["total"]

        # Nothing moves while no worker runs; the reconciler finds the dead batches' tenants.
        redriven = 0

        async def reopened() -> bool:
            nonlocal redriven
            redriven += await reconcile(
                live_resources, stale_after=timedelta(seconds=1), dead_after=timedelta(seconds=1)
            )
            return redriven > 0 and await running_items(live_resources) == 0

        await until(reopened, within=15, every=0.2)
        after_reconcile = await operation(admin, operation_id)
        assert after_reconcile["progress"]["succeeded"] == at_kill["progress"]["succeeded"]

        children.start("second-worker", [PETRA, "worker"])

        async def finished() -> bool:
            children.check_alive("second-worker")
            return (await operation(admin, operation_id))["state"] in FINISHED

        await until(finished, within=40, every=0.2)
        done = await operation(admin, operation_id)
        assert done["state"] == "succeeded", done
        assert done["progress"]["succeeded"] == len(expected)
        rows = await items(admin, operation_id)
        assert sorted(rows) == sorted(expected)
        assert {(row["state"], row["attempts"]) for row in rows.values()} == {("succeeded", 1)}
        assert_table_matches(await all_tenants(admin), expected)


async def slow_sync(
    world: World, http: httpx.AsyncClient, microsoft_url: str
) -> tuple[Actor, uuid.UUID, dict[str, dict[str, Any]]]:
    """A connected admin and a sync of the demo's tenants, Microsoft answering slowly."""
    admin = await world.admin()
    await connect(admin, http)
    expected = expected_table_of((await http.get(f"{microsoft_url}/_emulator/scenario")).json())
    slow = await http.post(
        f"{microsoft_url}/_emulator/faults", json={"latency": {"kind": "fixed", "ms": LATENCY_MS}}
    )
    assert slow.status_code == 201, slow.text
    started = await admin.post("/api/v1/tenants/sync")
    assert started.status_code == 202, started.text
    return admin, uuid.UUID(started.json()["id"]), expected


async def mid_way(
    admin: Actor, operation_id: uuid.UUID, children: Children, name: str, succeeded: int
) -> None:
    async def some_succeeded() -> bool:
        children.check_alive(name)
        return bool((await operation(admin, operation_id))["progress"]["succeeded"] >= succeeded)

    await until(some_succeeded, within=40, every=0.05)


async def finished_within(
    admin: Actor, operation_id: uuid.UUID, children: Children, name: str, bound: float
) -> float:
    """Seconds until the operation ended; fails once `bound` has passed (with some room, so
    the failure says how long it took)."""
    began = time.monotonic()

    async def finished() -> bool:
        children.check_alive(name)
        if time.monotonic() - began > bound:
            return True
        return (await operation(admin, operation_id))["state"] in FINISHED

    await until(finished, within=bound + 10, every=0.1)
    took = time.monotonic() - began
    state = (await operation(admin, operation_id))["state"]
    assert state in FINISHED, f"still {state} {took:.1f} s later (bound {bound:.0f} s)"
    return took


async def assert_synced_once(
    admin: Actor, operation_id: uuid.UUID, expected: dict[str, dict[str, Any]]
) -> None:
    done = await operation(admin, operation_id)
    assert done["state"] == "succeeded", done
    assert done["progress"]["succeeded"] == len(expected)
    rows = await items(admin, operation_id)
    assert sorted(rows) == sorted(expected)
    assert {(row["state"], row["attempts"]) for row in rows.values()} == {("succeeded", 1)}
    assert_table_matches(await all_tenants(admin), expected)


class TestRecoveryBounds:
    async def test_a_new_worker_ends_a_killed_workers_sync_within_15_s(
        self,
        live_world: World,
        live_http: httpx.AsyncClient,
        live_settings: Settings,
        live_resources: Resources,
        microsoft_url: str,
        children: Children,
    ) -> None:
        admin, operation_id, expected = await slow_sync(live_world, live_http, microsoft_url)
        children.env = worker_env(live_settings)
        children.start("first-worker", WORKER)
        # Half-way: what is left is work a new worker does in a few seconds, so the bound
        # measures how soon the dead worker's tenants are taken back.
        await mid_way(admin, operation_id, children, "first-worker", len(expected) // 2)
        children.kill("first-worker")
        # Its batches died holding tenants: only the engine can give them back.
        assert await running_items(live_resources) > 0
        at_kill = await operation(admin, operation_id)
        assert at_kill["progress"]["succeeded"] < at_kill["progress"]["total"] == len(expected)

        # Started at once, as `petra dev` restarts a dead worker: nothing but its own crons and
        # jobs (no reconciler called from here) finishes the sync.
        children.start("second-worker", WORKER)
        took = await finished_within(
            admin, operation_id, children, "second-worker", AFTER_NEW_WORKER_S
        )

        assert took <= AFTER_NEW_WORKER_S, f"{took:.1f} s after the new worker started"
        print(f"ended {took:.1f} s after the new worker started")
        await assert_synced_once(admin, operation_id, expected)

    async def test_a_sync_whose_redis_was_flushed_ends_within_30_s(
        self,
        live_world: World,
        live_http: httpx.AsyncClient,
        live_settings: Settings,
        microsoft_url: str,
        children: Children,
    ) -> None:
        admin, operation_id, expected = await slow_sync(live_world, live_http, microsoft_url)
        # Few jobs at once, so most tenants' jobs are still waiting in Redis at the flush.
        children.env = {**worker_env(live_settings), "WORKER_MAX_JOBS": "2"}
        children.start("worker", WORKER)
        await mid_way(admin, operation_id, children, "worker", 3)

        redis = Redis.from_url(live_settings.require_redis_url())
        try:
            await redis.flushdb()
        finally:
            await redis.aclose()
        at_flush = await operation(admin, operation_id)
        # Tenants whose jobs were waiting in Redis are gone from it.
        assert at_flush["progress"]["pending"] > 0, at_flush
        took = await finished_within(admin, operation_id, children, "worker", AFTER_FLUSH_S)

        assert took <= AFTER_FLUSH_S, f"{took:.1f} s after the flush"
        print(f"ended {took:.1f} s after the flush")
        await assert_synced_once(admin, operation_id, expected)
