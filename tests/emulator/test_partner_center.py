"""Partner Center conformance: customers paging, users, application consents and GDAP gating."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator import catalog
from emulator.partner_center import _user_json, users_page_json
from tests.emulator.conftest import PC_SCOPE, Emu, customers

GRANTS = [
    {
        "enterpriseApplicationId": catalog.GRAPH_APP_ID,
        "scope": (
            "DelegatedPermissionGrant.ReadWrite.All,Directory.ReadWrite.All,"
            "AppRoleAssignment.ReadWrite.All"
        ),
    }
]


@pytest.fixture
async def pc(emu: Emu, partner_rt: str) -> dict[str, str]:
    return await emu.bearer(partner_rt, PC_SCOPE)


def consent_body(emu: Emu) -> dict[str, Any]:
    return {
        "applicationId": emu.portal.client_id,
        "applicationGrants": GRANTS,
        "displayName": "Petra",
    }


def _next(body: dict[str, Any], auth: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The documented next link is relative to the API root and lacks /v1."""
    link = body["links"]["next"]
    assert link["uri"].startswith("/")
    assert not link["uri"].startswith("/v1/")
    return f"/partnercenter/v1{link['uri']}", {
        **auth,
        **{h["key"]: h["value"] for h in link["headers"]},
    }


class TestCustomers:
    async def test_paging_with_continuation_token(self, emu: Emu, pc: dict[str, str]) -> None:
        resp = await emu.client.get("/partnercenter/v1/customers?size=15", headers=pc)
        body = resp.json()
        seen = [i["id"] for i in body["items"]]
        while "next" in body["links"]:
            assert body["links"]["next"]["uri"].startswith("/customers?")
            url, headers = _next(body, pc)
            body = (await emu.client.get(url, headers=headers)).json()
            seen += [i["id"] for i in body["items"]]
        assert len(seen) == len(set(seen)) == 40

    async def test_size_is_required(self, emu: Emu, pc: dict[str, str]) -> None:
        resp = await emu.client.get("/partnercenter/v1/customers", headers=pc)
        assert resp.status_code == 400
        assert set(resp.json()) >= {"code", "description", "source"}

    async def test_graph_token_is_refused(self, emu: Emu, partner_rt: str) -> None:
        headers = await emu.bearer(partner_rt)
        assert (
            await emu.client.get("/partnercenter/v1/customers?size=5", headers=headers)
        ).status_code == 401


class TestUsers:
    async def test_user_count_needs_directory_role(self, emu: Emu, pc: dict[str, str]) -> None:
        truth = await emu.truth()
        ok = customers(truth, covered=catalog.USER_LIST_ROLES)[0]
        denied = next(
            c
            for c in truth["customers"]
            if c["adminCoveredRoles"] and not set(c["adminCoveredRoles"]) & catalog.USER_LIST_ROLES
        )
        resp = await emu.client.get(
            f"/partnercenter/v1/customers/{ok['tenantId']}/users?size=500", headers=pc
        )
        assert resp.status_code == 200
        resp = await emu.client.get(
            f"/partnercenter/v1/customers/{denied['tenantId']}/users", headers=pc
        )
        assert resp.status_code == 403

    async def test_total_count_is_the_page_not_the_collection(
        self, emu: Emu, pc: dict[str, str]
    ) -> None:
        # The documented examples answer size=2 with "totalCount": 2 and a next link: the count
        # is of the page returned. Counting a customer's users means paging through them.
        truth = await emu.truth()
        big = next(
            c for c in customers(truth, covered=catalog.USER_LIST_ROLES) if c["userCount"] > 5
        )
        url = f"/partnercenter/v1/customers/{big['tenantId']}/users?size=2"
        body = (await emu.client.get(url, headers=pc)).json()
        assert body["totalCount"] == len(body["items"]) == 2
        assert body["links"]["self"]["uri"] == f"/customers/{big['tenantId']}/users?size=2"
        counted = len(body["items"])
        while "next" in body["links"]:
            assert body["links"]["next"]["uri"].endswith("seekOperation=Next")
            url, headers = _next(body, pc)
            body = (await emu.client.get(url, headers=headers)).json()
            assert body["totalCount"] == len(body["items"])
            counted += len(body["items"])
        assert counted == big["userCount"]

    async def test_pages_hold_the_same_users_as_one_by_one(self, emu: Emu) -> None:
        # The page is written from a template for speed; it must say what _user_json says.
        world = emu.app.state.emulator.world
        tenant = next(t for t in world.tenants.values() if t.users and not t.is_partner)
        tenant.domain = 'odd"name\\é.example'
        seeded = len(tenant.users)
        for window in (range(0, seeded + 3), range(seeded, seeded + 2), range(0, 1)):
            expected = [_user_json(tenant, i) for i in window]
            assert json.loads(users_page_json(tenant, window)) == expected

    async def test_next_page_without_or_with_a_bad_token_is_refused(
        self, emu: Emu, pc: dict[str, str]
    ) -> None:
        truth = await emu.truth()
        tenants = [c["tenantId"] for c in customers(truth, covered=catalog.USER_LIST_ROLES)]
        url = f"/partnercenter/v1/customers/{tenants[0]}/users?size=1&seekOperation=Next"
        missing = await emu.client.get(url, headers=pc)
        assert missing.status_code == 400
        assert "MS-ContinuationToken" in missing.json()["description"]
        garbage = await emu.client.get(url, headers={**pc, "MS-ContinuationToken": "x"})
        assert garbage.status_code == 400
        other = f"/partnercenter/v1/customers/{tenants[1]}/users?size=1"
        _, foreign = _next((await emu.client.get(other, headers=pc)).json(), pc)
        assert (await emu.client.get(url, headers=foreign)).status_code == 400


