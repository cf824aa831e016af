"""GDAP access reaches a person only through access assignments to their (nested) groups.

Written from Graph's documentation: `GET /me/transitiveMemberOf` lists groups (nested ones too)
and directory roles; a relationship's `accessAssignments` map a partner security group to roles.
"""

from __future__ import annotations

from typing import Any

import pytest

from emulator import catalog
from tests.emulator.conftest import Emu

RELS = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships"


@pytest.fixture
async def graph(emu: Emu, partner_rt: str) -> dict[str, str]:
    return await emu.bearer(partner_rt)


def _customer_with(truth: dict[str, Any], *groups: str) -> dict[str, Any]:
    return next(
        c
        for c in truth["customers"]
        if any(
            r["status"] == "active" and r["assignedGroups"] == list(groups)
            for r in c["relationships"]
        )
    )


class TestTransitiveMemberOf:
    async def test_lists_nested_groups_and_directory_roles(
        self, emu: Emu, graph: dict[str, str]
    ) -> None:
        resp = await emu.client.get("/graph/v1.0/me/transitiveMemberOf", headers=graph)
        assert resp.status_code == 200, resp.text
        items = resp.json()["value"]
        groups = {i["displayName"] for i in items if i["@odata.type"] == "#microsoft.graph.group"}
        assert groups == {"AdminAgents", "GDAP Administrators", "GDAP Application Admins"}
        roles = [i for i in items if i["@odata.type"] == "#microsoft.graph.directoryRole"]
        assert [r["roleTemplateId"] for r in roles] == [catalog.GLOBAL_ADMIN]
        cast = await emu.client.get(
            "/graph/v1.0/me/transitiveMemberOf/microsoft.graph.group", headers=graph
        )
        assert {i["displayName"] for i in cast.json()["value"]} == groups

    async def test_page_size_limits(self, emu: Emu, graph: dict[str, str]) -> None:
        url = "/graph/v1.0/me/transitiveMemberOf"
        first = (await emu.client.get(f"{url}?$top=1", headers=graph)).json()
        assert len(first["value"]) == 1
        assert "@odata.nextLink" in first
        refused = await emu.client.get(f"{url}?$top=1000", headers=graph)
        assert refused.status_code == 400


class TestAssignments:
    async def test_a_role_assigned_to_another_group_gives_no_access(
        self, emu: Emu, graph: dict[str, str], partner_rt: str
    ) -> None:
        truth = await emu.truth()
        other = _customer_with(truth, "GDAP Helpdesk Tier 1")
        rel = next(r for r in other["relationships"] if r["status"] == "active")
        assert catalog.GLOBAL_ADMIN in rel["roles"]
        assert other["adminCoveredRoles"] == []
        listed = await emu.client.get(f"{RELS}/{rel['id']}/accessAssignments", headers=graph)
        assignment = listed.json()["value"][0]
        group_id = assignment["accessContainer"]["accessContainerId"]
        group = await emu.client.get(
            f"/graph/v1.0/groups/{group_id}?$select=id,displayName", headers=graph
        )
        assert group.json()["displayName"] == "GDAP Helpdesk Tier 1"
        token = await emu.refresh(partner_rt, tenant=other["tenantId"])
        assert token.json()["error_codes"] == [50020]

    async def test_a_nested_group_carries_its_roles_to_the_account(
        self, emu: Emu, partner_rt: str
    ) -> None:
        nested = _customer_with(await emu.truth(), "GDAP Application Admins")
        assert catalog.CLOUD_APP_ADMIN in nested["adminCoveredRoles"]
        token = (await emu.refresh(partner_rt, tenant=nested["tenantId"])).json()
        # Past the GDAP check: at most the app's consent is missing there.
        assert token.get("error_codes", [90099]) == [90099]
