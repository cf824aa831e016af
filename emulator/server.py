"""Run the emulator as a real HTTP server."""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn

from emulator.app import create_app


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    scenario: str = "demo",
    seed: int = 1,
    size: int | None = None,
    control_enabled: bool = True,
    redirect_uris: list[str] | None = None,
    access_log: bool = False,
    state_dir: Path | None = None,
) -> None:
    app = create_app(
        scenario=scenario,
        seed=seed,
        size=size,
        control_enabled=control_enabled,
        public_url=f"http://{host}:{port}",
        redirect_uris=redirect_uris,
        state_dir=state_dir,
    )
    if app.state.restored_from is not None:
        # uvicorn has not configured logging yet: say it plainly, petra dev shows it.
        print(
            f"resumed the world saved in {app.state.restored_from}: "
            "sign-ins issued before the restart stay valid",
            file=sys.stderr,
            flush=True,
        )
    # An access line per request costs the emulator more CPU than answering some of them.
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log)
