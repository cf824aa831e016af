"""What onboarding meets in a client tenant, as the emulator plays it: tenants without a
Microsoft API's service principal, and the view of an app a client's admin would have."""

from __future__ import annotations

from typing import Any

import pytest

from emulator import catalog
from tests.emulator.conftest import PC_SCOPE, Emu, customers

MANAGEMENT = catalog.O365_MANAGEMENT_APP_ID


@pytest.fixture
async def pc(emu: Emu, partner_rt: str) -> dict[str, str]:
    return await emu.bearer(partner_rt, PC_SCOPE)


def _lacking_management(truth: dict[str, Any], *, consented: bool) -> dict[str, Any]:
    return next(
        c
        for c in customers(
            truth, consented=consented, covered={catalog.GLOBAL_ADMIN, catalog.APP_ADMIN}
        )
        if MANAGEMENT in c["absentApps"]
    )


def _consent(emu: Emu, resource: str, scope: str) -> dict[str, Any]:
    return {
        "applicationId": emu.portal.client_id,
        "applicationGrants": [{"enterpriseApplicationId": resource, "scope": scope}],
    }


class TestMissingResourceServicePrincipal:
    async def test_the_seed_leaves_some_tenants_without_the_management_apis(self, emu: Emu) -> None:
        truth = await emu.truth()
        lacking = [c for c in truth["customers"] if MANAGEMENT in c["absentApps"]]
        assert 0 < len(lacking) < len(truth["customers"])

    async def test_consent_for_an_api_the_tenant_lacks_names_it(
        self, emu: Emu, pc: dict[str, str]
    ) -> None:
        # learn.microsoft.com/partner-center/developer/gdap-and-secure-application-model:
        # "The app is trying to access a service ... that your organization ... lacks a
        # service principal for."
        tenant = _lacking_management(await emu.truth(), consented=False)
        url = f"/partnercenter/v1/customers/{tenant['tenantId']}/applicationconsents"
        body = _consent(emu, MANAGEMENT, "ActivityFeed.Read")
        resp = await emu.client.post(url, json=body, headers=pc)
        assert resp.status_code == 400
        assert "lacks a service principal for" in resp.json()["description"]
        assert MANAGEMENT in resp.json()["description"]

    async def test_creating_the_service_principal_makes_its_roles_assignable(
        self, emu: Emu, partner_rt: str
    ) -> None:
        # learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals: POST {appId}.
        tenant = _lacking_management(await emu.truth(), consented=True)
        headers = await emu.bearer(partner_rt, tenant=tenant["tenantId"])
        find = f"/graph/v1.0/servicePrincipals?$filter=appId eq '{MANAGEMENT}'"
        assert (await emu.client.get(find, headers=headers)).json()["value"] == []
        created = await emu.client.post(
            "/graph/v1.0/servicePrincipals", json={"appId": MANAGEMENT}, headers=headers
        )
        assert created.status_code == 201, created.text
        roles = {r["value"] for r in created.json()["appRoles"]}
        assert "ActivityFeed.Read" in roles
        found = (await emu.client.get(find, headers=headers)).json()["value"]
        assert [sp["id"] for sp in found] == [created.json()["id"]]


class TestAppView:
    async def test_the_view_shows_the_apps_grants_and_roles(
        self, emu: Emu, partner_rt: str
    ) -> None:
        tenant = customers(await emu.truth(), consented=True, covered={catalog.GLOBAL_ADMIN})[0]
        tid = tenant["tenantId"]
        view = (
            await emu.client.get(f"/_emulator/tenants/{tid}/apps/{emu.portal.client_id}")
        ).json()
        sp = view["servicePrincipal"]
        assert sp["appId"] == emu.portal.client_id
        assert [g["resourceAppId"] for g in view["grants"]] == [catalog.GRAPH_APP_ID]
        assert view["appRoles"] == view["directoryRoles"] == []

        headers = await emu.bearer(partner_rt, tenant=tid)
        assigned = await emu.client.post(
            "/graph/v1.0/roleManagement/directory/roleAssignments",
            json={
                "principalId": sp["id"],
                "roleDefinitionId": catalog.EXCHANGE_ADMIN,
                "directoryScopeId": "/",
            },
            headers=headers,
        )
        # The seeded consent lacks RoleManagement.ReadWrite.Directory: Graph refuses.
        assert assigned.status_code == 403
        view = (
            await emu.client.get(f"/_emulator/tenants/{tid}/apps/{emu.portal.client_id}")
        ).json()
        assert view["directoryRoles"] == []

    async def test_an_app_not_in_the_tenant_has_no_service_principal(self, emu: Emu) -> None:
        tenant = customers(await emu.truth(), consented=False)[0]
        view = await emu.client.get(
            f"/_emulator/tenants/{tenant['tenantId']}/apps/{emu.portal.client_id}"
        )
        assert view.json()["servicePrincipal"] is None
