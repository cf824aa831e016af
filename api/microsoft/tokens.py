"""Access tokens per (tenant, resource) from the partner's one refresh token."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from api.microsoft.errors import RequestError, SignInError, TransientError
from api.microsoft.identity import IdentityClient, TokenSet
from api.microsoft.root_causes import customer_policy_cause

EARLY_EXPIRY = 120.0


class RefreshTokenStore(Protocol):
    async def load(self) -> str: ...

    async def save(self, refresh_token: str) -> None: ...


class AccessTokens(Protocol):
    """What a client needs of a token provider: a token per (tenant, scope), and a way to drop
    a refused one."""

    # The tenant a client's partner-side calls (GDAP) go to.
    partner_tenant_id: str

    async def access_token(self, tenant: str, resource: str) -> str: ...

    def invalidate(self, tenant: str | None = None) -> None: ...


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


class _RotationWriter:
    """Writes rotated refresh tokens back with one write in flight, always of the newest token.

    A caller waits for at most the write in flight and the one after it, never for a queue of
    writes: under load one write covers every token issued before it started.
    """

    def __init__(self, store: RefreshTokenStore) -> None:
        self._store = store
        self._newest: tuple[int, str] | None = None
        self._saved = 0
        self._writing: asyncio.Future[None] | None = None
        self.writes = 0

    async def save(self, refresh_token: str, generation: int) -> None:
        # A refresh that finished earlier but reached here later holds an older token.
        if generation > max(self._saved, self._newest[0] if self._newest else 0):
            self._newest = (generation, refresh_token)
        while self._saved < generation:
            if self._writing is None or self._writing.done():
                self._writing = asyncio.ensure_future(self._write_newest())
            await asyncio.shield(self._writing)

    async def _write_newest(self) -> None:
        pending = self._newest
        if pending is None:
            return
        self.writes += 1
        await self._store.save(pending[1])
        self._saved = max(self._saved, pending[0])
        if self._newest is pending:
            self._newest = None


class TokenProvider:
    """Cache with single-flight per key, so a cold cache under load costs one token call per key.

    Entra rotates the refresh token on every use and does not revoke the old one, so the newest
    refresh token is kept in memory for the next refresh and written back, newest last; the store
    is read once, not once per tenant.
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
        self._load_lock = asyncio.Lock()
        self._current: tuple[int, str] | None = None
        self._writer = _RotationWriter(store)
        self._issued = 0

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
                    refresh_token=await self._refresh_token(), tenant=tenant, scope=resource
                )
            except TransientError as exc:
                if exc.retry_after:
                    self._paused[key] = _Pause(self._clock() + exc.retry_after, exc)
                raise
            except SignInError as exc:
                raise self._at_customer(exc, tenant) from exc
            self._issued += 1
            generation = self._issued
            self._cache[key] = _Cached(tokens.access_token.get_secret_value(), tokens.expires_at)
            if tokens.refresh_token is not None:
                rotated = tokens.refresh_token.get_secret_value()
                if self._current is None or generation > self._current[0]:
                    self._current = (generation, rotated)
                await self._writer.save(rotated, generation)
            return self._cache[key].token

    def _at_customer(self, exc: SignInError, tenant: str) -> RequestError:
        """A customer's own policy fails that tenant only; the partner's sign-in stays usable."""
        cause = customer_policy_cause(exc.code)
        if cause is None or tenant.lower() == self.partner_tenant_id.lower():
            return exc
        return RequestError(
            exc.message,
            service=exc.service,
            status=exc.status,
            code=exc.code,
            request_id=exc.request_id,
            root_cause=cause,
        )

    @property
    def refresh_token_writes(self) -> int:
        return self._writer.writes

    async def _refresh_token(self) -> str:
        if self._current is None:
            async with self._load_lock:
                if self._current is None:
                    self._current = (0, await self._store.load())
        return self._current[1]

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
