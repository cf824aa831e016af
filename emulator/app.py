"""One ASGI app serving identity, Graph, Partner Center and the admin center under prefixes."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response

from emulator import (
    admin_center,
    control,
    control_apps,
    graph,
    identity,
    management,
    partner_center,
)
from emulator.errors import install_handlers
from emulator.middleware import EmulatorMiddleware, FaultInjected, apply_faults
from emulator.persistence import SaveAfterRequests, StateStore, lifespan
from emulator.state import EmulatorState


def create_app(
    *,
    scenario: str = "demo",
    seed: int = 1,
    size: int | None = None,
    control_enabled: bool = False,
    public_url: str = "http://127.0.0.1:8765",
    redirect_uris: list[str] | None = None,
    state_dir: Path | None = None,
) -> FastAPI:
    """With state_dir the world outlives the process: a restart there resumes it (see
    emulator.persistence); without, every start is the fresh scenario."""
    state = EmulatorState(
        public_url=public_url, redirect_uris=redirect_uris, control_enabled=control_enabled
    )
    store = StateStore(state_dir) if state_dir is not None else None
    restored = store is not None and store.restore(state, scenario=scenario, seed=seed, size=size)
    if not restored:
        state.load(scenario, seed, size)
    app = FastAPI(
        lifespan=lifespan(store, state) if store is not None else None,
        title="Microsoft emulator",
        docs_url="/_emulator/docs" if control_enabled else None,
        redoc_url=None,
        openapi_url="/_emulator/openapi.json" if control_enabled else None,
        dependencies=[Depends(apply_faults)],
    )
    app.state.emulator = state
    app.state.restored_from = store.path if store is not None and restored else None
    install_handlers(app)

    async def on_fault(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, FaultInjected)
        return exc.response

    app.add_exception_handler(FaultInjected, on_fault)
    # FastAPI tries routes in order and each try costs: the busiest services come first.
    app.include_router(identity.router, prefix="/login")
    app.include_router(partner_center.router, prefix="/partnercenter")
    app.include_router(graph.router, prefix="/graph/v1.0")
    app.include_router(admin_center.router, prefix="/admin")
    app.include_router(management.router, prefix="/manage")
    if control_enabled:
        app.include_router(control.router, prefix="/_emulator")
        app.include_router(control_apps.router, prefix="/_emulator")
    app.add_middleware(EmulatorMiddleware, state=state)
    if store is not None:
        app.add_middleware(SaveAfterRequests, store=store, state=state)
    return app
