"""Graph in a customer tenant: directory reads, service principals, grants, access rules."""

from __future__ import annotations

from typing import Any

import pytest

from emulator import catalog
from tests.emulator.conftest import Emu, customers

G = "/graph/v1.0"
Customer = tuple[dict[str, str], dict[str, Any]]


@pytest.fixture
async def customer(emu: Emu, partner_rt: str) -> Customer:
    tenant = customers(await emu.truth(), consented=True, covered=catalog.CONSENT_CAPABLE_ROLES)[0]
    return await emu.bearer(partner_rt, tenant=str(tenant["tenantId"])), tenant


class TestDirectory:
    async def test_users_count_needs_consistency_level(self, emu: Emu, customer: Customer) -> None:
        headers, tenant = customer
        resp = await emu.client.get(f"{G}/users/$count", headers=headers)
        assert resp.status_code == 400
        assert resp.json()["error"]["code"] == "Request_BadRequest"
        assert resp.headers["request-id"]
        assert resp.headers["client-request-id"]
        resp = await emu.client.get(
            f"{G}/users/$count", headers={**headers, "ConsistencyLevel": "eventual"}
        )
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/plain")
        assert int(resp.text) == tenant["userCount"]

    async def test_organization_and_domains(self, emu: Emu, customer: Customer) -> None:
        headers, tenant = customer
        org = (await emu.client.get(f"{G}/organization", headers=headers)).json()["value"]
        assert len(org) == 1
        assert org[0]["id"] == tenant["tenantId"]
        domains = (await emu.client.get(f"{G}/domains", headers=headers)).json()["value"]
        assert any(d["isInitial"] and d["id"] == tenant["domain"] for d in domains)

    async def test_client_request_id_is_echoed(self, emu: Emu, customer: Customer) -> None:
        headers, _ = customer
        resp = await emu.client.get(
            f"{G}/organization", headers={**headers, "client-request-id": "abc-1"}
        )
        assert resp.headers["client-request-id"] == "abc-1"

    async def test_gdap_role_assignments_visible(self, emu: Emu, customer: Customer) -> None:
        headers, _ = customer
        url = f"{G}/roleManagement/directory/roleAssignments?$expand=principal"
        items = (await emu.client.get(url, headers=headers)).json()["value"]
        partner = (await emu.truth())["partner"]["tenantId"]
        assert any(i["principal"].get("organizationId") == partner for i in items)

    async def test_directory_role_needs_privileged_role_admin(
        self, emu: Emu, customer: Customer
    ) -> None:
        headers, _ = customer
        resp = await emu.client.post(
            f"{G}/roleManagement/directory/roleAssignments",
            json={
                "principalId": "x",
                "roleDefinitionId": catalog.EXCHANGE_ADMIN,
                "directoryScopeId": "/",
            },
            headers=headers,
        )
        assert resp.status_code in (403, 404)


class TestServicePrincipals:
    async def test_filter_and_key_addressing(self, emu: Emu, customer: Customer) -> None:
        headers, _ = customer
        url = (
            f"{G}/servicePrincipals?$filter=appId eq '{catalog.GRAPH_APP_ID}'"
            "&$select=id,appId,appRoles"
        )
        value = (await emu.client.get(url, headers=headers)).json()["value"]
        assert len(value) == 1
        assert value[0]["appRoles"]
        by_key = await emu.client.get(
            f"{G}/servicePrincipals(appId='{catalog.GRAPH_APP_ID}')", headers=headers
        )
        assert by_key.json()["id"] == value[0]["id"]
        assert by_key.json()["oauth2PermissionScopes"]

    async def test_create_existing_is_conflict(self, emu: Emu, customer: Customer) -> None:
        headers, _ = customer
        resp = await emu.client.post(
            f"{G}/servicePrincipals", json={"appId": catalog.EXCHANGE_APP_ID}, headers=headers
        )
        assert resp.status_code == 409

    async def test_app_role_assignment_and_duplicate(self, emu: Emu, customer: Customer) -> None:
        headers, _ = customer
        graph_sp = (
            await emu.client.get(
                f"{G}/servicePrincipals(appId='{catalog.GRAPH_APP_ID}')", headers=headers
            )
        ).json()
        ours = (
            await emu.client.get(
                f"{G}/servicePrincipals(appId='{emu.portal.client_id}')", headers=headers
            )
        ).json()
        role = next(r for r in graph_sp["appRoles"] if r["value"] == "AuditLog.Read.All")
        body = {"principalId": ours["id"], "resourceId": graph_sp["id"], "appRoleId": role["id"]}
        url = f"{G}/servicePrincipals/{graph_sp['id']}/appRoleAssignedTo"
        first = await emu.client.post(url, json=body, headers=headers)
        assert first.status_code == 201, first.text
        assert first.json()["principalType"] == "ServicePrincipal"
        dup = await emu.client.post(
            f"{G}/servicePrincipals/{ours['id']}/appRoleAssignments", json=body, headers=headers
        )
        assert dup.status_code == 400
        assert (
            dup.json()["error"]["message"]
            == "Permission being assigned already exists on the object."
        )
        listed = (
            await emu.client.get(
                f"{G}/servicePrincipals/{ours['id']}/appRoleAssignments", headers=headers
            )
        ).json()
        assert [a["appRoleId"] for a in listed["value"]] == [role["id"]]

    async def test_app_only_token_after_role_grant(self, emu: Emu, customer: Customer) -> None:
        headers, tenant = customer
        graph_sp = (
            await emu.client.get(
                f"{G}/servicePrincipals(appId='{catalog.GRAPH_APP_ID}')", headers=headers
            )
        ).json()
        ours = (
            await emu.client.get(
                f"{G}/servicePrincipals(appId='{emu.portal.client_id}')", headers=headers
            )
        ).json()
        role = next(r for r in graph_sp["appRoles"] if r["value"] == "Organization.Read.All")
        body = {"principalId": ours["id"], "resourceId": graph_sp["id"], "appRoleId": role["id"]}
        await emu.client.post(
            f"{G}/servicePrincipals/{graph_sp['id']}/appRoleAssignedTo", json=body, headers=headers
        )
        resp = await emu.token(
            str(tenant["tenantId"]),
            grant_type="client_credentials",
            scope="https://graph.microsoft.com/.default",
        )
        app_headers = {"Authorization": f"Bearer {resp.json()['access_token']}"}
        assert (await emu.client.get(f"{G}/organization", headers=app_headers)).status_code == 200
        assert (await emu.client.get(f"{G}/domains", headers=app_headers)).status_code == 403


