"""Petra Scan against the emulator: availability, Onboard & Scan, batches honouring Exclude,
every check's pass, fail and error, results, CSV, the report, cancel, and reads only."""

from __future__ import annotations

import asyncio
import csv
import io
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.permissions import Role
from api.resources import Resources, build_resources
from api.scans.checks import CHECK_IDS
from api.scans.service import SCAN, set_feature
from api.settings import Settings
from emulator import posture
from tests.api.conftest import PORTAL_APP, Actor, World
from tests.api.onboarding_support import (
    EMU,
    GLOBAL_ADMIN,
    onboard_and_run,
    pick,
    scenario_customers,
)
from tests.api.test_partner_center_flow import all_tenants
from workers.settings import run_burst


async def enable_scan(sessions: async_sessionmaker[AsyncSession], admin: Actor) -> None:
    async with sessions() as db, db.begin():
        await set_feature(db, admin.organization_id, SCAN, True)


async def items_of(admin: Actor, operation_id: str) -> dict[str, dict[str, Any]]:
    response = await admin.get(f"/api/v1/operations/{operation_id}/items", params={"limit": 200})
    assert response.status_code == 200, response.text
    return {i["tenant_id"]: i for i in response.json()["items"]}


async def start(admin: Actor, **body: Any) -> dict[str, Any]:
    response = await admin.post("/api/v1/scans", json=body)
    assert response.status_code == 202, response.text
    return dict(response.json())


async def operation(admin: Actor, operation_id: str) -> dict[str, Any]:
    return dict((await admin.get(f"/api/v1/operations/{operation_id}")).json())


async def scans_of(admin: Actor, operation_id: str) -> dict[str, dict[str, Any]]:
    response = await admin.get("/api/v1/scans", params={"operation_id": operation_id})
    assert response.status_code == 200, response.text
    return {s["tenant_id"]: s for s in response.json()["items"]}


async def findings(admin: Actor, scan_id: str) -> dict[str, dict[str, Any]]:
    response = await admin.get(f"/api/v1/scans/{scan_id}")
    assert response.status_code == 200, response.text
    return {f["check_id"]: f for f in response.json()["findings"]}


async def test_scan_is_available_on_request_only(
    synced: Actor, db_sessions: async_sessionmaker[AsyncSession]
) -> None:
    availability = (await synced.get("/api/v1/scans/availability")).json()
    assert availability["scan"] is False
    refused = await synced.post("/api/v1/scans", json={})
    assert refused.status_code == 409
    assert refused.json()["code"] == "scan_not_enabled"
    assert "available on request" in refused.json()["detail"]

    assert (await synced.get("/api/v1/scans/checks")).status_code == 409
    await enable_scan(db_sessions, synced)
    assert (await synced.get("/api/v1/scans/availability")).json()["scan"] is True
    # The organization's admins see who turned it on in their audit trail.
    events = (await synced.get("/api/v1/audit-events")).json()["items"]
    turned_on = next(e for e in events if e["action"] == "organization.feature")
    assert (turned_on["actor_label"], turned_on["details"]) == (
        "Petra operator",
        {"feature": "scan", "enabled": True},
    )
    catalog = (await synced.get("/api/v1/scans/checks")).json()
    assert [c["id"] for c in catalog["checks"]] == CHECK_IDS
    assert all(c["calls"] and c["permissions"] and c["link"] for c in catalog["checks"])
    # Nothing is onboarded to Scan yet: a plain Scan has nothing to do and says so.
    empty = await synced.post("/api/v1/scans", json={})
    assert empty.status_code == 422
    assert empty.json()["code"] == "no_eligible_tenants"


