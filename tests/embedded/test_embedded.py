"""The embedded PostgreSQL and Redis servers and the run lock, against the real binaries."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from devtools.embedded import (
    EmbeddedPostgres,
    EmbeddedRedis,
    redis_ping,
    start_postgres,
    start_redis,
)
from devtools.processes import AlreadyRunning, acquire_run_lock


def redis_command(port: int, *args: str) -> bytes:
    request = f"*{len(args)}\r\n".encode()
    for arg in args:
        request += f"${len(arg.encode())}\r\n{arg}\r\n".encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        return sock.recv(4096)


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[EmbeddedPostgres]:
    server = start_postgres(tmp_path / "postgres")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    server = start_redis(tmp_path / "redis")
    try:
        yield server
    finally:
        server.stop()


async def test_postgres_answers_over_tcp(postgres: EmbeddedPostgres) -> None:
    assert postgres.url == f"postgresql+asyncpg://postgres@127.0.0.1:{postgres.port}/petra"
    conn = await asyncpg.connect(postgres.dsn)
    try:
        assert await conn.fetchval("select 1") == 1
        assert await conn.fetchval("select current_database()") == "petra"
    finally:
        await conn.close()


async def test_postgres_restart_keeps_data_and_port(tmp_path: Path) -> None:
    first = start_postgres(tmp_path / "postgres")
    conn = await asyncpg.connect(first.dsn)
    await conn.execute("create table kept (note text); insert into kept values ('still here')")
    await conn.close()
    first.stop()

    second = start_postgres(tmp_path / "postgres")
    try:
        assert not second.reused
        assert second.port == first.port
        conn = await asyncpg.connect(second.dsn)
        assert await conn.fetchval("select note from kept") == "still here"
        await conn.close()
    finally:
        second.stop()


def test_postgres_left_running_is_reused(postgres: EmbeddedPostgres) -> None:
    again = start_postgres(postgres.data_dir)
    assert again.reused
    assert (again.pid, again.port) == (postgres.pid, postgres.port)


def test_redis_persists_across_restart(tmp_path: Path) -> None:
    first = start_redis(tmp_path / "redis")
    assert first.url == f"redis://127.0.0.1:{first.port}/0"
    assert redis_command(first.port, "SET", "greeting", "hello") == b"+OK\r\n"
    first.stop()
    assert not redis_ping(first.port)

    second = start_redis(tmp_path / "redis")
    try:
        assert redis_command(second.port, "GET", "greeting") == b"$5\r\nhello\r\n"
    finally:
        second.stop()


def test_redis_left_running_is_reused(redis: EmbeddedRedis) -> None:
    again = start_redis(redis.data_dir)
    assert again.reused
    assert (again.pid, again.port) == (redis.pid, redis.port)


def test_redis_killed_is_replaced(redis: EmbeddedRedis) -> None:
    os.kill(redis.pid, signal.SIGKILL)
    assert redis._process is not None
    redis._process.wait()

    replacement = start_redis(redis.data_dir)
    try:
        assert not replacement.reused
        assert replacement.pid != redis.pid
        assert redis_ping(replacement.port)
    finally:
        replacement.stop()


def test_run_lock_refuses_a_live_holder(tmp_path: Path) -> None:
    holder = subprocess.Popen(  # noqa: S603 - this interpreter, a fixed script
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from pathlib import Path
                from devtools.processes import acquire_run_lock
                acquire_run_lock(Path({str(tmp_path)!r}), "dev")
                print("locked", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyRunning, match=rf"already running \(pid {holder.pid}\)") as err:
            acquire_run_lock(tmp_path, "dev")
        assert err.value.pid == holder.pid
    finally:
        holder.kill()
        holder.wait()

    lock = acquire_run_lock(tmp_path, "dev")
    assert lock.stale is not None
    assert lock.stale["pid"] == holder.pid
    lock.release()


def test_run_lock_recovers_from_a_stale_pid_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / "dev.pid").write_text(f"{dead.pid}\n")

    lock = acquire_run_lock(tmp_path, "dev")
    assert lock.stale == {"pid": dead.pid}
    assert f"(pid {dead.pid}) did not shut down cleanly" in caplog.text
    assert json.loads((tmp_path / "dev.pid").read_text())["pid"] == os.getpid()

    lock.release()
    again = acquire_run_lock(tmp_path, "dev")
    assert again.stale is None
    again.release()


def test_run_lock_is_exclusive_within_a_process(tmp_path: Path) -> None:
    lock = acquire_run_lock(tmp_path, "dev")
    try:
        with pytest.raises(AlreadyRunning, match="stop it or use another --data-dir"):
            acquire_run_lock(tmp_path, "dev")
    finally:
        lock.release()
