"""What the tenant table says, checked against what Microsoft (the emulator) holds."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from api.resources import Resources
from emulator import catalog
from emulator.model import AccessAssignment, Relationship
from emulator.state import EmulatorState
from tests.api.conftest import EMULATOR_URL, Actor
from tests.api.test_partner_center_flow import all_tenants, sync, truth_of


async def _tenant(actor: Actor, tenant_id: str) -> dict[str, Any]:
    response = await actor.get(f"/api/v1/tenants/{tenant_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


async def _ids(actor: Actor, **params: Any) -> list[str]:
    response = await actor.get("/api/v1/tenants", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    return [t["tenant_id"] for t in response.json()["items"]]


def _world(emulator: FastAPI) -> Any:
    state = emulator.state.emulator
    assert isinstance(state, EmulatorState)
    return state


class TestUserCounts:
    async def test_counts_through_partner_center_page_past_the_first_page(
        self, synced: Actor, microsoft: httpx.AsyncClient
    ) -> None:
        truth = {c["tenantId"]: c for c in (await truth_of(microsoft))["customers"]}
        by_pc = [t for t in await all_tenants(synced) if t["users_source"] == "partner_center"]
        big = [t for t in by_pc if truth[t["tenant_id"]]["userCount"] > 500]
        assert big, "the scenario has tenants counted through Partner Center beyond one page"
        for tenant in big:
            assert tenant["users"] == truth[tenant["tenant_id"]]["userCount"]

    async def test_an_unknown_count_says_why(self, synced: Actor) -> None:
        unknown = [t for t in await all_tenants(synced) if t["users"] is None]
        assert unknown
        assert all(t["users_note"] for t in unknown)


class TestReady:
    async def test_a_role_assigned_only_to_another_group_is_missing_and_names_it(
        self, synced: Actor, microsoft: httpx.AsyncClient
    ) -> None:
        truth = await truth_of(microsoft)
        other = next(
            c
            for c in truth["customers"]
            if any(
                r["status"] == "active" and r["assignedGroups"] == ["GDAP Helpdesk Tier 1"]
                for r in c["relationships"]
            )
        )
        tenant = await _tenant(synced, other["tenantId"])
        assert "Global Administrator" in tenant["gdap_roles"]
        assert tenant["gdap_state"] == "missing"
        assert tenant["gdap_missing_code"] == "roles_not_assigned_to_account"
        assert "GDAP Helpdesk Tier 1" in tenant["gdap_missing_reason"]
        assert tenant["gdap_account_roles"] == []
        assert "onboard" not in tenant["actions"]

    async def test_roles_missing_names_the_roles_found(self, synced: Actor) -> None:
        missing = [
            t for t in await all_tenants(synced) if t["gdap_missing_code"] == "roles_missing"
        ]
        assert missing
        for tenant in missing:
            assert "Helpdesk Administrator" in tenant["gdap_missing_reason"]
            assert "request_gdap" in tenant["actions"]

    async def test_a_nested_group_makes_the_account_ready(
        self, synced: Actor, microsoft: httpx.AsyncClient
    ) -> None:
        truth = await truth_of(microsoft)
        nested = next(
            c
            for c in truth["customers"]
            if any(r["assignedGroups"] == ["GDAP Application Admins"] for r in c["relationships"])
        )
        tenant = await _tenant(synced, nested["tenantId"])
        assert tenant["gdap_state"] == "ready"
        assert "Cloud Application Administrator" in tenant["gdap_account_roles"]

    async def test_a_fixed_assignment_shows_on_the_next_sync(
        self, synced: Actor, emulator: FastAPI, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        world = _world(emulator).world
        rel = next(
            r
            for r in world.relationships.values()
            if r.status == "active"
            and any(
                a.group_id not in world.groups_of(_admin_id(world)) for a in r.assignments.values()
            )
            and catalog.GLOBAL_ADMIN in r.roles
        )
        assert (await _tenant(synced, rel.customer_tenant_id))["gdap_state"] == "missing"
        for assignment in rel.assignments.values():
            assignment.group_id = _gdap_group(world)
        assert (await sync(synced, worker))["state"] == "succeeded"
        assert (await _tenant(synced, rel.customer_tenant_id))["gdap_state"] == "ready"


def _admin_id(world: Any) -> str:
    return str(
        next(g for g in world.partner.groups.values() if g.display_name == "AdminAgents")
        .members.copy()
        .pop()
    )


def _gdap_group(world: Any) -> str:
    return str(
        next(g.id for g in world.partner.groups.values() if g.display_name == "GDAP Administrators")
    )


class TestNoAccess:
    async def test_a_tenant_whose_last_relationship_ended_has_no_access(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        truth = await truth_of(microsoft)
        customer = next(
            c
            for c in truth["customers"]
            if c["adminCoveredRoles"]
            and set(c["adminCoveredRoles"]) & {catalog.GLOBAL_ADMIN}
            and all(r["status"] == "active" for r in c["relationships"])
        )
        for rel in customer["relationships"]:
            ended = await microsoft.post(
                f"{EMULATOR_URL}/_emulator/relationships/{rel['id']}/terminate"
            )
            assert ended.status_code == 200, ended.text
        assert (await sync(synced, worker))["state"] == "succeeded"
        gone = await _tenant(synced, customer["tenantId"])
        assert gone["gdap_state"] == "none"
        assert gone["active"] is False
        assert gone["gdap_account_roles"] == []
        assert "request_gdap" in gone["actions"]
        assert "onboard" not in gone["actions"]
        assert await _ids(synced, active=False) == [customer["tenantId"]]
        assert customer["tenantId"] not in await _ids(synced, gdap_state="ready")
        assert await _ids(synced, gdap_state="none") == [customer["tenantId"]]


class TestDomain:
    async def test_searching_a_domain_finds_its_tenant(
        self, synced: Actor, microsoft: httpx.AsyncClient
    ) -> None:
        customer = next(
            c
            for c in (await truth_of(microsoft))["customers"]
            if any(r["status"] == "active" for r in c["relationships"])
        )
        tenant = await _tenant(synced, customer["tenantId"])
        assert tenant["default_domain"] == customer["domain"]
        assert await _ids(synced, q=customer["domain"].upper()) == [customer["tenantId"]]
        part = customer["domain"].split(".")[0][-6:]
        assert customer["tenantId"] in await _ids(synced, q=part)


class TestExpiry:
    async def test_a_relationship_ending_soon_flags_only_the_roles_that_end(
        self, synced: Actor, emulator: FastAPI, worker: Resources
    ) -> None:
        state = _world(emulator)
        world, now = state.world, state.now()
        long = next(
            r
            for r in world.relationships.values()
            if r.status == "active"
            and r.roles == [catalog.GLOBAL_ADMIN]
            and r.end is not None
            and r.end > now + timedelta(days=300)
            and r.assignments
        )
        tenant_id = long.customer_tenant_id
        short = Relationship(
            id=f"short-{tenant_id}",
            display_name="Helpdesk for ten days",
            duration_days=10,
            roles=[catalog.HELPDESK_ADMIN, catalog.GLOBAL_ADMIN],
            status="active",
            auto_extend="PT0S",
            created=now,
            modified=now,
            customer_tenant_id=tenant_id,
            customer_name=long.customer_name,
            activated=now,
            end=now + timedelta(days=10),
        )
        group = next(iter(long.assignments.values())).group_id
        short.assignments["a"] = AccessAssignment("a", group, short.roles, "active", now, now)
        world.add_relationship(short)
        assert (await sync(synced, worker))["state"] == "succeeded"
        tenant = await _tenant(synced, tenant_id)
        # Global Administrator runs on in the year-long relationship: only Helpdesk ends.
        assert tenant["gdap_ending_roles"] == ["Helpdesk Administrator"]
        ends = datetime.fromisoformat(tenant["gdap_earliest_end_at"])
        assert abs(ends - (now + timedelta(days=10))) < timedelta(minutes=1)
        assert tenant["gdap_auto_extend"] is False
        assert tenant_id in await _ids(synced, expiring_within_days=11)
        assert tenant_id not in await _ids(synced, expiring_within_days=9)
        rels = {r["id"]: r for r in tenant["relationships"]}
        assert rels[short.id]["auto_extends"] is False

    async def test_auto_extend_is_shown_only_for_p180d(self, synced: Actor) -> None:
        for tenant in await all_tenants(synced):
            detail = await _tenant(synced, tenant["tenant_id"])
            for rel in detail["relationships"]:
                assert rel["auto_extends"] is (rel["auto_extend_duration"] == "P180D")


class TestFailures:
    async def test_a_sync_with_one_tenant_failing_names_it(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        truth = await truth_of(microsoft)
        broken = next(c for c in truth["customers"] if c["appConsented"])
        rule = await microsoft.post(
            f"{EMULATOR_URL}/_emulator/faults",
            json={"tenant": broken["tenantId"], "path": "/graph/*", "rate_error": 1.0},
        )
        assert rule.status_code == 201, rule.text
        operation = await sync(synced, worker)
        assert operation["state"] == "partially_failed"
        assert operation["progress"]["failed"] == 1
        assert broken["displayName"] in operation["error_message"]
        assert operation["error_action"]
        tenant = await _tenant(synced, broken["tenantId"])
        error = tenant["last_error"]
        assert error["root_cause"]
        assert error["action"]
        assert "automatically" not in error["action"]
        assert await _ids(synced, last_sync_failed=True) == [broken["tenantId"]]
        assert broken["tenantId"] not in await _ids(synced, last_sync_failed=False)