async def test_onboard_and_scan_then_scan_skipping_three_excluded_tenants(
    synced: Actor,
    microsoft: httpx.AsyncClient,
    worker: Resources,
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    await enable_scan(db_sessions, synced)
    tenants = await all_tenants(synced)
    ready = sorted(t["tenant_id"] for t in tenants if t["gdap_state"] == "ready")
    assert len(ready) >= 8
    # Two through the table's Exclude box, one through the request.
    for tenant_id in ready[:2]:
        patched = await synced.patch(f"/api/v1/tenants/{tenant_id}", json={"excluded": True})
        assert patched.status_code == 200, patched.text
    excluded = set(ready[:3])
    eligible = set(ready) - excluded

    started = await start(synced, onboard=True, exclude=[ready[2]])
    assert set(started["onboarding"]) == eligible
    scan_op = started["operation"]["id"]
    await run_burst(worker, cron_jobs=[])

    done = await operation(synced, scan_op)
    assert done["state"] == "succeeded", done
    assert set(await items_of(synced, scan_op)) == eligible
    rows = {t["tenant_id"]: t for t in await all_tenants(synced)}
    for tenant_id in eligible:
        assert (rows[tenant_id]["status"], rows[tenant_id]["product"]) == ("monitoring", "scan")
    for tenant_id in excluded:
        assert rows[tenant_id]["status"] != "monitoring"
    first = await scans_of(synced, scan_op)
    assert set(first) == eligible
    # A first scan has nothing to compare with: no failure is called new.
    assert [s["difference"] for s in first.values()] == [None] * len(eligible)

    # Every check passes on some tenant and fails on another.
    seen: dict[str, set[str]] = {c: set() for c in CHECK_IDS}
    for tenant_id, scan in first.items():
        by_check = await findings(synced, scan["id"])
        assert set(by_check) == set(CHECK_IDS)
        for check_id, finding in by_check.items():
            seen[check_id].add(finding["status"])
            assert len(finding["evidence"]["examples"]) <= 20
        want = "fail" if posture.exposed(tenant_id) else "pass"
        assert by_check["audit_logging"]["status"] == want, by_check["audit_logging"]
        assert by_check["audit_logging"]["prominent"] is (want == "fail")
    for check_id, statuses in seen.items():
        assert {"pass", "fail"} <= statuses, (check_id, statuses)

    # An excluded tenant named in the request is still left out.
    named = await synced.post("/api/v1/scans", json={"tenant_ids": [ready[0]]})
    assert named.status_code == 422
    assert named.json()["code"] == "no_eligible_tenants"

    # A plain Scan of every eligible tenant: the three excluded ones stay out, and the scan
    # reads only (GETs, and $batch envelopes of GETs) in the customer tenants.
    await microsoft.delete(f"{EMU}/counters")
    again = await start(synced)
    assert again["onboarding"] == []
    await run_burst(worker, cron_jobs=[])
    assert (await operation(synced, again["operation"]["id"]))["state"] == "succeeded"
    assert set(await items_of(synced, again["operation"]["id"])) == eligible
    calls = (await microsoft.get(f"{EMU}/counters")).json()["calls"]
    customer = [c for c in calls if c["path"].startswith(("/graph", "/manage"))]
    assert {c["path"].split("/")[1] for c in customer} == {"graph", "manage"}
    writes = [c for c in customer if c["method"] != "GET" and not c["path"].endswith("/$batch")]
    assert writes == []
    assert {c["tenant"] for c in customer} <= eligible | {None}

    second = await scans_of(synced, again["operation"]["id"])
    some = sorted(second)[0]
    for tenant_id, scan in second.items():
        # The same posture as the first scan: failing checks are neither new nor resolved.
        assert scan["difference"] == {
            "previous_scan_id": first[tenant_id]["id"],
            "new": [],
            "resolved": [],
        }
    history = (await synced.get(f"/api/v1/tenants/{some}/scans")).json()["items"]
    assert [s["id"] for s in history] == [second[some]["id"], first[some]["id"]]
    summary = second[some]["summary"]
    assert sum(summary["status"].values()) == len(CHECK_IDS)

    exported = await synced.get(
        "/api/v1/scans/export.csv", params={"operation_id": again["operation"]["id"]}
    )
    assert exported.status_code == 200
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(table) == len(eligible) * len(CHECK_IDS)

    exposed = next(t for t in sorted(second) if posture.exposed(t))
    assert second[exposed]["summary"]["status"]["fail"] > 0
    first_page = await synced.get(f"/api/v1/scans/{first[exposed]['id']}/report")
    assert "First scan: nothing to compare with" in first_page.text
    page = await synced.get(f"/api/v1/scans/{second[exposed]['id']}/report")
    assert "First scan" not in page.text
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Audit logging is OFF" in page.text
    assert "<script" not in page.text
    # Its own styles may apply (it prints well); nothing else loads or runs.
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "style-src 'unsafe-inline'" in policy
    assert "script-src" not in policy

    # Without ActivityFeed.Read only the audit logging check cannot run; the others still do.
    hardened = next(t for t in sorted(second) if not posture.exposed(t))
    app = (await microsoft.get(f"{EMU}/tenants/{hardened}/apps/{PORTAL_APP.client_id}")).json()
    feed = next(r for r in app["appRoles"] if r["value"] == "ActivityFeed.Read")
    await microsoft.delete(f"{EMU}/tenants/{hardened}/app-role-assignments/{feed['id']}")
    partial = await start(synced, tenant_ids=[hardened])
    await run_burst(worker, cron_jobs=[])
    assert (await operation(synced, partial["operation"]["id"]))["state"] == "succeeded"
    scans = await scans_of(synced, partial["operation"]["id"])
    partly = await findings(synced, scans[hardened]["id"])
    assert partly["audit_logging"]["status"] == "error"
    assert "ActivityFeed.Read" in partly["audit_logging"]["summary"]
    assert {f["status"] for c, f in partly.items() if c != "audit_logging"} == {"pass"}

    # The client's admin removes Petra's application permissions: every check says it could
    # not run and why, none passes.
    app = (await microsoft.get(f"{EMU}/tenants/{exposed}/apps/{PORTAL_APP.client_id}")).json()
    for role in app["appRoles"]:
        await microsoft.delete(f"{EMU}/tenants/{exposed}/app-role-assignments/{role['id']}")
    broken = await start(synced, tenant_ids=[exposed])
    await run_burst(worker, cron_jobs=[])
    scans = await scans_of(synced, broken["operation"]["id"])
    errored = await findings(synced, scans[exposed]["id"])
    for check_id, finding in errored.items():
        assert finding["status"] == "error", (check_id, finding)
        assert "Could not check" in finding["summary"]
    # Checks that failed before and cannot run now are not called resolved.
    assert scans[exposed]["difference"]["resolved"] == []


async def onboard_and_scan(synced: Actor, worker: Resources) -> set[str]:
    """Onboard & Scan every Ready tenant; the tenants now onboarded to Petra Scan."""
    started = await start(synced, onboard=True)
    await run_burst(worker, cron_jobs=[])
    assert (await operation(synced, started["operation"]["id"]))["state"] == "succeeded"
    return set(started["onboarding"])


async def test_cancelling_mid_batch_leaves_nothing_running(
    synced: Actor,
    microsoft: httpx.AsyncClient,
    worker: Resources,
    settings: Settings,
    engine: AsyncEngine,
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    await enable_scan(db_sessions, synced)
    onboarded = await onboard_and_scan(synced, worker)
    # One tenant at a time, so most are still waiting when the cancel lands.
    one_by_one = settings.model_copy(update={"sync_concurrency": 1, "sync_batch_size": 1})
    slow = await build_resources(one_by_one, http=microsoft, engine=engine)
    # Slow reads, so the cancel lands while tenants are being scanned.
    await microsoft.post(
        f"{EMU}/faults",
        json={"path": "/graph/v1.0/$batch", "latency": {"kind": "fixed", "ms": 150}},
    )
    scan_op = (await start(synced))["operation"]["id"]
    burst = asyncio.create_task(run_burst(slow, cron_jobs=[]))
    for _ in range(400):
        progress = (await operation(synced, scan_op))["progress"]
        if progress["running"] or progress["succeeded"]:
            break
        await asyncio.sleep(0.02)
    cancelled = await synced.post(f"/api/v1/operations/{scan_op}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    await burst
    await run_burst(slow, cron_jobs=[])
    await slow.close()

    after = await operation(synced, scan_op)
    assert after["state"] == "cancelled", after
    progress = after["progress"]
    assert progress["running"] == progress["pending"] == 0
    assert progress["cancelled"] > 0
    assert progress["succeeded"] + progress["cancelled"] + progress["failed"] == len(onboarded)
    # Tenants that finished before the cancel keep their results; no other scan was written.
    assert len(await scans_of(synced, scan_op)) == progress["succeeded"]


async def test_cancelling_before_any_tenant_runs_scans_none(
    synced: Actor, worker: Resources, db_sessions: async_sessionmaker[AsyncSession]
) -> None:
    await enable_scan(db_sessions, synced)
    started = await start(synced, onboard=True)
    scan_op = started["operation"]["id"]
    cancelled = await synced.post(f"/api/v1/operations/{scan_op}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    await run_burst(worker, cron_jobs=[])
    after = await operation(synced, scan_op)
    assert after["state"] == "cancelled", after
    assert after["progress"]["running"] == after["progress"]["pending"] == 0
    assert await scans_of(synced, scan_op) == {}


async def test_throttled_batch_members_are_sent_again_after_their_retry_after(
    synced: Actor,
    microsoft: httpx.AsyncClient,
    worker: Resources,
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    await enable_scan(db_sessions, synced)
    onboarded = sorted(await onboard_and_scan(synced, worker))
    tenant_id = onboarded[0]
    await microsoft.delete(f"{EMU}/counters")
    await microsoft.post(
        f"{EMU}/faults",
        json={
            "path": "/graph/v1.0/reports/*",
            "tenant": tenant_id,
            "rate_429": 0.5,
            "retry_after": [0.05],
            "seed": 3,
        },
    )
    scan_op = (await start(synced, tenant_ids=[tenant_id]))["operation"]["id"]
    await run_burst(worker, cron_jobs=[])
    assert (await operation(synced, scan_op))["state"] == "succeeded"
    throttled = (
        await microsoft.get(f"{EMU}/counters", params={"tenant": tenant_id, "status": 429})
    ).json()["total"]
    assert throttled >= 1
    scan = (await scans_of(synced, scan_op))[tenant_id]
    assert (await findings(synced, scan["id"]))["mfa_registration"]["status"] in ("pass", "fail")


async def test_onboard_and_scan_leaves_a_tenant_on_another_product_alone(
    synced: Actor,
    microsoft: httpx.AsyncClient,
    worker: Resources,
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    await enable_scan(db_sessions, synced)
    active = pick(await scenario_customers(microsoft), roles=GLOBAL_ADMIN, consented=False)
    assert (await onboard_and_run(synced, worker, active))["state"] == "succeeded"
    started = await start(synced, onboard=True)
    assert active not in started["onboarding"]
    await run_burst(worker, cron_jobs=[])
    assert active not in await items_of(synced, started["operation"]["id"])
    row = (await synced.get(f"/api/v1/tenants/{active}")).json()
    assert (row["status"], row["product"]) == ("monitoring", "active")


async def overview_of(admin: Actor) -> dict[str, Any]:
    response = await admin.get("/api/v1/scans/overview")
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_the_overview_counts_each_tenants_latest_scan_per_check(
    synced: Actor,
    microsoft: httpx.AsyncClient,
    worker: Resources,
    world: World,
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    refused = await synced.get("/api/v1/scans/overview")
    assert refused.status_code == 409
    assert refused.json()["code"] == "scan_not_enabled"
    await enable_scan(db_sessions, synced)
    assert await overview_of(synced) == {"tenants": 0, "checks": []}

    onboarded = sorted(await onboard_and_scan(synced, worker))
    exposed = {t for t in onboarded if posture.exposed(t)}
    assert exposed
    assert exposed != set(onboarded)
    seen = await overview_of(synced)
    assert seen["tenants"] == len(onboarded)
    assert {c["check_id"] for c in seen["checks"]} == set(CHECK_IDS)
    for check in seen["checks"]:
        counted = check["failing"] + check["errors"] + check["passing"] + check["not_applicable"]
        assert counted == check["tenants"] == len(onboarded), check
    failing = [c["failing"] for c in seen["checks"]]
    assert failing == sorted(failing, reverse=True)
    by_id = {c["check_id"]: c for c in seen["checks"]}
    # Audit logging is off exactly in the exposed tenants.
    assert (by_id["audit_logging"]["failing"], by_id["audit_logging"]["passing"]) == (
        len(exposed),
        len(onboarded) - len(exposed),
    )
    assert by_id["audit_logging"]["severity"] == "critical"

    # One hardened tenant scanned again without ActivityFeed.Read: its latest scan replaces its
    # first one in the counts; the tenant still counts once.
    hardened = next(t for t in onboarded if t not in exposed)
    app = (await microsoft.get(f"{EMU}/tenants/{hardened}/apps/{PORTAL_APP.client_id}")).json()
    feed = next(r for r in app["appRoles"] if r["value"] == "ActivityFeed.Read")
    await microsoft.delete(f"{EMU}/tenants/{hardened}/app-role-assignments/{feed['id']}")
    await start(synced, tenant_ids=[hardened])
    await run_burst(worker, cron_jobs=[])
    again = {c["check_id"]: c for c in (await overview_of(synced))["checks"]}
    assert again["audit_logging"]["tenants"] == len(onboarded)
    assert again["audit_logging"]["errors"] == 1
    assert again["audit_logging"]["passing"] == len(onboarded) - len(exposed) - 1

    # A guest counts only the tenants assigned to them.
    guest = await world.as_role(synced, Role.external_guest)
    assert await overview_of(guest) == {"tenants": 0, "checks": []}
    assigned = await synced.patch(
        f"/api/v1/members/{guest.member_id}", json={"tenant_ids": [hardened]}
    )
    assert assigned.status_code == 200, assigned.text
    theirs = await overview_of(guest)
    assert theirs["tenants"] == 1
    assert {c["check_id"]: c["errors"] for c in theirs["checks"]}["audit_logging"] == 1

    # Another organization with Scan on sees none of these tenants or their findings.
    other = await world.admin("Fabrikam MSP")
    await enable_scan(db_sessions, other)
    assert await overview_of(other) == {"tenants": 0, "checks": []}


async def test_the_breaker_pauses_a_scan_when_half_the_tenants_fail_and_it_resumes(
    synced: Actor,
    microsoft: httpx.AsyncClient,
    worker: Resources,
    settings: Settings,
    engine: AsyncEngine,
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    await enable_scan(db_sessions, synced)
    onboarded = sorted(await onboard_and_scan(synced, worker))
    # The breaker looks at the last 20 tenants that ended: some must be left to resume.
    assert len(onboarded) > 20, len(onboarded)
    # Conditional Access in every other client tenant now blocks the app's sign-in
    # (AADSTS53003 on the token request): half the tenants fail for good. (A 5xx would not do:
    # it is transient, so the engine sends the tenant back for another try instead of failing
    # it, and only failed tenants count for the breaker.)
    blocked = onboarded[::2]
    for tenant_id in blocked:
        rule = {"path": "/login", "tenant": tenant_id, "rate_error": 1.0, "error_code": "53003"}
        assert (await microsoft.post(f"{EMU}/faults", json=rule)).status_code in (200, 201)
    # Batches of 5 tenants, one batch at a time: the window of 20 fills after four batches,
    # exactly half of it failed.
    small = settings.model_copy(update={"sync_batch_size": 5})
    one_batch_at_a_time = await build_resources(small, http=microsoft, engine=engine)
    scan_op = (await start(synced))["operation"]["id"]
    await run_burst(one_batch_at_a_time, cron_jobs=[], max_jobs=1)

    paused = await operation(synced, scan_op)
    assert paused["state"] == "paused", paused
    assert paused["finished_at"] is None
    progress = paused["progress"]
    assert (progress["succeeded"], progress["failed"], progress["running"]) == (10, 10, 0)
    assert progress["pending"] == len(onboarded) - 20
    rows = await items_of(synced, scan_op)
    failed = [row for row in rows.values() if row["state"] == "failed"]
    assert {row["tenant_id"] for row in failed} <= set(blocked)
    causes = {row["root_cause"] for row in failed}
    assert len(causes) == 1
    assert f"10 of the last 20 tenants failed (mostly {causes.pop()})" in paused["pause_reason"]
    # Paused means paused: another pass of the worker scans nobody.
    await run_burst(one_batch_at_a_time, cron_jobs=[], max_jobs=1)
    assert (await operation(synced, scan_op))["progress"] == progress

    # The client's admins fix their policies; a person resumes the scan.
    assert (await microsoft.delete(f"{EMU}/faults")).status_code == 200
    resumed = await synced.post(f"/api/v1/operations/{scan_op}/resume")
    assert resumed.status_code == 202, resumed.text
    assert resumed.json()["state"] == "running"
    await run_burst(one_batch_at_a_time, cron_jobs=[], max_jobs=1)
    ended = await operation(synced, scan_op)
    assert ended["state"] == "partially_failed", ended
    assert (ended["progress"]["succeeded"], ended["progress"]["failed"]) == (
        len(onboarded) - 10,
        10,
    )
    # The ten that failed before the pause run again on request; then every tenant has a scan.
    retried = await synced.post(f"/api/v1/operations/{scan_op}/retry")
    assert retried.status_code == 202, retried.text
    await run_burst(one_batch_at_a_time, cron_jobs=[], max_jobs=1)
    await one_batch_at_a_time.close()
    done = await operation(synced, scan_op)
    assert done["state"] == "succeeded", done
    assert set(await scans_of(synced, scan_op)) == set(onboarded)
