"""`petra dev`: the emulator, the API and a worker on one machine, on embedded PostgreSQL and
Redis unless DATABASE_URL / REDIS_URL point elsewhere."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from devtools.children import (
    STOP_TIMEOUT,
    Child,
    DevError,
    print_lock,
    say,
    start_child,
    stop_children,
    supervise,
)
from devtools.embedded import start_postgres, start_redis
from devtools.processes import (
    AlreadyRunning,
    EmbeddedError,
    RunLock,
    acquire_run_lock,
    port_is_free,
    process_cmdline,
    wait_for_exit,
)

LOCALHOST = "127.0.0.1"
HEALTH_TIMEOUT = 60.0


class _StopRequested(Exception):
    pass


# --- children --------------------------------------------------------------------------------
def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "api.cli", *args]


def _record_children(lock: RunLock, children: list[Child]) -> None:
    lock.record(children=[{"name": c.name, "pid": c.process.pid, "argv": c.argv} for c in children])


def _stop_orphans(stale: dict[str, Any]) -> None:
    """Stop children a crashed run left behind. A pid is only signalled when its command line
    is still exactly the one we started, so a reused pid is never touched."""
    for entry in stale.get("children") or []:
        pid, argv = int(entry.get("pid", 0)), entry.get("argv") or []
        if not argv or process_cmdline(pid) != " ".join(argv):
            continue
        say(f"stopping {entry.get('name')} (pid {pid}) left running by the crashed run")
        os.kill(pid, signal.SIGTERM)
        if not wait_for_exit(pid, STOP_TIMEOUT):
            os.kill(pid, signal.SIGKILL)


# --- startup steps ---------------------------------------------------------------------------


def _run_step(args: list[str], env: dict[str, str], logs: Path) -> str:
    result = subprocess.run(  # noqa: S603 - our own CLI under our own interpreter
        _cli(*args),
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    (logs / f"{args[0]}.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise DevError(f"`petra {' '.join(args)}` failed (exit {result.returncode}):\n{output}")
    return result.stdout


def _parse_demo_login(output: str) -> tuple[str, str]:
    for line in reversed(output.splitlines()):
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict) and "email" in data and "password" in data:
            return str(data["email"]), str(data["password"])
    raise DevError(f"`petra seed-demo` printed no demo login:\n{output}")


def _wait_until(ready: Callable[[], bool], what: str, watched: list[Child], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        for child in watched:
            code = child.process.poll()
            if code is not None:
                raise DevError(f"{child.name} exited ({code}) before {what}\n{child.last_output()}")
        if time.monotonic() > deadline:
            tails = "\n".join(c.last_output() for c in watched)
            raise DevError(f"timed out after {timeout:.0f} s waiting for {what}\n{tails}")
        time.sleep(0.2)


def _accepts(port: int) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with socket.create_connection((LOCALHOST, port), timeout=0.5):
                return True
        except OSError:
            return False

    return check


def _answers_200(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with httpx.Client(timeout=2.0, trust_env=False) as client:
                return client.get(url).status_code == 200
        except httpx.HTTPError:
            return False

    return check


def _require_free(port: int, host: str, flag: str) -> None:
    if not port_is_free(port, host):
        raise DevError(
            f"port {port} on {host} is already in use (a leftover server?); "
            f"stop whatever holds it or pass {flag}"
        )


# --- the run ---------------------------------------------------------------------------------


@dataclass
class _Urls:
    portal: str
    emulator: str
    database: str
    redis: str


def _services(stack: ExitStack, data_dir: Path) -> tuple[str, str, list[str]]:
    """Database and Redis URLs, plus one banner line per service."""
    notes: list[str] = []
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        notes.append("PostgreSQL  from DATABASE_URL")
    else:
        say("starting embedded PostgreSQL")
        postgres = start_postgres(data_dir / "postgres")
        stack.callback(_best_effort, "PostgreSQL", postgres.stop)
        # The plain form works as DATABASE_URL for other petra commands and for psql alike.
        database_url = postgres.dsn
        notes.append(f"PostgreSQL  embedded, DATABASE_URL={database_url}")
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        notes.append("Redis       from REDIS_URL")
    else:
        say("starting embedded Redis")
        redis = start_redis(data_dir / "redis")
        stack.callback(_best_effort, "Redis", redis.stop)
        redis_url = redis.url
        notes.append(f"Redis       embedded, REDIS_URL={redis_url}")
    return database_url, redis_url, notes


def _best_effort(what: str, stop: Callable[[], None]) -> None:
    # One server failing to stop must not leave the others running.
    try:
        stop()
    except (EmbeddedError, OSError, subprocess.SubprocessError) as exc:
        print(f"petra: could not stop {what} cleanly: {exc}", file=sys.stderr)


def _child_env(urls: _Urls, client_id: str, client_secret: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MS_LOGIN_URL=f"{urls.emulator}/login",
        MS_GRAPH_URL=f"{urls.emulator}/graph",
        MS_PARTNER_CENTER_URL=f"{urls.emulator}/partnercenter",
        MS_ADMIN_CENTER_URL=f"{urls.emulator}/admin",
        MS_MANAGEMENT_URL=f"{urls.emulator}/manage",
        MS_CLIENT_ID=client_id,
        MS_CLIENT_SECRET=client_secret,
        PUBLIC_BASE_URL=urls.portal,
        ENVIRONMENT="development",
        DATABASE_URL=urls.database,
        REDIS_URL=urls.redis,
        DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
    )
    env.setdefault("LOG_JSON", "false")
    return env


def _browser_host(host: str) -> str:
    return LOCALHOST if host in ("0.0.0.0", "::", "") else host  # noqa: S104 - comparison only


def _print_banner(
    urls: _Urls, login: tuple[str, str], partner: tuple[str, str], notes: list[str], data: Path
) -> None:
    lines = [
        "",
        "  Petra Portal is running",
        f"    Portal      {urls.portal}",
        f"    Demo login  {login[0]}  /  {login[1]}",
        f"    Emulator    {urls.emulator}  (partner sign-in: {partner[0]}  /  {partner[1]})",
        *(f"    {note}" for note in notes),
        f"    Data        {data}  (logs in {data / 'logs'})",
        "",
        "  Ctrl-C to stop",
        "",
    ]
    with print_lock:
        print("\n".join(lines), flush=True)


def _start_all(stack: ExitStack, lock: RunLock, host: str, port: int, emulator_port: int) -> None:
    from emulator.scenario import portal_app

    data_dir = lock.path.parent
    logs = data_dir / "logs"
    logs.mkdir(exist_ok=True)
    _require_free(port, host, "--port")
    _require_free(emulator_port, LOCALHOST, "--emulator-port")
    database_url, redis_url, notes = _services(stack, data_dir)
    portal = f"http://{_browser_host(host)}:{port}"
    urls = _Urls(portal, f"http://{LOCALHOST}:{emulator_port}", database_url, redis_url)
    app = portal_app(seed=1)
    env = _child_env(urls, app.client_id, app.client_secret, data_dir)
    children: list[Child] = []
    stack.callback(stop_children, children)

    def spawn(name: str, *args: str) -> Child:
        children.append(start_child(name, _cli(*args), env, logs))
        _record_children(lock, children)
        return children[-1]

    emu_args = ["--host", LOCALHOST, "--port", str(emulator_port), "--scenario", "demo"]
    for path in ("partner-center/callback", "tenants/individual/callback"):
        emu_args += ["--redirect-uri", f"{portal}/api/v1/{path}"]
    # The portal keeps the refresh tokens the emulator issued: they must outlive this run.
    emu_args += ["--state-dir", str(data_dir / "emulator")]
    emulator = spawn("emulator", "emulator", *emu_args)
    say("running migrations")
    _run_step(["migrate"], env, logs)
    login = _parse_demo_login(_run_step(["seed-demo"], env, logs))
    _wait_until(_accepts(emulator_port), "the emulator listened", [emulator], HEALTH_TIMEOUT)
    spawn("api", "serve", "--host", host, "--port", str(port))
    spawn("worker", "worker")
    _wait_until(_answers_200(f"{portal}/healthz"), "the API was healthy", children, HEALTH_TIMEOUT)
    partner = (app.admin_username, app.password)
    notes = [
        *notes,
        f"No-MFA agent {app.no_mfa_username}  (an admin agent without MFA: connecting is refused)",
    ]
    _print_banner(urls, login, partner, notes, data_dir)
    supervise(children, restart={"worker": lambda: spawn("worker", "worker")})


def _raise_stop(signum: int, _frame: object) -> None:
    raise _StopRequested(signal.Signals(signum).name)


_HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _set_signals(handler: Any) -> dict[signal.Signals, Any]:
    previous = {sig: signal.getsignal(sig) for sig in _HANDLED}
    for sig in _HANDLED:
        signal.signal(sig, handler)
    return previous


def _run(lock: RunLock, host: str, port: int, emulator_port: int) -> int:
    status = 0
    with ExitStack() as stack:
        stack.callback(lock.release)
        try:
            _start_all(stack, lock, host, port, emulator_port)
        except (KeyboardInterrupt, _StopRequested):
            say("stopping")
        except (DevError, EmbeddedError) as exc:
            print(f"petra: {exc}", file=sys.stderr)
            status = 1
        finally:
            # A second Ctrl-C must not abandon half-stopped servers; each stop step is bounded.
            _set_signals(signal.SIG_IGN)
    say("stopped" if status == 0 else "stopped after an error")
    return status


def run_dev(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    emulator_port: int = 8765,
    data_dir: Path = Path(".petra"),
) -> int:
    """Run the whole stack until Ctrl-C or SIGTERM: 0 after a requested stop, 1 on failure."""
    data_dir = data_dir.expanduser().resolve()
    try:
        lock = acquire_run_lock(data_dir, "dev")
    except AlreadyRunning as exc:
        print(f"petra: {exc}", file=sys.stderr)
        return 1
    if lock.stale:
        _stop_orphans(lock.stale)
    previous = _set_signals(_raise_stop)
    try:
        return _run(lock, host, port, emulator_port)
    except (KeyboardInterrupt, _StopRequested):
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
