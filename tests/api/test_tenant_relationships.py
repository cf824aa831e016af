"""Every relationship shape and status on the tenant page; only usable ones make it Ready."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.permissions import Role
from api.resources import Resources
from api.tenants.gdap import classify, usable
from api.tenants.models import RelationshipKind
from emulator import catalog
from emulator.model import AccessAssignment, Relationship, Tenant
from emulator.state import EmulatorState, World
from tests.api.conftest import Actor
from tests.api.conftest import World as Portal
from tests.api.test_partner_center_flow import all_tenants, sync, truth_of

HELPDESK = [catalog.HELPDESK_ADMIN, catalog.PASSWORD_ADMIN]
DOCUMENTED = {
    "created",
    "approvalPending",
    "approved",
    "activating",
    "active",
    "expiring",
    "expired",
    "terminationRequested",
    "terminating",
}


async def _tenant(actor: Actor, tenant_id: str) -> dict[str, Any]:
    response = await actor.get(f"/api/v1/tenants/{tenant_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def _world(emulator: FastAPI) -> World:
    state = emulator.state.emulator
    assert isinstance(state, EmulatorState)
    return state.world


def _group(world: World, name: str) -> str:
    return next(g.id for g in world.partner.groups.values() if g.display_name == name)


def _helpdesk_customer(world: World) -> Tenant:
    """A customer whose one relationship gives the account helpdesk roles only: Missing."""
    for tenant in world.tenants.values():
        rels = world.customer_relationships(tenant.id)
        if len(rels) == 1 and rels[0].status == "active" and rels[0].roles == HELPDESK:
            return tenant
    raise AssertionError("the scenario has a helpdesk-only customer")


def _add(
    world: World,
    tenant: Tenant,
    name: str,
    roles: list[str],
    status: str,
    *,
    reseller: bool = False,
) -> Relationship:
    """A relationship whose roles are assigned to the connected account's group."""
    now = world.partner.created + timedelta(days=2000)
    rel = Relationship(
        id=f"{name}-{tenant.id}",
        display_name=name,
        duration_days=365,
        roles=roles,
        status=status,
        auto_extend="PT0S",
        created=now,
        modified=now,
        customer_tenant_id=tenant.id,
        customer_name=tenant.display_name,
        activated=now,
        end=now + timedelta(days=3650),
    )
    if reseller:
        rel.indirect_provider_tenant_id = "0f0f0f0f-0000-4000-8000-000000000001"
        rel.partner_consent_pending = False
    group = _group(world, "GDAP Administrators")
    rel.assignments["a"] = AccessAssignment("a", group, roles, "active", now, now)
    world.add_relationship(rel)
    return rel


