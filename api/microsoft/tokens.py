"""Access tokens per (tenant, resource) from the partner's one refresh token."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from api.microsoft.errors import TransientError
from api.microsoft.identity import IdentityClient, TokenSet

EARLY_EXPIRY = 120.0


class RefreshTokenStore(Protocol):
    async def load(self) -> str: ...

    async def save(self, refresh_token: str) -> None: ...


class TokenSource(Protocol):
    """What TokenProvider needs from IdentityClient (tests substitute it)."""

    async def refresh(self, *, refresh_token: str, tenant: str, scope: str) -> TokenSet: ...


@dataclass
class _Cached:
    token: str
    expires_at: float


@dataclass
class _Pause:
    until: float
    error: TransientError


class TokenProvider:
    """Cache with single-flight per key, so a cold cache under load costs one token call per key.

    Entra rotates the refresh token on every use and does not revoke the old one, so every new
    refresh token is written back, newest last.
    """

    def __init__(
        self,
        identity: IdentityClient | TokenSource,
        store: RefreshTokenStore,
        *,
        partner_tenant_id: str,
        early_expiry: float = EARLY_EXPIRY,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._identity = identity
        self._store = store
        self.partner_tenant_id = partner_tenant_id
        self._early_expiry = early_expiry
        self._clock = clock
        self._cache: dict[tuple[str, str], _Cached] = {}
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._paused: dict[tuple[str, str], _Pause] = {}
        self._save_lock = asyncio.Lock()
        self._issued = 0
        self._saved = 0

    async def access_token(self, tenant: str, resource: str) -> str:
        """resource is the scope to ask for, e.g. GRAPH_DEFAULT or PARTNER_CENTER."""
        key = (tenant.lower(), resource)
        if (hit := self._fresh(key)) is not None:
            return hit
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if (hit := self._fresh(key)) is not None:
                return hit
            self._check_pause(key)
            try:
                tokens = await self._identity.refresh(
                    refresh_token=await self._store.load(), tenant=tenant, scope=resource
                )
            except TransientError as exc:
                if exc.retry_after:
                    self._paused[key] = _Pause(self._clock() + exc.retry_after, exc)
                raise
            self._issued += 1
            generation = self._issued
            self._cache[key] = _Cached(tokens.access_token.get_secret_value(), tokens.expires_at)
            if tokens.refresh_token is not None:
                await self._save(tokens.refresh_token.get_secret_value(), generation)
            return self._cache[key].token

    def invalidate(self, tenant: str | None = None) -> None:
        """Forget cached tokens for a tenant (after consent or GDAP changes), or all of them."""
        for key in list(self._cache):
            if tenant is None or key[0] == tenant.lower():
                del self._cache[key]

    def _fresh(self, key: tuple[str, str]) -> str | None:
        cached = self._cache.get(key)
        if cached and cached.expires_at - self._early_expiry > self._clock():
            return cached.token
        return None

    def _check_pause(self, key: tuple[str, str]) -> None:
        # Only this (tenant, resource) waits out Microsoft's throttling; other keys go on.
        pause = self._paused.get(key)
        if pause is None:
            return
        remaining = pause.until - self._clock()
        if remaining <= 0:
            del self._paused[key]
            return
        old = pause.error
        raise TransientError(
            old.message,
            retry_after=remaining,
            service=old.service,
            status=old.status,
            code=old.code,
            request_id=old.request_id,
        )

    async def _save(self, refresh_token: str, generation: int) -> None:
        async with self._save_lock:
            # A refresh that finished earlier but reached the lock later holds an older token.
            if generation <= self._saved:
                return
            await self._store.save(refresh_token)
            self._saved = generation
