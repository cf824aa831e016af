"""The Microsoft identity platform (v2 endpoints) as the emulator serves it under /login."""

from __future__ import annotations

from fastapi import APIRouter

from emulator.identity import authorize, discovery, token

router = APIRouter()
for _module in (authorize, discovery, token):
    router.include_router(_module.router)

__all__ = ["router"]
