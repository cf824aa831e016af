"""What `petra dev` prints about its services works when copied into another shell."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.db import create_engine
from api.settings import Settings
from devtools import devrun
from devtools.embedded import EmbeddedPostgres
from tests.services import Services


async def test_the_printed_database_url_works_as_database_url(
    backing: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = make_url(backing.database_url)
    if server.host != "127.0.0.1" or server.username != "postgres" or server.password:
        pytest.skip("the suite runs on a PostgreSQL that petra dev would not have started")
    assert server.port is not None
    assert server.database is not None
    running = EmbeddedPostgres(tmp_path, server.port, server.database, pid=0, reused=True)
    monkeypatch.setattr(devrun, "start_postgres", lambda data_dir: running)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("REDIS_URL", backing.redis_url)

    with ExitStack() as stack:
        database_url, _, notes = devrun._services(stack, tmp_path)
    printed = next(n for n in notes if n.startswith("PostgreSQL")).partition("DATABASE_URL=")[2]

    assert printed == database_url
    assert printed.startswith("postgresql://")

    engine = create_engine(Settings(database_url=printed))
    try:
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT 1")) == 1
    finally:
        await engine.dispose()
