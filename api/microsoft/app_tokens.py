"""The app's own (app-only) tokens in client tenants, for calls made as Petra rather than as
the partner's sign-in: the check that onboarding worked, and monitoring after it."""

from __future__ import annotations

import time
from collections.abc import Callable

from api.microsoft.identity import IdentityClient

# A token this close to its expiry is fetched again.
EARLY_EXPIRY = 120.0


class AppTokens:
    """Client-credentials tokens per (tenant, scope), cached until shortly before expiry."""

    def __init__(self, identity: IdentityClient, *, clock: Callable[[], float] = time.time) -> None:
        self._identity = identity
        self._clock = clock
        # App-only tokens reach client tenants only; no partner-side calls are made with them.
        self.partner_tenant_id = ""
        self._cache: dict[tuple[str, str], tuple[str, float]] = {}

    async def access_token(self, tenant: str, resource: str) -> str:
        key = (tenant.lower(), resource)
        hit = self._cache.get(key)
        if hit is not None and hit[1] - EARLY_EXPIRY > self._clock():
            return hit[0]
        tokens = await self._identity.app_token(tenant=tenant, scope=resource)
        token = tokens.access_token.get_secret_value()
        self._cache[key] = (token, tokens.expires_at)
        return token

    def invalidate(self, tenant: str | None = None) -> None:
        for key in list(self._cache):
            if tenant is None or key[0] == tenant.lower():
                del self._cache[key]
