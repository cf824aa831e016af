"""GraphClient against the emulator: GDAP paging and lifecycle, customer-tenant directory calls."""

from __future__ import annotations

import math
from typing import Any

import pytest

from api.microsoft import BatchRequest, GraphClient
from api.microsoft.errors import RequestError
from tests.microsoft.conftest import CONSENT_CAPABLE, Emulator, customers, make_emulator

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
EXCHANGE_ADMIN = "29232cdf-9323-42fd-ade2-1d097af3e4de"
USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1"
GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"
LIST_PATH = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships"


def ready_customer(truth: dict[str, Any]) -> dict[str, Any]:
    return next(
        c
        for c in customers(truth, appConsented=True)
        if set(c["adminCoveredRoles"]) & CONSENT_CAPABLE
    )


class TestRelationships:
    async def test_follows_every_page_of_a_large_estate(self) -> None:
        emu = await make_emulator(scenario="generated", size=700, seed=3)
        async with emu.http:
            truth = await emu.truth()
            graph, _, _ = await emu.clients()
            await emu.control("DELETE", "/counters")
            seen = [rel async for rel in graph.relationships()]
            expected = {
                r["id"]
                for c in truth["customers"]
                for r in c["relationships"]
                if r["status"] == "active"
            } | {r["id"] for r in truth["relationshipsWithoutCustomer"] if r["status"] == "active"}
            assert len(expected) > 600
            assert len(seen) == len({r.id for r in seen})
            assert {r.id for r in seen} == expected
            assert all(r.status == "active" for r in seen)
            pages = await emu.calls(method="GET", path=LIST_PATH)
            assert pages == math.ceil(len(expected) / 300)
            everything = [rel async for rel in graph.relationships(status=None, page_size=250)]
            total = sum(len(c["relationships"]) for c in truth["customers"])
            assert len(everything) == total + len(truth["relationshipsWithoutCustomer"])

    async def test_models_are_typed(self, emu: Emulator) -> None:
        graph, _, _ = await emu.clients()
        rel = await anext(aiter(graph.relationships(page_size=5)))
        assert rel.customer is not None
        assert rel.customer.tenant_id
        assert rel.access_details.role_ids
        assert rel.etag
        assert rel.end_date_time
        assert rel.duration
        assert rel.auto_extend_duration in ("PT0S", "P180D")

    async def test_top_above_300_is_rejected_client_side(self, emu: Emulator) -> None:
        graph, _, _ = await emu.clients()
        with pytest.raises(ValueError, match="300"):
            await anext(aiter(graph.relationships(page_size=301)))

    async def test_non_admin_agent_is_denied_with_gdap_root_cause(self, emu: Emulator) -> None:
        provider, _ = await emu.provider(emu.portal.non_agent_username)
        graph = GraphClient(emu.http, emu.endpoints, provider, policy=emu.policy)
        with pytest.raises(RequestError) as caught:
            await anext(aiter(graph.relationships()))
        assert caught.value.status == 403
        assert caught.value.code == "Authorization_RequestDenied"
        assert caught.value.root_cause.label == "gdap_role_missing"
        assert caught.value.request_id

    async def test_request_lock_approve_assign_terminate(self, emu: Emulator) -> None:
        truth = await emu.truth()
        graph, _, _ = await emu.clients()
        customer = truth["customers"][0]
        rel = await graph.create_relationship(
            display_name="Petra_test_1",
            customer_tenant_id=customer["tenantId"],
            role_ids=[EXCHANGE_ADMIN, USER_ADMIN],
            duration="P730D",
            auto_extend_duration="P180D",
        )
        assert rel.status == "created"
        request = await graph.lock_for_approval(rel.id)
        assert request.action == "lockForApproval"
        assert (await graph.get_relationship(rel.id)).status == "approvalPending"
        await emu.control("POST", f"/relationships/{rel.id}/approve", json={})
        assert (await graph.get_relationship(rel.id)).status == "active"
        # The control API has no group listing; the partner's groups are read from its state.
        groups = emu.app.state.emulator.world.partner.groups
        gdap_group = next(g.id for g in groups.values() if g.display_name == "GDAP Administrators")
        assignment = await graph.create_access_assignment(
            rel.id, group_id=gdap_group, role_ids=[USER_ADMIN]
        )
        assert assignment.access_container.access_container_id == gdap_group
        listed = await graph.access_assignments(rel.id)
        assert [a.id for a in listed] == [assignment.id]
        await graph.terminate(rel.id)
        assert (await graph.get_relationship(rel.id)).status == "terminated"