class TestGrants:
    async def test_patch_extends_scope(self, emu: Emu, customer: Customer) -> None:
        headers, _ = customer
        grants = (await emu.client.get(f"{G}/oauth2PermissionGrants", headers=headers)).json()[
            "value"
        ]
        grant = grants[0]
        scope = grant["scope"] + " RoleManagement.ReadWrite.Directory"
        resp = await emu.client.patch(
            f"{G}/oauth2PermissionGrants/{grant['id']}", json={"scope": scope}, headers=headers
        )
        assert resp.status_code == 204
        got = (
            await emu.client.get(f"{G}/oauth2PermissionGrants/{grant['id']}", headers=headers)
        ).json()
        assert got["scope"] == scope

    async def test_duplicate_grant_is_rejected(self, emu: Emu, customer: Customer) -> None:
        headers, _ = customer
        grant = (await emu.client.get(f"{G}/oauth2PermissionGrants", headers=headers)).json()[
            "value"
        ][0]
        body = {k: grant[k] for k in ("clientId", "resourceId", "consentType", "scope")}
        resp = await emu.client.post(f"{G}/oauth2PermissionGrants", json=body, headers=headers)
        assert resp.status_code == 409


class TestAccessRules:
    async def test_read_only_roles_cannot_create_service_principals(
        self, emu: Emu, partner_rt: str
    ) -> None:
        truth = await emu.truth()
        tenant = next(
            c
            for c in truth["customers"]
            if c["adminCoveredRoles"]
            and not set(c["adminCoveredRoles"]) & catalog.CONSENT_CAPABLE_ROLES
        )
        await emu.client.put("/_emulator/settings", json={"propagation_delay_seconds": 0})
        app = emu.app.state.emulator
        world = app.world
        world.consent(
            world.tenants[tenant["tenantId"]],
            world.apps[emu.portal.client_id],
            {catalog.GRAPH_APP_ID: ["Directory.ReadWrite.All", "Application.ReadWrite.All"]},
            app.now(),
        )
        headers = await emu.bearer(partner_rt, tenant=tenant["tenantId"])
        resp = await emu.client.post(
            f"{G}/servicePrincipals",
            json={"appId": catalog.O365_MANAGEMENT_APP_ID},
            headers=headers,
        )
        assert resp.status_code == 403
        assert resp.json()["error"] == {
            **resp.json()["error"],
            "code": "Authorization_RequestDenied",
            "message": "Insufficient privileges to complete the operation.",
        }

    async def test_partner_token_cannot_read_customer_data_via_partner_tenant(
        self, emu: Emu, partner_rt: str
    ) -> None:
        headers = await emu.bearer(partner_rt)
        org = (await emu.client.get(f"{G}/organization", headers=headers)).json()["value"][0]
        assert org["id"] == emu.portal.partner_tenant_id

    async def test_customer_token_cannot_list_gdap(self, emu: Emu, customer: Customer) -> None:
        headers, _ = customer
        resp = await emu.client.get(
            f"{G}/tenantRelationships/delegatedAdminRelationships", headers=headers
        )
        assert resp.status_code == 403

    async def test_expired_token_is_401(self, emu: Emu, customer: Customer) -> None:
        headers, _ = customer
        await emu.client.post("/_emulator/clock/advance", json={"seconds": 3600})
        resp = await emu.client.get(f"{G}/organization", headers=headers)
        assert resp.status_code == 401
        assert resp.json()["error"]["code"] == "InvalidAuthenticationToken"

    async def test_terminated_relationship_removes_access(
        self, emu: Emu, partner_rt: str, customer: Customer
    ) -> None:
        _, tenant = customer
        for rel in tenant["relationships"]:
            if rel["status"] == "active":
                await emu.client.post(f"/_emulator/relationships/{rel['id']}/terminate")
        assert (await emu.refresh(partner_rt, tenant=str(tenant["tenantId"]))).json()[
            "error_codes"
        ] == [50020]
