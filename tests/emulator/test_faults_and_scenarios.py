"""Fault injection is reproducible under a seed; scenarios are deterministic and fast."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from emulator.app import create_app
from emulator.faults import FaultSet, FaultSpec, Latency
from emulator.scenario import build_world, portal_app
from tests.emulator.conftest import Emu, make_client


def outcomes(seed: int) -> list[tuple[str | None, float, float]]:
    faults = FaultSet()
    faults.add(
        FaultSpec(
            path="/graph/*",
            rate_429=0.3,
            rate_5xx=0.2,
            retry_after=[0.5, 1.25, 3],
            latency=Latency(kind="normal", mean_ms=50, stddev_ms=20),
            seed=seed,
        )
    )
    result: list[tuple[str | None, float, float]] = []
    for _ in range(200):
        o = faults.decide("GET", "/graph/v1.0/organization", None)
        result.append((o.kind, o.retry_after, round(o.delay, 6)))
    return result


class TestFaults:
    def test_same_seed_same_sequence(self) -> None:
        assert outcomes(7) == outcomes(7)
        assert outcomes(7) != outcomes(8)
        kinds = [k for k, _, _ in outcomes(7)]
        assert 40 < kinds.count("429") < 80
        assert 20 < kinds.count("5xx") < 60

    def test_a_burst_starts_after_some_calls_and_ends_after_some_faults(self) -> None:
        faults = FaultSet()
        faults.add(FaultSpec(path="/graph/*", rate_429=1.0, after=2, times=3))
        kinds = [faults.decide("GET", "/graph/v1.0/organization", None).kind for _ in range(7)]
        assert kinds == [None, None, "429", "429", "429", None, None]
        # Requests the rule does not match do not count towards `after`.
        assert faults.decide("GET", "/login/common", None).kind is None
        assert faults.describe()[0]["hits"] == 3

    async def test_over_http_replays_identically(self) -> None:
        async def statuses() -> list[int]:
            app = create_app(control_enabled=True)
            async with make_client(app) as client:
                await client.post(
                    "/_emulator/faults", json={"path": "/login/", "rate_5xx": 0.5, "seed": 3}
                )
                return [
                    (
                        await client.get("/login/common/v2.0/.well-known/openid-configuration")
                    ).status_code
                    for _ in range(30)
                ]

        first, second = await statuses(), await statuses()
        assert first == second
        assert {200, 503} == set(first)

    async def test_per_tenant_rule_and_counters(self, emu: Emu) -> None:
        truth = await emu.truth()
        tid = truth["customers"][0]["tenantId"]
        await emu.client.post(
            "/_emulator/faults", json={"tenant": tid, "rate_429": 1.0, "retry_after": [1]}
        )
        hit = await emu.client.get(f"/login/{tid}/v2.0/.well-known/openid-configuration")
        miss = await emu.client.get(
            f"/login/{emu.portal.partner_tenant_id}/v2.0/.well-known/openid-configuration"
        )
        assert hit.status_code == 429
        assert hit.headers["retry-after"] == "1"
        assert hit.json()["error_codes"] == [90055]
        assert miss.status_code == 200
        counters = (
            await emu.client.get("/_emulator/counters", params={"tenant": tid, "status": 429})
        ).json()
        assert counters["total"] == 1
        assert (
            counters["calls"][0]["path"] == "/login/{tenant}/v2.0/.well-known/openid-configuration"
        )

    async def test_partner_center_429_shape_and_clearing(self, emu: Emu, partner_rt: str) -> None:
        headers = await emu.bearer(partner_rt, "https://api.partnercenter.microsoft.com/.default")
        created = await emu.client.post(
            "/_emulator/faults",
            json={"path": "/partnercenter/*", "rate_429": 1.0, "retry_after": [57]},
        )
        resp = await emu.client.get("/partnercenter/v1/customers?size=5", headers=headers)
        assert resp.status_code == 429
        assert "57 seconds" in resp.json()["message"]
        await emu.client.delete(f"/_emulator/faults/{created.json()['id']}")
        assert (
            await emu.client.get("/partnercenter/v1/customers?size=5", headers=headers)
        ).status_code == 200

    async def test_timeout_rule_hangs_then_504(self, emu: Emu) -> None:
        await emu.client.post(
            "/_emulator/faults",
            json={"path": "/login/", "rate_timeout": 1.0, "timeout_seconds": 0.2},
        )
        started = time.monotonic()
        resp = await emu.client.get("/login/common/v2.0/.well-known/openid-configuration")
        assert resp.status_code == 504
        assert time.monotonic() - started >= 0.2

    async def test_control_api_is_off_by_default(self) -> None:
        async with make_client(create_app()) as client:
            assert (await client.get("/_emulator/scenario")).status_code == 404


class TestScenarios:
    def test_portal_app_is_deterministic(self) -> None:
        assert portal_app(5) == portal_app(5)
        assert portal_app(5).client_id != portal_app(6).client_id
        assert portal_app(5).admin_username.startswith("admin@")

    def test_generated_is_deterministic(self) -> None:
        now = datetime(2026, 1, 1, tzinfo=UTC)
        a = build_world("generated", seed=4, size=200, now=now)
        b = build_world("generated", seed=4, size=200, now=now)
        assert [(r.id, r.status, r.roles) for r in a.relationships.values()] == [
            (r.id, r.status, r.roles) for r in b.relationships.values()
        ]
        assert [t.user_count for t in a.tenants.values()] == [
            t.user_count for t in b.tenants.values()
        ]

    def test_ten_thousand_customers_are_fast(self) -> None:
        started = time.monotonic()
        world = build_world("generated", seed=1, size=10_000, now=datetime.now(UTC))
        assert time.monotonic() - started < 3
        counts = [t.user_count for t in world.tenants.values() if not t.is_partner and not t.direct]
        assert len(counts) == 10_000
        assert min(counts) >= 3
        assert max(counts) <= 20_000

    async def test_demo_mix(self, emu: Emu) -> None:
        truth = await emu.truth()
        cs = truth["customers"]
        assert len(cs) == 40
        assert any(c["gdapReady"] for c in cs)
        assert any(not c["gdapReady"] for c in cs)
        assert any(len(c["relationships"]) > 1 for c in cs)
        assert any(c["appConsented"] for c in cs)
        assert any(not c["appConsented"] for c in cs)
        covered_not = [
            r
            for c in cs
            for r in c["relationships"]
            if r["status"] == "active" and not r["coversAdmin"]
        ]
        assert covered_not

    async def test_empty_and_load(self, emu: Emu) -> None:
        resp = await emu.client.post("/_emulator/scenario", json={"name": "empty"})
        assert resp.status_code == 200
        assert (await emu.truth())["customers"] == []
        await emu.client.post(
            "/_emulator/scenario", json={"name": "generated", "seed": 2, "size": 5}
        )
        assert len((await emu.truth())["customers"]) == 5
        assert (
            await emu.client.post("/_emulator/scenario", json={"name": "nope"})
        ).status_code == 400
