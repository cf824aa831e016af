from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from api.models import Base
from api.settings import Settings
from tests import services


@pytest.fixture(scope="session")
async def backing() -> AsyncIterator[services.Services]:
    started = await services.start()
    yield started
    for server in started.stop:
        stop = getattr(server, "stop", None)
        if stop:
            stop()
    started.release()


@pytest.fixture(scope="session")
async def engine(backing: services.Services) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(backing.database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def settings(backing: services.Services) -> Settings:
    return Settings(
        environment="test",
        database_url=backing.database_url,
        redis_url=backing.redis_url,
        public_base_url="http://testserver",
        log_json=True,
        log_level="WARNING",
        login_rate_limit_attempts=5,
    )


@pytest.fixture
async def clean(backing: services.Services, engine: AsyncEngine) -> None:
    """Empty tables and an empty Redis database."""
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    redis = Redis.from_url(backing.redis_url)
    await redis.flushdb()
    await redis.aclose()


@pytest.fixture
def db_sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
