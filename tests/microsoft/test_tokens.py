"""TokenProvider: single flight, rotation written back in order, per-key throttling pauses."""

from __future__ import annotations

import asyncio
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

import pytest
from pydantic import SecretStr

from api.microsoft import GRAPH_DEFAULT, PARTNER_CENTER, TokenProvider, TokenSet
from api.microsoft.errors import TransientError
from tests.microsoft.conftest import CONSENT_CAPABLE, Emulator, MemoryStore, customers

TOKEN_PATH = "/login/{tenant}/oauth2/v2.0/token"


async def _token_calls(emu: Emulator, tenant: str | None = None) -> int:
    query = {"method": "POST", "path": TOKEN_PATH}
    if tenant:
        query["tenant"] = tenant
    return await emu.calls(**query)


class TestSingleFlight:
    async def test_two_hundred_cold_callers_cost_one_token_call(self, emu: Emulator) -> None:
        provider, _ = await emu.provider()
        await emu.control("DELETE", "/counters")
        partner = emu.portal.partner_tenant_id
        tokens = await asyncio.gather(
            *(provider.access_token(partner, GRAPH_DEFAULT) for _ in range(200))
        )
        assert len(set(tokens)) == 1
        assert await _token_calls(emu) == 1

    async def test_keys_are_tenant_and_resource(self, emu: Emulator) -> None:
        provider, _ = await emu.provider()
        await emu.control("DELETE", "/counters")
        partner = emu.portal.partner_tenant_id
        await asyncio.gather(
            *(provider.access_token(partner, GRAPH_DEFAULT) for _ in range(20)),
            *(provider.access_token(partner.upper(), PARTNER_CENTER) for _ in range(20)),
        )
        assert await _token_calls(emu) == 2
        provider.invalidate(partner)
        await provider.access_token(partner, GRAPH_DEFAULT)
        assert await _token_calls(emu) == 3

    async def test_rotated_refresh_token_is_saved(self, emu: Emulator) -> None:
        provider, store = await emu.provider()
        original = store.token
        await provider.access_token(emu.portal.partner_tenant_id, GRAPH_DEFAULT)
        await provider.access_token(emu.portal.partner_tenant_id, PARTNER_CENTER)
        assert len(store.saves) == 2
        assert original not in store.saves
        assert store.token == store.saves[-1]


@dataclass
class FakeIdentity:
    """Answers refreshes after per-call delays, numbering refresh tokens in answer order."""

    delays: list[float]
    answered: list[str] = field(default_factory=list)
    calls: int = 0
    lifetime: int = 3599

    async def refresh(self, *, refresh_token: str, tenant: str, scope: str) -> TokenSet:
        delay = self.delays[self.calls % len(self.delays)]
        self.calls += 1
        await asyncio.sleep(delay)
        new = f"rt-{len(self.answered) + 1}"
        self.answered.append(new)
        return TokenSet(
            access_token=SecretStr(f"at-{tenant}-{scope}-{self.calls}"),
            refresh_token=SecretStr(new),
            expires_in=self.lifetime,
            expires_at=time.time() + self.lifetime,
        )


@dataclass
class SlowStore(MemoryStore):
    delays: list[float] = field(default_factory=list)

    async def save(self, refresh_token: str) -> None:
        await asyncio.sleep(self.delays[len(self.saves) % len(self.delays)])
        await super().save(refresh_token)


class TestRotationOrder:
    async def test_an_older_token_never_overwrites_a_newer_one(self) -> None:
        identity = FakeIdentity(delays=[0.03, 0.0, 0.01, 0.02, 0.005])
        store = SlowStore(token="rt-0", delays=[0.02, 0.0, 0.01])
        provider = TokenProvider(identity, store, partner_tenant_id="p")
        await asyncio.gather(*(provider.access_token(f"t{i}", GRAPH_DEFAULT) for i in range(5)))
        assert store.token == identity.answered[-1]
        # Saves happen in the order Microsoft issued the tokens, possibly skipping stale ones.
        order = [identity.answered.index(t) for t in store.saves]
        assert order == sorted(order)

    async def test_early_expiry_margin_refreshes_before_expiry(self) -> None:
        identity = FakeIdentity(delays=[0.0], lifetime=600)
        now = [1000.0]
        provider = TokenProvider(
            identity, MemoryStore("rt-0"), partner_tenant_id="p", clock=lambda: now[0]
        )
        identity_now = time.time()
        now[0] = identity_now
        first = await provider.access_token("p", GRAPH_DEFAULT)
        now[0] = identity_now + 600 - 121
        assert await provider.access_token("p", GRAPH_DEFAULT) == first
        now[0] = identity_now + 600 - 119
        assert await provider.access_token("p", GRAPH_DEFAULT) != first
        assert identity.calls == 2