class TestApplicationConsent:
    async def test_consent_then_duplicate_409_and_propagation(
        self, emu: Emu, pc: dict[str, str], partner_rt: str
    ) -> None:
        tenant = customers(
            await emu.truth(), consented=False, covered=catalog.CONSENT_CAPABLE_ROLES
        )[0]
        url = f"/partnercenter/v1/customers/{tenant['tenantId']}/applicationconsents"
        resp = await emu.client.post(url, json=consent_body(emu), headers=pc)
        assert resp.status_code == 201, resp.text
        again = await emu.client.post(url, json=consent_body(emu), headers=pc)
        assert again.status_code == 409
        assert "Permission entry already exists" in again.json()["description"]
        early = await emu.refresh(partner_rt, tenant=tenant["tenantId"])
        assert early.json()["error_codes"] == [90099]
        await emu.client.post("/_emulator/clock/advance", json={"seconds": 5})
        headers = await emu.bearer(partner_rt, tenant=tenant["tenantId"])
        sps = await emu.client.get(
            f"/graph/v1.0/servicePrincipals?$filter=appId eq '{emu.portal.client_id}'",
            headers=headers,
        )
        assert len(sps.json()["value"]) == 1
        grants = await emu.client.get(
            "/graph/v1.0/oauth2PermissionGrants",
            params={"$filter": f"clientId eq '{sps.json()['value'][0]['id']}'"},
            headers=headers,
        )
        assert grants.json()["value"][0]["scope"].split() == GRANTS[0]["scope"].split(",")
        calls = await emu.client.get(
            "/_emulator/counters",
            params={
                "path": "/partnercenter/v1/customers/{customer_id}/applicationconsents",
                "method": "POST",
                "status": 201,
            },
        )
        assert calls.json()["calls"] == [
            {
                "method": "POST",
                "path": "/partnercenter/v1/customers/{customer_id}/applicationconsents",
                "tenant": tenant["tenantId"],
                "status": 201,
                "count": 1,
            }
        ]

    async def test_zero_propagation_delay(
        self, emu: Emu, pc: dict[str, str], partner_rt: str
    ) -> None:
        await emu.client.put("/_emulator/settings", json={"propagation_delay_seconds": 0})
        tenant = customers(
            await emu.truth(), consented=False, covered=catalog.CONSENT_CAPABLE_ROLES
        )[0]
        url = f"/partnercenter/v1/customers/{tenant['tenantId']}/applicationconsents"
        assert (await emu.client.post(url, json=consent_body(emu), headers=pc)).status_code == 201
        assert (await emu.refresh(partner_rt, tenant=tenant["tenantId"])).status_code == 200

    async def test_helpdesk_only_relationship_is_forbidden(
        self, emu: Emu, pc: dict[str, str]
    ) -> None:
        truth = await emu.truth()
        tenant = next(
            c
            for c in truth["customers"]
            if c["adminCoveredRoles"]
            and not set(c["adminCoveredRoles"]) & catalog.CONSENT_CAPABLE_ROLES
        )
        url = f"/partnercenter/v1/customers/{tenant['tenantId']}/applicationconsents"
        resp = await emu.client.post(url, json=consent_body(emu), headers=pc)
        assert resp.status_code == 403
        assert resp.json()["source"] == "PartnerFD"

    async def test_non_agent_is_forbidden(self, emu: Emu) -> None:
        tokens = await emu.sign_in_tokens(emu.portal.non_agent_username)
        headers = await emu.bearer(tokens["refresh_token"], PC_SCOPE)
        assert (
            await emu.client.get("/partnercenter/v1/customers?size=5", headers=headers)
        ).status_code == 403

    async def test_delete_removes_service_principal(
        self, emu: Emu, pc: dict[str, str], partner_rt: str
    ) -> None:
        tenant = customers(await emu.truth(), consented=True)[0]
        base = f"/partnercenter/v1/customers/{tenant['tenantId']}"
        url = f"{base}/applicationconsents/{emu.portal.client_id}"
        assert (await emu.client.delete(url, headers=pc)).status_code == 204
        assert (await emu.refresh(partner_rt, tenant=tenant["tenantId"])).json()["error_codes"] == [
            90099
        ]
