"""Graph GDAP conformance: paging, filters, create rules, lifecycle and approval."""

from __future__ import annotations

from typing import Any

import pytest

from emulator import catalog
from emulator.browser import approve_relationship
from tests.emulator.conftest import Emu

RELS = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships"


async def list_all(emu: Emu, headers: dict[str, str], url: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        resp = await emu.client.get(next_url, headers=headers)
        assert resp.status_code == 200, resp.text
        body = resp.json()
        items += body["value"]
        next_url = body.get("@odata.nextLink")
        if next_url:
            assert next_url.startswith("http://127.0.0.1:8765/graph/v1.0/")
    return items


async def fresh_graph(emu: Emu) -> dict[str, str]:
    """A new sign-in: after moving the clock, earlier access and refresh tokens have expired."""
    return await emu.bearer((await emu.sign_in_tokens())["refresh_token"])


@pytest.fixture
async def graph(emu: Emu, partner_rt: str) -> dict[str, str]:
    return await emu.bearer(partner_rt)


def new_rel(name: str = "Petra request", **extra: Any) -> dict[str, Any]:
    return {
        "displayName": name,
        "duration": "P730D",
        "customer": extra.pop("customer", None)
        or {"tenantId": "11111111-1111-1111-1111-111111111111"},
        "accessDetails": {"unifiedRoles": [{"roleDefinitionId": catalog.APP_ADMIN}]},
        **extra,
    }


class TestList:
    async def test_paging_with_top_reaches_every_relationship(
        self, emu: Emu, graph: dict[str, str]
    ) -> None:
        truth = await emu.truth()
        expected = {r["id"] for c in truth["customers"] for r in c["relationships"]}
        items = await list_all(emu, graph, f"{RELS}?$top=7")
        assert {i["id"] for i in items} == expected
        assert all(i["@odata.etag"] for i in items)

    async def test_filter_active_with_select(self, emu: Emu, graph: dict[str, str]) -> None:
        truth = await emu.truth()
        expected = {
            r["id"]
            for c in truth["customers"]
            for r in c["relationships"]
            if r["status"] == "active"
        }
        url = f"{RELS}?$filter=status eq 'active'&$select=id,customer,endDateTime,status&$top=10"
        items = await list_all(emu, graph, url)
        assert {i["id"] for i in items} == expected
        assert "accessDetails" not in items[0]
        assert {"customer", "endDateTime"} <= set(items[0])

    async def test_filter_status_in(self, emu: Emu, graph: dict[str, str]) -> None:
        items = await list_all(emu, graph, f"{RELS}?$filter=status in ('expired','terminated')")
        assert items
        assert {i["status"] for i in items} <= {"expired", "terminated"}

    async def test_top_above_300_is_rejected(self, emu: Emu, graph: dict[str, str]) -> None:
        resp = await emu.client.get(f"{RELS}?$top=301", headers=graph)
        assert resp.status_code == 400
        assert set(resp.json()["error"]["innerError"]) >= {"request-id", "date"}

    async def test_mix_of_states(self, emu: Emu, graph: dict[str, str]) -> None:
        items = await list_all(emu, graph, RELS)
        statuses = {i["status"] for i in items}
        assert {"active", "approvalPending", "terminated", "expired"} <= statuses
        assert any(i["displayName"].startswith("MLT_") for i in items)
        assert {i["autoExtendDuration"] for i in items} >= {"PT0S", "P180D"}

    async def test_every_documented_status_and_shape_is_seeded(
        self, emu: Emu, graph: dict[str, str]
    ) -> None:
        items = await list_all(emu, graph, RELS)
        assert {i["status"] for i in items} >= {
            "created",
            "approvalPending",
            "approved",
            "activating",
            "active",
            "expiring",
            "expired",
            "terminationRequested",
            "terminating",
            "terminated",
        }
        assert any(i["displayName"].startswith("Default_") for i in items)
        resellers = [
            i
            for i in items
            if i["@odata.type"] == "#microsoft.graph.resellerDelegatedAdminRelationship"
        ]
        assert {r["status"] for r in resellers} == {"active", "approvalPending"}
        for reseller in resellers:
            assert reseller["indirectProviderTenantId"]
            assert reseller["isPartnerConsentPending"] is (reseller["status"] == "approvalPending")
        ordinary = [i for i in items if i not in resellers]
        assert {i["@odata.type"] for i in ordinary} == {
            "#microsoft.graph.delegatedAdminRelationship"
        }
        assert all("indirectProviderTenantId" not in i for i in ordinary)

    async def test_a_transitional_status_filters_like_any_other(
        self, emu: Emu, graph: dict[str, str]
    ) -> None:
        items = await list_all(emu, graph, f"{RELS}?$filter=status eq 'terminationRequested'")
        assert [i["status"] for i in items] == ["terminationRequested"]

    async def test_non_agent_user_is_denied(self, emu: Emu) -> None:
        tokens = await emu.sign_in_tokens(emu.portal.non_agent_username)
        headers = await emu.bearer(tokens["refresh_token"])
        resp = await emu.client.get(RELS, headers=headers)
        assert resp.status_code == 403
        assert resp.json()["error"]["code"] == "Authorization_RequestDenied"

    async def test_partner_center_token_is_refused_by_graph(
        self, emu: Emu, partner_rt: str
    ) -> None:
        headers = await emu.bearer(partner_rt, "https://api.partnercenter.microsoft.com/.default")
        resp = await emu.client.get(RELS, headers=headers)
        assert resp.status_code == 401
        assert resp.json()["error"]["code"] == "InvalidAuthenticationToken"

    async def test_delegated_admin_customers(self, emu: Emu, graph: dict[str, str]) -> None:
        body = (
            await emu.client.get(
                "/graph/v1.0/tenantRelationships/delegatedAdminCustomers?$top=300", headers=graph
            )
        ).json()
        assert len(body["value"]) == 40


class TestCreate:
    async def test_created_with_location(self, emu: Emu, graph: dict[str, str]) -> None:
        resp = await emu.client.post(RELS, json=new_rel(), headers=graph)
        assert resp.status_code == 201
        body = resp.json()
        assert body["status"] == "created"
        assert resp.headers["location"] == f"http://127.0.0.1:8765{RELS}/{body['id']}"

    @pytest.mark.parametrize(
        "body",
        [
            new_rel("x" * 51),
            new_rel(duration="P731D"),
            new_rel(duration="P0D"),
            new_rel(
                accessDetails={
                    "unifiedRoles": [{"roleDefinitionId": "dd4db9a0-cc4a-4213-9f9f-70242232d97e"}]
                }
            ),
            new_rel(
                accessDetails={"unifiedRoles": [{"roleDefinitionId": catalog.GLOBAL_ADMIN}]},
                autoExtendDuration="P180D",
            ),
        ],
    )
    async def test_invalid_bodies(
        self, emu: Emu, graph: dict[str, str], body: dict[str, Any]
    ) -> None:
        resp = await emu.client.post(RELS, json=body, headers=graph)
        assert resp.status_code == 400, resp.text
        assert resp.json()["error"]["code"]

    async def test_display_name_is_unique(self, emu: Emu, graph: dict[str, str]) -> None:
        assert (await emu.client.post(RELS, json=new_rel("dup"), headers=graph)).status_code == 201
        assert (await emu.client.post(RELS, json=new_rel("DUP"), headers=graph)).status_code == 400

    async def test_patch_needs_matching_etag(self, emu: Emu, graph: dict[str, str]) -> None:
        rel = (await emu.client.post(RELS, json=new_rel(), headers=graph)).json()
        url = f"{RELS}/{rel['id']}"
        assert (
            await emu.client.patch(url, json={"duration": "P90D"}, headers=graph)
        ).status_code == 400
        stale = {**graph, "If-Match": 'W/"0"'}
        assert (
            await emu.client.patch(url, json={"duration": "P90D"}, headers=stale)
        ).status_code == 412
        ok = await emu.client.patch(
            url, json={"duration": "P90D"}, headers={**graph, "If-Match": rel["@odata.etag"]}
        )
        assert ok.status_code == 200
        assert ok.json()["duration"] == "P90D"


class TestLifecycle:
    async def _locked(
        self, emu: Emu, graph: dict[str, str], customer: dict[str, Any]
    ) -> dict[str, Any]:
        body = new_rel(
            customer={"tenantId": customer["tenantId"], "displayName": customer["displayName"]}
        )
        rel = (await emu.client.post(RELS, json=body, headers=graph)).json()
        resp = await emu.client.post(
            f"{RELS}/{rel['id']}/requests", json={"action": "lockForApproval"}, headers=graph
        )
        assert resp.status_code == 201
        assert resp.json()["action"] == "lockForApproval"
        return dict(rel)

    async def test_approval_page_activates_and_assignment_covers(
        self, emu: Emu, graph: dict[str, str], partner_rt: str
    ) -> None:
        customer = next(c for c in (await emu.truth())["customers"] if not c["adminCoveredRoles"])
        rel = await self._locked(emu, graph, customer)
        got = (await emu.client.get(f"{RELS}/{rel['id']}", headers=graph)).json()
        assert got["status"] == "approvalPending"
        link = f"http://127.0.0.1:8765/admin/AdminPortal/Home/partners/invitation/granularAdminRelationships/{rel['id']}"
        page = await emu.client.get(link)
        assert page.status_code == 200
        assert "Application Administrator" in page.text
        said = await approve_relationship(emu.client, link, customer["adminUsername"])
        assert "activating" in said
        got = (await emu.client.get(f"{RELS}/{rel['id']}", headers=graph)).json()
        assert got["status"] == "activating"
        assert got["endDateTime"] is None
        await emu.client.post("/_emulator/clock/advance", json={"seconds": 5})
        got = (await emu.client.get(f"{RELS}/{rel['id']}", headers=graph)).json()
        assert got["status"] == "active"
        assert got["endDateTime"]
        groups = await emu.client.post(
            f"{RELS}/{rel['id']}/accessAssignments",
            json={
                "accessContainer": {
                    "accessContainerId": "not-a-group",
                    "accessContainerType": "securityGroup",
                },
                "accessDetails": {"unifiedRoles": [{"roleDefinitionId": catalog.APP_ADMIN}]},
            },
            headers=graph,
        )
        assert groups.status_code == 400

    async def test_terminate_and_expiry_by_clock(self, emu: Emu, graph: dict[str, str]) -> None:
        truth = await emu.truth()
        active = [
            r for c in truth["customers"] for r in c["relationships"] if r["status"] == "active"
        ]
        first = active[0]
        resp = await emu.client.post(
            f"{RELS}/{first['id']}/requests", json={"action": "terminate"}, headers=graph
        )
        assert resp.status_code == 201
        assert (await emu.client.get(f"{RELS}/{first['id']}", headers=graph)).json()[
            "status"
        ] == "terminated"
        await emu.client.post("/_emulator/clock/advance", json={"seconds": 800 * 86400})
        graph = await fresh_graph(emu)
        items = await list_all(emu, graph, f"{RELS}?$top=300")
        still_active = [i for i in items if i["status"] == "active"]
        assert all(i["autoExtendDuration"] == "P180D" for i in still_active)
        assert any(i["status"] == "expired" for i in items)

    async def test_unapproved_request_expires_after_90_days(
        self, emu: Emu, graph: dict[str, str]
    ) -> None:
        customer = (await emu.truth())["customers"][0]
        rel = await self._locked(emu, graph, customer)
        await emu.client.post("/_emulator/clock/advance", json={"seconds": 91 * 86400})
        graph = await fresh_graph(emu)
        assert (await emu.client.get(f"{RELS}/{rel['id']}", headers=graph)).json()[
            "status"
        ] == "expired"

    async def test_auto_extend_keeps_relationship_active(
        self, emu: Emu, graph: dict[str, str]
    ) -> None:
        truth = await emu.truth()
        rel = next(
            r
            for c in truth["customers"]
            for r in c["relationships"]
            if r["status"] == "active" and r["autoExtendDuration"] == "P180D"
        )
        await emu.client.post("/_emulator/clock/advance", json={"seconds": 760 * 86400})
        graph = await fresh_graph(emu)
        got = (await emu.client.get(f"{RELS}/{rel['id']}", headers=graph)).json()
        assert got["status"] == "active"


class TestRequestJourney:
    """What a portal asking for GDAP meets: Microsoft's refusals, the customer's answer, and the
    assignment that turns active after a delay."""

    @pytest.mark.parametrize(
        "role_id", ["4ba39ca4-527c-499a-b93d-d9b492c50246", "d29b2b05-8046-44ba-8758-1e26182fcf32"]
    )
    async def test_a_role_gdap_cannot_delegate_is_refused(
        self, emu: Emu, graph: dict[str, str], role_id: str
    ) -> None:
        body = new_rel(accessDetails={"unifiedRoles": [{"roleDefinitionId": role_id}]})
        resp = await emu.client.post(RELS, json=body, headers=graph)
        assert resp.status_code == 400
        assert "not supported for delegated administration" in resp.json()["error"]["message"]

    async def test_declined_request_ends_terminated(self, emu: Emu, graph: dict[str, str]) -> None:
        customer = next(c for c in (await emu.truth())["customers"] if not c["adminCoveredRoles"])
        body = new_rel("Declined one", customer={"tenantId": customer["tenantId"]})
        rel = (await emu.client.post(RELS, json=body, headers=graph)).json()
        await emu.client.post(
            f"{RELS}/{rel['id']}/requests", json={"action": "lockForApproval"}, headers=graph
        )
        link = (await emu.client.get(f"/_emulator/relationships/{rel['id']}/approval-link")).json()
        said = await approve_relationship(
            emu.client, link["approvalLink"], customer["adminUsername"], approve=False
        )
        assert "terminated" in said
        got = (await emu.client.get(f"{RELS}/{rel['id']}", headers=graph)).json()
        assert got["status"] == "terminated"

    async def test_a_request_without_customer_binds_to_whoever_approves(
        self, emu: Emu, graph: dict[str, str]
    ) -> None:
        customer = (await emu.truth())["customers"][3]
        body = new_rel("Open invitation")
        body.pop("customer")
        rel = (await emu.client.post(RELS, json=body, headers=graph)).json()
        assert rel["customer"] is None
        await emu.client.post(
            f"{RELS}/{rel['id']}/requests", json={"action": "lockForApproval"}, headers=graph
        )
        link = (await emu.client.get(f"/_emulator/relationships/{rel['id']}/approval-link")).json()
        await approve_relationship(emu.client, link["approvalLink"], customer["adminUsername"])
        got = (await emu.client.get(f"{RELS}/{rel['id']}", headers=graph)).json()
        assert got["customer"]["tenantId"] == customer["tenantId"]

    async def test_group_created_member_added_assignment_pending_then_active(
        self, emu: Emu, graph: dict[str, str]
    ) -> None:
        created = await emu.client.post(
            "/graph/v1.0/groups",
            json={
                "displayName": "Petra GDAP access",
                "mailEnabled": False,
                "mailNickname": "petra-gdap",
                "securityEnabled": True,
            },
            headers=graph,
        )
        assert created.status_code == 201, created.text
        group_id = created.json()["id"]
        found = await emu.client.get(
            "/graph/v1.0/groups?$filter=displayName eq 'Petra GDAP access'", headers=graph
        )
        assert [g["id"] for g in found.json()["value"]] == [group_id]
        me = (await emu.client.get("/graph/v1.0/me", headers=graph)).json()
        ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{me['id']}"}
        added = await emu.client.post(
            f"/graph/v1.0/groups/{group_id}/members/$ref", json=ref, headers=graph
        )
        assert added.status_code == 204
        again = await emu.client.post(
            f"/graph/v1.0/groups/{group_id}/members/$ref", json=ref, headers=graph
        )
        assert again.status_code == 400

        customer = next(c for c in (await emu.truth())["customers"] if not c["adminCoveredRoles"])
        body = new_rel("Assigned later", customer={"tenantId": customer["tenantId"]})
        rel = (await emu.client.post(RELS, json=body, headers=graph)).json()
        await emu.client.post(
            f"{RELS}/{rel['id']}/requests", json={"action": "lockForApproval"}, headers=graph
        )
        await emu.client.post(f"/_emulator/relationships/{rel['id']}/approve", json={})
        assignment = await emu.client.post(
            f"{RELS}/{rel['id']}/accessAssignments",
            json={
                "accessContainer": {
                    "accessContainerId": group_id,
                    "accessContainerType": "securityGroup",
                },
                "accessDetails": {"unifiedRoles": [{"roleDefinitionId": catalog.APP_ADMIN}]},
            },
            headers=graph,
        )
        assert assignment.status_code == 201
        assert assignment.json()["status"] == "pending"
        url = f"{RELS}/{rel['id']}/accessAssignments/{assignment.json()['id']}"
        assert (await emu.client.get(url, headers=graph)).json()["status"] == "pending"
        await emu.client.post("/_emulator/clock/advance", json={"seconds": 5})
        assert (await emu.client.get(url, headers=graph)).json()["status"] == "active"
        truth = await emu.truth()
        covered = next(c for c in truth["customers"] if c["tenantId"] == customer["tenantId"])
        assert catalog.APP_ADMIN in covered["adminCoveredRoles"]