class TestShapes:
    async def test_every_relationship_of_a_tenant_is_shown_with_its_kind_and_status(
        self, synced: Actor, microsoft: httpx.AsyncClient
    ) -> None:
        truth = {c["tenantId"]: c for c in (await truth_of(microsoft))["customers"]}
        kinds: set[str] = set()
        statuses: set[str] = set()
        for row in await all_tenants(synced):
            tenant = await _tenant(synced, row["tenant_id"])
            listed = {r["id"]: r for r in truth[row["tenant_id"]]["relationships"]}
            shown = {r["id"]: r for r in tenant["relationships"]}
            assert set(shown) == set(listed)
            for rel_id, rel in shown.items():
                assert rel["status"] == listed[rel_id]["status"]
                mlt = rel["display_name"].startswith("MLT_")
                assert rel["usable"] is (rel["status"] == "active" and not mlt)
                assert (rel["kind"] == "microsoft_led") is mlt
                kinds.add(rel["kind"])
                statuses.add(rel["status"])
            # Usable ones come first.
            flags = [r["usable"] for r in tenant["relationships"]]
            assert flags == sorted(flags, reverse=True)
        assert kinds == {"ordinary", "default", "microsoft_led", "reseller"}
        assert statuses >= DOCUMENTED

    async def test_assignments_name_the_group_and_the_roles(self, synced: Actor) -> None:
        ready = next(t for t in await all_tenants(synced) if t["gdap_state"] == "ready")
        tenant = await _tenant(synced, ready["tenant_id"])
        assignments = [a for r in tenant["relationships"] if r["usable"] for a in r["assignments"]]
        assert assignments
        assert all(a["status"] == "active" for a in assignments)
        named = {a["group_name"] for a in assignments}
        assert named & {"GDAP Administrators", "GDAP Application Admins"}
        assert all(role and "-" not in role for a in assignments for role in a["roles"])

    async def test_a_group_the_account_is_not_in_is_named_too(
        self, synced: Actor, microsoft: httpx.AsyncClient
    ) -> None:
        truth = (await truth_of(microsoft))["customers"]
        customer = next(
            c
            for c in truth
            if any(r["assignedGroups"] == ["GDAP Helpdesk Tier 1"] for r in c["relationships"])
        )
        tenant = await _tenant(synced, customer["tenantId"])
        names = {a["group_name"] for r in tenant["relationships"] for a in r["assignments"]}
        assert "GDAP Helpdesk Tier 1" in names

    async def test_the_default_relationship_is_shown_without_assignments(
        self, synced: Actor, microsoft: httpx.AsyncClient
    ) -> None:
        truth = (await truth_of(microsoft))["customers"]
        customer = next(
            c
            for c in truth
            if any(r["displayName"].startswith("Default_") for r in c["relationships"])
        )
        tenant = await _tenant(synced, customer["tenantId"])
        default = next(r for r in tenant["relationships"] if r["kind"] == "default")
        assert default["usable"] is True
        assert "Directory Readers" in default["roles"]
        assert default["assignments"] == []


class TestReadiness:
    async def test_a_microsoft_led_relationship_never_makes_a_tenant_ready(
        self, synced: Actor, emulator: FastAPI, worker: Resources
    ) -> None:
        world = _world(emulator)
        customer = _helpdesk_customer(world)
        _add(world, customer, "MLT_0f0f0f0f-with-global-admin", [catalog.GLOBAL_ADMIN], "active")
        assert (await sync(synced, worker))["state"] == "succeeded"
        tenant = await _tenant(synced, customer.id)
        assert tenant["gdap_state"] == "missing"
        assert "Global Administrator" not in tenant["gdap_roles"]
        # The account does hold it through the MLT_ relationship: only readiness ignores it.
        assert "Global Administrator" in tenant["gdap_account_roles"]
        mlt = next(r for r in tenant["relationships"] if r["kind"] == "microsoft_led")
        assert mlt["usable"] is False
        assert mlt["status"] == "active"

    @pytest.mark.parametrize("status", ["expiring", "terminationRequested", "activating"])
    async def test_a_relationship_not_active_never_counts(
        self, synced: Actor, emulator: FastAPI, worker: Resources, status: str
    ) -> None:
        world = _world(emulator)
        customer = _helpdesk_customer(world)
        _add(world, customer, f"Admin_{status}", [catalog.GLOBAL_ADMIN], status)
        assert (await sync(synced, worker))["state"] == "succeeded"
        tenant = await _tenant(synced, customer.id)
        assert tenant["gdap_state"] == "missing"
        shown = next(r for r in tenant["relationships"] if r["status"] == status)
        assert shown["usable"] is False

    async def test_an_active_reseller_relationship_counts(
        self, synced: Actor, emulator: FastAPI, worker: Resources
    ) -> None:
        world = _world(emulator)
        customer = _helpdesk_customer(world)
        _add(world, customer, "Reseller_app_admin", [catalog.APP_ADMIN], "active", reseller=True)
        assert (await sync(synced, worker))["state"] == "succeeded"
        tenant = await _tenant(synced, customer.id)
        assert tenant["gdap_state"] == "ready"
        reseller = next(r for r in tenant["relationships"] if r["kind"] == "reseller")
        assert reseller["usable"] is True
        assert reseller["assignments"][0]["group_name"] == "GDAP Administrators"


