"""The engine's tests run on the API tests' fixtures: the app, the emulator, a worker, people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from api.operations.capability import Capability
from api.operations.models import OperationKind
from tests.api.conftest import (  # noqa: F401 - fixtures are found by their names here
    Actor,
    World,
    _isolate,
    app,
    emulator,
    microsoft,
    settings,
    wire,
    worker,
    world,
)
from workers import jobs

C = TypeVar("C", bound=Capability[Any, Any])


@pytest.fixture
def plug(monkeypatch: pytest.MonkeyPatch) -> Callable[[C], C]:
    """Make the worker's jobs run `capability` for the kind these tests start (sync's slot)."""

    def install(capability: C) -> C:
        monkeypatch.setitem(jobs.CAPABILITIES, OperationKind.sync, capability)
        return capability

    return install


@pytest.fixture
async def admin(world: World) -> Actor:  # noqa: F811 - the fixture, requested by name
    return await world.admin()
