"""Retry policy: Retry-After honoured (fractional too), long waits handed to the job queue,
5xx storms bounded, throttled $batch members re-driven and never dropped."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from api.microsoft import BatchRequest, GraphClient, RetryPolicy
from api.microsoft.errors import TransientError, graph_error, parse_retry_after
from api.microsoft.transport import send
from tests.microsoft.conftest import CONSENT_CAPABLE, Emulator, RecordingSleep, customers

ORG_PATH = "/graph/v1.0/organization"


def ready_tenant(truth: dict[str, Any]) -> str:
    return str(
        next(
            c
            for c in customers(truth, appConsented=True)
            if set(c["adminCoveredRoles"]) & CONSENT_CAPABLE
        )["tenantId"]
    )


class TestRetryAfter:
    def test_parses_seconds_fractions_and_dates(self) -> None:
        assert parse_retry_after("2.128") == pytest.approx(2.128)
        assert parse_retry_after("7") == 7
        assert parse_retry_after(None) is None
        assert parse_retry_after("soon") is None
        assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
        from datetime import UTC, datetime

        now = datetime(2015, 10, 21, 7, 27, 50, tzinfo=UTC)
        assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == 10.0

    async def test_fractional_429s_are_waited_out(self, emu: Emulator) -> None:
        truth = await emu.truth()
        _, _, provider = await emu.clients()
        policy = RetryPolicy(sleep=emu.sleep, max_attempts=10)
        graph = GraphClient(emu.http, emu.endpoints, provider, policy=policy)
        tenant = ready_tenant(truth)
        await emu.fault(path=ORG_PATH, rate_429=0.5, retry_after=[0.25, 1.5], seed=7)
        for _ in range(10):
            await graph.organization(tenant)
        throttled = await emu.calls(path=ORG_PATH, status=429)
        assert throttled > 0
        assert len(emu.sleep.waits) == throttled
        assert all(w in (0.25, 1.5) for w in emu.sleep.waits)

    async def test_wait_beyond_the_inline_budget_raises_with_the_delay(self, emu: Emulator) -> None:
        truth = await emu.truth()
        graph, _, _ = await emu.clients()
        await emu.fault(path=ORG_PATH, rate_429=1.0, retry_after=[30])
        with pytest.raises(TransientError) as caught:
            await graph.organization(ready_tenant(truth))
        assert caught.value.retry_after == 30
        assert caught.value.status == 429
        assert caught.value.code == "TooManyRequests"
        assert caught.value.root_cause.label == "throttled"
        assert emu.sleep.waits == []
        assert await emu.calls(path=ORG_PATH) == 1

    async def test_5xx_storm_exhausts_attempts(self, emu: Emulator) -> None:
        truth = await emu.truth()
        graph, _, _ = await emu.clients()
        await emu.fault(path=ORG_PATH, rate_5xx=1.0, status_5xx=503)
        with pytest.raises(TransientError) as caught:
            await graph.organization(ready_tenant(truth))
        assert caught.value.status == 503
        assert caught.value.root_cause.label == "microsoft_unavailable"
        assert caught.value.retry_after is not None
        assert caught.value.retry_after > 0
        assert await emu.calls(path=ORG_PATH) == 4
        assert len(emu.sleep.waits) == 3
        # Exponential backoff with jitter from a 0.5 s base: 0.5-1, 1-2, 2-4.
        for n, wait in enumerate(emu.sleep.waits):
            assert 0.5 * 2**n <= wait <= 1.0 * 2**n


class TestTransportErrors:
    async def test_connection_errors_are_transient_and_retried(self) -> None:
        attempts: list[int] = []

        def handler(request: httpx.Request) -> httpx.Response:
            attempts.append(1)
            if len(attempts) < 3:
                raise httpx.ConnectError("refused", request=request)
            return httpx.Response(200, json={"ok": True})

        sleep = RecordingSleep()
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            resp = await send(
                http,
                "GET",
                "https://graph.example/v1.0/x",
                service="graph",
                parse_error=graph_error,
                policy=RetryPolicy(sleep=sleep, jitter=lambda: 0.0),
            )
        assert resp.status_code == 200
        assert sleep.waits == [0.5, 1.0]

    async def test_timeouts_exhaust_into_transient_error(self) -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            raise httpx.ReadTimeout("slow", request=request)

        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            with pytest.raises(TransientError) as caught:
                await send(
                    http,
                    "GET",
                    "https://graph.example/v1.0/x",
                    service="graph",
                    parse_error=graph_error,
                    policy=RetryPolicy(sleep=RecordingSleep(), max_attempts=2),
                )
        assert caught.value.code == "timeout"
        assert caught.value.status is None

    async def test_http_date_retry_after_is_honoured(self) -> None:
        calls: list[int] = []

        def handler(request: httpx.Request) -> httpx.Response:
            calls.append(1)
            if len(calls) == 1:
                return httpx.Response(503, headers={"Retry-After": "0.75"}, json={})
            return httpx.Response(204)

        sleep = RecordingSleep()
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            await send(
                http,
                "DELETE",
                "https://graph.example/v1.0/x",
                service="graph",
                parse_error=graph_error,
                policy=RetryPolicy(sleep=sleep),
            )
        assert sleep.waits == [0.75]


class TestBatchRedrive:
    async def test_throttled_members_are_resent_until_all_answer(self, emu: Emulator) -> None:
        truth = await emu.truth()
        tenant = ready_tenant(truth)
        _, _, provider = await emu.clients()
        policy = RetryPolicy(sleep=emu.sleep, max_attempts=10)
        graph = GraphClient(emu.http, emu.endpoints, provider, policy=policy)
        await emu.fault(path=ORG_PATH, rate_429=0.4, retry_after=[0.5, 1.25], seed=11)
        await emu.control("DELETE", "/counters")
        requests = [BatchRequest(id=f"org-{i}", url="/organization") for i in range(45)]
        responses = await graph.batch(tenant, requests)

        assert [r.id for r in responses] == [r.id for r in requests]
        assert all(r.status == 200 for r in responses)
        throttled = await emu.calls(path=ORG_PATH, status=429)
        assert throttled > 0
        assert await emu.calls(path=ORG_PATH, status=200) == 45
        # Every round waits for the longest Retry-After among its throttled members.
        assert emu.sleep.waits
        assert all(w in (0.5, 1.25) for w in emu.sleep.waits)
        envelopes = await emu.calls(path="/graph/v1.0/$batch")
        assert envelopes >= 3 + len(emu.sleep.waits)

    async def test_dependants_of_throttled_members_are_redriven(self, emu: Emulator) -> None:
        truth = await emu.truth()
        tenant = ready_tenant(truth)
        graph, _, _ = await emu.clients()
        fault = await emu.fault(path=ORG_PATH, rate_429=1.0, retry_after=[0.5])
        requests = [
            BatchRequest(id="org", url="/organization"),
            BatchRequest(id="domains", url="/domains", depends_on=["org"]),
        ]
        sleep_calls: list[float] = []

        async def lift_fault(seconds: float) -> None:
            sleep_calls.append(seconds)
            await emu.control("DELETE", f"/faults/{fault}")

        policy = RetryPolicy(sleep=lift_fault)
        graph = GraphClient(emu.http, emu.endpoints, graph._tokens, policy=policy)
        responses = await graph.batch(tenant, requests)
        assert [r.status for r in responses] == [200, 200]
        assert sleep_calls == [0.5]

    async def test_persistent_member_throttling_surfaces(self, emu: Emulator) -> None:
        truth = await emu.truth()
        graph, _, _ = await emu.clients()
        await emu.fault(path=ORG_PATH, rate_429=1.0, retry_after=[20])
        requests = [
            BatchRequest(id="org", url="/organization"),
            BatchRequest(id="d", url="/domains"),
        ]
        with pytest.raises(TransientError) as caught:
            await graph.batch(ready_tenant(truth), requests)
        assert caught.value.retry_after == 20
        kept = await graph.batch(ready_tenant(truth), requests, raise_on_throttle=False)
        assert [r.status for r in kept] == [429, 200]
        assert kept[0].retry_after == 20


def test_endpoint_secret_is_not_in_repr() -> None:
    from api.microsoft import MicrosoftEndpoints

    endpoints = MicrosoftEndpoints("a", "b", "c", "d", "id", SecretStr("s3cret"))
    assert "s3cret" not in repr(endpoints)
