"""Microsoft Graph v1.0 as the emulator serves it under /graph/v1.0."""

from __future__ import annotations

from fastapi import APIRouter

from emulator.graph import apps, batch, directory, gdap, grants, security

router = APIRouter()
# Busiest first (users/$count, then GDAP): routes are tried in order.
for _module in (directory, gdap, batch, apps, grants, security):
    router.include_router(_module.router)

__all__ = ["router"]
