"""The Microsoft identity platform (v2 endpoints) as the emulator serves it under /login."""

from __future__ import annotations

from fastapi import APIRouter

from emulator.identity import authorize, discovery, token

router = APIRouter()
# The token endpoint first: it takes most of the calls, and routes are tried in order.
for _module in (token, authorize, discovery):
    router.include_router(_module.router)

__all__ = ["router"]
