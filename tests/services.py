"""The PostgreSQL and Redis the tests run against: named by TEST_DATABASE_URL / TEST_REDIS_URL,
or the embedded ones started under .petra/test when those are not set."""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from api.migrate import upgrade

TEST_DB = "petra_test"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Services:
    database_url: str
    redis_url: str
    stop: list[object]
    lock_fd: int | None = None

    def release(self) -> None:
        if self.lock_fd is not None:
            os.close(self.lock_fd)
            self.lock_fd = None


def _wait_for_exclusive_use(key: str) -> int:
    """Two runs against the same servers would empty each other's tables: the second waits."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    fd = os.open(Path(tempfile.gettempdir()) / f"petra-tests-{digest}.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _start_embedded() -> tuple[str, str, list[object]]:
    from devtools.embedded import start_postgres, start_redis

    data_dir = ROOT / ".petra" / "test"
    postgres = start_postgres(data_dir / "postgres", database="postgres")
    redis = start_redis(data_dir / "redis")
    return postgres.url, redis.url, [redis, postgres]


async def _recreate_database(server_url: str, name: str) -> str:
    url = make_url(server_url)
    conn = await asyncpg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        database=url.database or "postgres",
    )
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return url.set(drivername="postgresql+asyncpg", database=name).render_as_string(
        hide_password=False
    )


async def start() -> Services:
    database_url = os.environ.get("TEST_DATABASE_URL")
    redis_url = os.environ.get("TEST_REDIS_URL")
    key = f"{database_url}|{redis_url}" if database_url and redis_url else str(ROOT)
    lock_fd = await asyncio.to_thread(_wait_for_exclusive_use, key)
    stop: list[object] = []
    if not database_url or not redis_url:
        embedded_db, embedded_redis, stop = await asyncio.to_thread(_start_embedded)
        database_url = database_url or embedded_db
        redis_url = redis_url or embedded_redis
    # Each pytest worker gets its own database, built by the migrations themselves.
    name = f"{TEST_DB}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    test_url = await _recreate_database(database_url, name)
    await asyncio.to_thread(upgrade, test_url)
    return Services(database_url=test_url, redis_url=redis_url, stop=stop, lock_fd=lock_fd)
