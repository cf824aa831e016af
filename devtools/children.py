"""The processes `petra dev` runs: started with their output shown and logged, stopped in
order, and a dead worker started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

STOP_TIMEOUT = 10.0
print_lock = threading.Lock()


class DevError(RuntimeError):
    """petra dev cannot go on; the message says why."""


def say(message: str) -> None:
    with print_lock:
        print(f"petra    | {message}", file=sys.stderr, flush=True)


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[bytes]
    tail: deque[str] = field(default_factory=lambda: deque(maxlen=40))
    pump: threading.Thread | None = None

    def last_output(self) -> str:
        lines = "\n".join(f"  {line}" for line in self.tail)
        return f"last output of {self.name} (full log in the logs directory):\n{lines}"


def pump_output(child: Child, stream: IO[bytes], log_path: Path) -> None:
    with log_path.open("ab") as log_file:
        for raw in iter(stream.readline, b""):
            log_file.write(raw)
            log_file.flush()
            line = raw.decode(errors="replace").rstrip()
            child.tail.append(line)
            with print_lock:
                print(f"{child.name:<8} | {line}", flush=True)


def start_child(name: str, argv: list[str], env: dict[str, str], logs: Path) -> Child:
    process = subprocess.Popen(  # noqa: S603 - our own CLI under our own interpreter
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # Own session: a terminal Ctrl-C reaches only us, and we stop children in order.
        start_new_session=True,
    )
    child = Child(name, argv, process)
    assert process.stdout is not None
    child.pump = threading.Thread(
        target=pump_output, args=(child, process.stdout, logs / f"{name}.log"), daemon=True
    )
    child.pump.start()
    return child


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def stop_children(children: list[Child]) -> None:
    alive = [c for c in children if c.process.poll() is None]
    for child in alive:
        _signal_group(child.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for child in alive:
        try:
            child.process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{child.name} did not stop within {STOP_TIMEOUT:.0f} s; killing it")
            _signal_group(child.process.pid, signal.SIGKILL)
            child.process.wait()
    for child in children:
        if child.pump is not None:
            child.pump.join(timeout=2.0)


# A worker that dies is started again after a pause that doubles up to this, so a crash loop
# does not spin; one that ran this long before dying starts again at once.
RESTART_BACKOFF_MAX = 30.0
HEALTHY_RUN = 60.0


def restart_delay(ran: float, previous: float | None) -> float:
    """Seconds to wait before starting a dead child again."""
    return 0.0 if ran > HEALTHY_RUN else (previous or 1.0)


def supervise(children: list[Child], restart: dict[str, Callable[[], Child]]) -> None:
    backoff: dict[str, float] = {}
    started = {child.name: time.monotonic() for child in children}
    while True:
        for child in list(children):
            code = child.process.poll()
            if code is None:
                continue
            if child.name not in restart:
                raise DevError(
                    f"{child.name} exited unexpectedly ({code}); stopping everything\n"
                    f"{child.last_output()}"
                )
            wait = restart_delay(time.monotonic() - started[child.name], backoff.get(child.name))
            backoff[child.name] = min(RESTART_BACKOFF_MAX, max(1.0, wait * 2))
            say(f"{child.name} exited ({code}); starting it again in {wait:.0f} s")
            time.sleep(wait)
            children.remove(child)
            restart[child.name]()
            started[child.name] = time.monotonic()
        time.sleep(0.5)
