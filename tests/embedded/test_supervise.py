"""`petra dev` keeps going when its worker dies: the worker starts again, the rest stays up."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from devtools import children as supervision


def _child(name: str, seconds: float, logs: Path) -> supervision.Child:
    argv = ["python3", "-c", f"import time; time.sleep({seconds})"]
    return supervision.start_child(name, argv, dict(os.environ), logs)


def test_a_dead_worker_is_started_again_and_a_dead_api_stops_everything(
    tmp_path: Path,
) -> None:
    api = _child("api", 60, tmp_path)
    worker = _child("worker", 60, tmp_path)
    children = [api, worker]
    restarted: list[supervision.Child] = []

    def restart_worker() -> supervision.Child:
        child = _child("worker", 60, tmp_path)
        children.append(child)
        restarted.append(child)
        return child

    outcome: list[BaseException] = []

    def supervise() -> None:
        try:
            supervision.supervise(children, restart={"worker": restart_worker})
        except supervision.DevError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=supervise, daemon=True)
    thread.start()
    try:
        os.kill(worker.process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while not restarted and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(restarted) == 1, "the worker was not started again"
        assert restarted[0].process.poll() is None
        assert api.process.poll() is None
        assert worker not in children

        os.kill(api.process.pid, signal.SIGKILL)
        thread.join(timeout=10)
        assert not thread.is_alive()
        assert outcome
        assert "api exited unexpectedly" in str(outcome[0])
    finally:
        for child in [api, worker, *restarted]:
            if child.process.poll() is None:
                child.process.kill()
                child.process.wait()


@pytest.mark.parametrize(("ran", "previous", "expected"), [(1.0, 1.0, 1.0), (120.0, 8.0, 0.0)])
def test_restarts_back_off_unless_the_worker_ran_a_while(
    ran: float, previous: float, expected: float
) -> None:
    assert supervision.restart_delay(ran, previous) == expected
