"""The emulated world kept in a directory, so a restarted emulator still honours what it issued.

`petra dev` restarts the emulator with the portal: without this, every refresh token the portal
stored would be unknown to the new process and the Partner Center connection would break. With a
state directory the world (tenants, relationships, consents, sign-ins and refresh tokens) and the
clock's offset are written there shortly after each request and at shutdown, and read back at
start when they were made from the same scenario.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from pydantic import TypeAdapter, ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from emulator.model import (
    AppRegistration,
    AuthCode,
    PendingFlow,
    RefreshToken,
    Relationship,
    Tenant,
)
from emulator.scenario import DEFAULT_REDIRECT_URIS, portal_app
from emulator.state import EmulatorState, World

log = logging.getLogger(__name__)

STATE_FILE = "emulator-state.json"
# Bumped when a change to the model makes older files unreadable as they are.
FORMAT = 1
# A burst of requests (a sync) is written once, this long after it started.
SAVE_DELAY = 0.5


@dataclass
class Snapshot:
    format: int
    scenario: str
    seed: int
    size: int | None
    clock_offset_seconds: float
    propagation_delay: float
    partner_tenant_id: str
    admin_agents_group_id: str
    tenants: dict[str, Tenant]
    relationships: dict[str, Relationship]
    apps: dict[str, AppRegistration]
    codes: dict[str, AuthCode]
    refresh_tokens: dict[str, RefreshToken]
    flows: dict[str, PendingFlow]


_SNAPSHOT = TypeAdapter(Snapshot)


def snapshot(state: EmulatorState) -> Snapshot:
    world = state.world
    return Snapshot(
        format=FORMAT,
        scenario=state.scenario_name,
        seed=state.seed,
        size=state.size,
        clock_offset_seconds=state.clock.offset.total_seconds(),
        propagation_delay=state.propagation_delay,
        partner_tenant_id=world.partner_tenant_id,
        admin_agents_group_id=world.admin_agents_group_id,
        tenants=world.tenants,
        relationships=world.relationships,
        apps=world.apps,
        codes=world.codes,
        refresh_tokens=world.refresh_tokens,
        flows=world.flows,
    )


def _world(snap: Snapshot) -> World:
    world = World(
        partner_tenant_id=snap.partner_tenant_id,
        apps=snap.apps,
        admin_agents_group_id=snap.admin_agents_group_id,
        codes=snap.codes,
        refresh_tokens=snap.refresh_tokens,
        flows=snap.flows,
    )
    # The indexes share the tenants' objects, as in a world the scenario built.
    for tenant in snap.tenants.values():
        world.add_tenant(tenant)
        world.users.update(tenant.users)
    for rel in snap.relationships.values():
        world.add_relationship(rel)
    return world


class StateStore:
    """One emulator's state file, written atomically, at most once per SAVE_DELAY."""

    def __init__(self, directory: Path, *, delay: float = SAVE_DELAY) -> None:
        self.path = directory / STATE_FILE
        self.delay = delay
        self._pending: asyncio.TimerHandle | None = None

    def restore(self, state: EmulatorState, *, scenario: str, seed: int, size: int | None) -> bool:
        """Load the saved world into state when it was made from this scenario; else False and
        state is left as it was."""
        try:
            snap = _SNAPSHOT.validate_json(self.path.read_bytes())
        except FileNotFoundError:
            return False
        except (OSError, ValidationError) as exc:
            reason = str(exc).splitlines()[0]
            self._discard(f"it could not be read ({reason})")
            return False
        if snap.format != FORMAT or (snap.scenario, snap.seed, snap.size) != (
            scenario,
            seed,
            size,
        ):
            self._discard(f"it holds another scenario ({snap.scenario}, seed {snap.seed})")
            return False
        world = _world(snap)
        portal = world.apps.get(portal_app(seed).client_id)
        if portal is not None:
            # The portal may listen on another port this time.
            portal.redirect_uris = list(state.redirect_uris or DEFAULT_REDIRECT_URIS)
        state.world = world
        state.clock.offset = timedelta(seconds=snap.clock_offset_seconds)
        state.propagation_delay = snap.propagation_delay
        state.scenario_name, state.seed, state.size = scenario, seed, size
        log.info("emulator state restored from %s", self.path)
        return True

    def _discard(self, why: str) -> None:
        log.warning(
            "emulator state in %s was not restored: %s; starting from the scenario, so "
            "Partner Center connections made before need Reauthenticate in the portal",
            self.path,
            why,
        )

    def save(self, state: EmulatorState) -> None:
        self.cancel()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        partial.write_bytes(_SNAPSHOT.dump_json(snapshot(state)))
        os.replace(partial, self.path)

    def changed(self, state: EmulatorState) -> None:
        if self._pending is None:
            loop = asyncio.get_running_loop()
            self._pending = loop.call_later(self.delay, self.save, state)

    def cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None


class SaveAfterRequests:
    """Any request may move the world (a sign-in, a refresh, or only the clock's transitions):
    each one schedules a save."""

    def __init__(self, app: ASGIApp, store: StateStore, state: EmulatorState) -> None:
        self.app = app
        self.store = store
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            if scope["type"] == "http":
                self.store.changed(self.state)


def lifespan(
    store: StateStore, state: EmulatorState
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def run(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.save(state)

    return run
