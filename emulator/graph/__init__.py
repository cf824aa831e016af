"""Microsoft Graph v1.0 as the emulator serves it under /graph/v1.0."""

from __future__ import annotations

from fastapi import APIRouter

from emulator.graph import apps, batch, directory, gdap, grants

router = APIRouter()
for _module in (batch, gdap, directory, apps, grants):
    router.include_router(_module.router)

__all__ = ["router"]