class TestTenantOperations:
    async def test_lists_the_sync_with_the_tenants_outcome(self, synced: Actor) -> None:
        tenant_id = (await all_tenants(synced))[0]["tenant_id"]
        response = await synced.get(f"/api/v1/tenants/{tenant_id}/operations")
        assert response.status_code == 200, response.text
        [item] = response.json()["items"]
        assert item["kind"] == "sync"
        assert item["operation_state"] == "succeeded"
        assert item["state"] == "succeeded"
        assert item["message"]

    async def test_newest_first_and_limited(self, synced: Actor, worker: Resources) -> None:
        assert (await sync(synced, worker))["state"] == "succeeded"
        tenant_id = (await all_tenants(synced))[0]["tenant_id"]
        both = (await synced.get(f"/api/v1/tenants/{tenant_id}/operations")).json()["items"]
        assert len(both) == 2
        assert both[0]["created_at"] >= both[1]["created_at"]
        one = await synced.get(f"/api/v1/tenants/{tenant_id}/operations", params={"limit": 1})
        assert [i["operation_id"] for i in one.json()["items"]] == [both[0]["operation_id"]]

    async def test_another_organization_gets_404(self, world: Portal, synced: Actor) -> None:
        tenant_id = (await all_tenants(synced))[0]["tenant_id"]
        stranger = await world.admin("Fabrikam MSP")
        for url in (f"/api/v1/tenants/{tenant_id}", f"/api/v1/tenants/{tenant_id}/operations"):
            response = await stranger.get(url)
            assert response.status_code == 404, url
            assert response.json()["code"] == "tenant_not_found"

    async def test_a_guest_sees_only_assigned_tenants(self, world: Portal, synced: Actor) -> None:
        guest = await world.as_role(synced, Role.external_guest)
        first, second = [t["tenant_id"] for t in (await all_tenants(synced))[:2]]
        assigned = await synced.patch(
            f"/api/v1/members/{guest.member_id}", json={"tenant_ids": [first]}
        )
        assert assigned.status_code == 200, assigned.text
        assert (await guest.get(f"/api/v1/tenants/{first}/operations")).status_code == 200
        assert (await guest.get(f"/api/v1/tenants/{second}/operations")).status_code == 404

    async def test_billing_may_not_read_them(self, world: Portal, synced: Actor) -> None:
        tenant_id = (await all_tenants(synced))[0]["tenant_id"]
        billing = await world.as_role(synced, Role.billing)
        assert (await billing.get(f"/api/v1/tenants/{tenant_id}/operations")).status_code == 403


class TestClassify:
    @pytest.mark.parametrize(
        ("name", "odata_type", "kind"),
        [
            ("Contoso admin", "#microsoft.graph.delegatedAdminRelationship", "ordinary"),
            ("Contoso admin", None, "ordinary"),
            ("MLT_5d027261", "#microsoft.graph.delegatedAdminRelationship", "microsoft_led"),
            ("Default_Contoso_Fabrikam", None, "default"),
            ("default_contoso", None, "default"),
            ("MLT_x", "#microsoft.graph.resellerDelegatedAdminRelationship", "reseller"),
            ("Contoso", "#microsoft.graph.resellerDelegatedAdminRelationship", "reseller"),
        ],
    )
    def test_the_type_wins_over_the_name(
        self, name: str, odata_type: str | None, kind: str
    ) -> None:
        assert classify(name, odata_type) == RelationshipKind(kind)

    @pytest.mark.parametrize("status", sorted(DOCUMENTED | {"terminated", "unknownFutureValue"}))
    def test_only_active_non_microsoft_led_relationships_are_usable(self, status: str) -> None:
        for kind in RelationshipKind:
            expected = status == "active" and kind is not RelationshipKind.microsoft_led
            assert usable(status, kind) is expected