@dataclass
class CountingStore(SlowStore):
    loads: int = 0
    writing: int = 0
    most_at_once: int = 0

    async def load(self) -> str:
        self.loads += 1
        return await super().load()

    async def save(self, refresh_token: str) -> None:
        self.writing += 1
        self.most_at_once = max(self.most_at_once, self.writing)
        try:
            await super().save(refresh_token)
        finally:
            self.writing -= 1


# The refresh token issued in the calling task: the provider awaits the identity call directly.
ISSUED_HERE: ContextVar[str] = ContextVar("issued_here")


@dataclass
class RecordingIdentity(FakeIdentity):
    presented: list[str] = field(default_factory=list)

    async def refresh(self, *, refresh_token: str, tenant: str, scope: str) -> TokenSet:
        self.presented.append(refresh_token)
        tokens = await super().refresh(refresh_token=refresh_token, tenant=tenant, scope=scope)
        ISSUED_HERE.set(self.answered[-1])
        return tokens


class TestRotationUnderLoad:
    async def test_two_hundred_refreshes_cost_few_writes_and_store_the_newest(self) -> None:
        identity = FakeIdentity(delays=[0.0, 0.004, 0.001, 0.007, 0.002])
        store = CountingStore(token="rt-0", delays=[0.01])
        provider = TokenProvider(identity, store, partner_tenant_id="p")
        await asyncio.gather(*(provider.access_token(f"t{i}", GRAPH_DEFAULT) for i in range(200)))
        assert identity.calls == 200
        assert len(store.saves) <= 20
        assert store.most_at_once == 1
        assert store.token == identity.answered[-1]
        order = [identity.answered.index(t) for t in store.saves]
        assert order == sorted(order)

    async def test_a_refresh_returns_once_its_token_or_a_newer_one_is_stored(self) -> None:
        identity = RecordingIdentity(delays=[0.0, 0.003, 0.001])
        store = CountingStore(token="rt-0", delays=[0.02, 0.005])
        provider = TokenProvider(identity, store, partner_tenant_id="p")

        async def refresh(tenant: str) -> None:
            await provider.access_token(tenant, GRAPH_DEFAULT)
            mine = identity.answered.index(ISSUED_HERE.get())
            assert identity.answered.index(store.token) >= mine

        await asyncio.gather(*(refresh(f"t{i}") for i in range(30)))
        assert store.token == identity.answered[-1]

    async def test_the_store_is_read_once_and_the_newest_token_is_presented(self) -> None:
        identity = RecordingIdentity(delays=[0.0])
        store = CountingStore(token="rt-0", delays=[0.0])
        provider = TokenProvider(identity, store, partner_tenant_id="p")
        await asyncio.gather(*(provider.access_token(f"t{i}", GRAPH_DEFAULT) for i in range(20)))
        for i in range(3):
            await provider.access_token(f"later{i}", GRAPH_DEFAULT)
        assert store.loads == 1
        assert identity.presented[-3:] == identity.answered[-4:-1]

    async def test_a_failed_write_is_retried_by_the_next_refresh(self) -> None:
        identity = FakeIdentity(delays=[0.0])
        store = FlakyStore(token="rt-0")
        provider = TokenProvider(identity, store, partner_tenant_id="p")
        with pytest.raises(ConnectionError):
            await provider.access_token("t1", GRAPH_DEFAULT)
        await provider.access_token("t2", GRAPH_DEFAULT)
        assert store.token == identity.answered[-1]


@dataclass
class FlakyStore(MemoryStore):
    failures: int = 1

    async def save(self, refresh_token: str) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database went away")
        await super().save(refresh_token)


class TestThrottledTokenEndpoint:
    async def test_429_pauses_only_that_key(self, emu: Emulator) -> None:
        truth = await emu.truth()
        provider, _ = await emu.provider()
        ready = [
            c
            for c in customers(truth, appConsented=True)
            if set(c["adminCoveredRoles"]) & CONSENT_CAPABLE
        ]
        throttled, other = ready[0]["tenantId"], ready[1]["tenantId"]
        await emu.fault(path="/login/", tenant=throttled, rate_429=1.0, retry_after=[60])
        await emu.control("DELETE", "/counters")

        with pytest.raises(TransientError) as caught:
            await provider.access_token(throttled, GRAPH_DEFAULT)
        assert caught.value.retry_after == 60
        assert caught.value.code == "AADSTS90055"
        assert caught.value.root_cause.label == "throttled"
        assert emu.sleep.waits == []

        results = await asyncio.gather(
            *(provider.access_token(throttled, GRAPH_DEFAULT) for _ in range(50)),
            return_exceptions=True,
        )
        assert all(isinstance(r, TransientError) for r in results)
        assert all(0 < (r.retry_after or 0) <= 60 for r in results if isinstance(r, TransientError))
        assert await _token_calls(emu, throttled) == 1

        assert await provider.access_token(other, GRAPH_DEFAULT)
        assert await provider.access_token(emu.portal.partner_tenant_id, GRAPH_DEFAULT)