class TestCustomerTenant:
    async def test_counts_and_organization(self, emu: Emulator) -> None:
        truth = await emu.truth()
        graph, _, _ = await emu.clients()
        customer = ready_customer(truth)
        tenant = customer["tenantId"]
        assert await graph.user_count(tenant) == customer["userCount"]
        org = await graph.organization(tenant)
        assert org.id == tenant
        assert org.default_domain == customer["domain"]

    async def test_service_principals_and_app_roles(self, emu: Emulator) -> None:
        truth = await emu.truth()
        graph, _, _ = await emu.clients()
        tenant = ready_customer(truth)["tenantId"]
        graph_sp = await graph.service_principal(tenant, GRAPH_APP_ID)
        ours = await graph.service_principal(tenant, emu.portal.client_id)
        assert graph_sp is not None
        assert ours is not None
        assert await graph.service_principal(tenant, "11111111-2222-3333-4444-555555555555") is None
        role_id = graph_sp.app_role_id("User.Read.All")
        assert role_id
        assert await graph.app_role_assignments(tenant, ours.id) == []
        created = await graph.grant_app_role(
            tenant, resource_sp_id=graph_sp.id, principal_id=ours.id, app_role_id=role_id
        )
        assert created is not None
        assert created.app_role_id == role_id
        again = await graph.grant_app_role(
            tenant, resource_sp_id=graph_sp.id, principal_id=ours.id, app_role_id=role_id
        )
        assert again is None
        assigned = await graph.app_role_assignments(tenant, ours.id)
        assert [a.app_role_id for a in assigned] == [role_id]
        grants = await graph.oauth2_permission_grants(tenant, ours.id)
        assert grants
        assert "Directory.ReadWrite.All" in grants[0].scopes

    async def test_missing_resource_sp_is_created(self, emu: Emulator) -> None:
        truth = await emu.truth()
        graph, _, _ = await emu.clients()
        tenant = ready_customer(truth)["tenantId"]
        office = "c5393580-f805-4401-95e8-94b7a6ef2fc2"
        if await graph.service_principal(tenant, office) is None:
            created = await graph.create_service_principal(tenant, office)
            assert created.app_id == office
        assert await graph.service_principal(tenant, office) is not None

    async def test_batch_with_dependency(self, emu: Emulator) -> None:
        truth = await emu.truth()
        graph, _, _ = await emu.clients()
        customer = ready_customer(truth)
        requests = [
            BatchRequest(id="count", url="/users/$count", headers={"ConsistencyLevel": "eventual"}),
            BatchRequest(id="org", url="/organization"),
            BatchRequest(id="sp", url="/servicePrincipals?$filter=appId eq '" + GRAPH_APP_ID + "'"),
            BatchRequest(id="after", url="/domains", depends_on=["org"]),
        ]
        responses = await graph.batch(customer["tenantId"], requests)
        assert [r.id for r in responses] == ["count", "org", "sp", "after"]
        assert all(r.ok for r in responses)
        assert str(responses[0].body) == str(customer["userCount"])

    async def test_duplicate_batch_ids_are_refused(self, emu: Emulator) -> None:
        graph, _, _ = await emu.clients()
        with pytest.raises(ValueError, match="unique"):
            await graph.batch("x", [BatchRequest(id="1", url="/a"), BatchRequest(id="1", url="/b")])
