"""The reads behind Petra Scan: Graph's security settings, users, roles and inbox rules, and the
Management Activity API's subscriptions list, served from each tenant's posture."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from emulator import catalog, posture
from emulator.model import AppRoleAssignment, new_id
from emulator.state import EmulatorState
from tests.emulator.conftest import Emu, customers

G = "/graph/v1.0"
MANAGE = "https://manage.office.com/.default"


def _grant(emu: Emu, tenant_id: str, roles: dict[str, list[str]]) -> None:
    """The tenant's admin grants the portal's app these application permissions."""
    state = emu.app.state.emulator
    assert isinstance(state, EmulatorState)
    world = state.world
    tenant = world.tenants[tenant_id]
    client = world.service_principal(tenant, emu.portal.client_id, state.now())
    assert client is not None
    for resource_app_id, values in roles.items():
        resource = world.service_principal(tenant, resource_app_id, state.now())
        if resource is None:
            tenant.absent_apps.discard(resource_app_id)
            tenant.builtins_ready = False
            world.ensure_builtins(tenant)
            resource = world.service_principal(tenant, resource_app_id, state.now())
        assert resource is not None
        ids = {r["value"]: r["id"] for r in resource.app_roles}
        for value in values:
            a = AppRoleAssignment(
                new_id(),
                ids[value],
                client.id,
                "ServicePrincipal",
                "Petra",
                resource.id,
                resource.display_name,
                datetime.now(UTC),
            )
            tenant.app_role_assignments[a.id] = a


async def _app_headers(
    emu: Emu, tenant_id: str, scope: str = catalog.GRAPH_RESOURCE
) -> dict[str, str]:
    resp = await emu.token(
        tenant_id,
        grant_type="client_credentials",
        scope=scope if scope.endswith(".default") else f"{scope}/.default",
    )
    assert resp.status_code == 200, resp.text
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


@pytest.fixture
async def tenants(emu: Emu) -> tuple[str, str]:
    """A hardened and an exposed customer where the portal's app is consented."""
    ids = [str(c["tenantId"]) for c in customers(await emu.truth(), consented=True)]
    hardened = next(t for t in ids if not posture.exposed(t))
    exposed = next(t for t in ids if posture.exposed(t))
    return hardened, exposed


ALL = {
    catalog.GRAPH_APP_ID: [
        "Directory.Read.All",
        "Policy.Read.All",
        "AuditLog.Read.All",
        "MailboxSettings.Read",
    ],
    catalog.O365_MANAGEMENT_APP_ID: ["ActivityFeed.Read"],
}


async def test_policies_follow_the_posture(emu: Emu, tenants: tuple[str, str]) -> None:
    hardened, exposed = tenants
    for tenant in tenants:
        _grant(emu, tenant, ALL)
    h = await _app_headers(emu, hardened)
    e = await _app_headers(emu, exposed)
    defaults = (
        await emu.client.get(f"{G}/policies/identitySecurityDefaultsEnforcementPolicy", headers=h)
    ).json()
    assert defaults["isEnabled"] is False
    assert defaults["@odata.context"].endswith("identitySecurityDefaultsEnforcementPolicy/$entity")
    hardened_ca = (
        await emu.client.get(f"{G}/identity/conditionalAccess/policies", headers=h)
    ).json()
    assert {p["grantControls"]["builtInControls"][0] for p in hardened_ca["value"]} == {
        "mfa",
        "block",
    }
    exposed_ca = (
        await emu.client.get(f"{G}/identity/conditionalAccess/policies", headers=e)
    ).json()
    assert exposed_ca["value"] == []


async def test_users_roles_registration_and_rules(emu: Emu, tenants: tuple[str, str]) -> None:
    _, exposed = tenants
    _grant(emu, exposed, ALL)
    e = await _app_headers(emu, exposed)
    guests = await emu.client.get(
        f"{G}/users", params={"$filter": "userType eq 'Guest'", "$select": "id,userType"}, headers=e
    )
    assert guests.status_code == 200
    assert {u["userType"] for u in guests.json()["value"]} == {"Guest"}
    assert set(guests.json()["value"][0]) == {"id", "userType"}
    paged = (await emu.client.get(f"{G}/users", params={"$top": "5"}, headers=e)).json()
    assert len(paged["value"]) == 5
    assert "@odata.nextLink" in paged
    gas = (
        await emu.client.get(
            f"{G}/directoryRoles(roleTemplateId='{catalog.GLOBAL_ADMIN}')/members", headers=e
        )
    ).json()["value"]
    assert len(gas) == 5
    details = (
        await emu.client.get(
            f"{G}/reports/authenticationMethods/userRegistrationDetails", headers=e
        )
    ).json()["value"]
    assert sum(1 for d in details if not d["isMfaRegistered"]) == 5
    members = (
        await emu.client.get(f"{G}/users", params={"$filter": "userType eq 'Member'"}, headers=e)
    ).json()["value"]
    forwarded = []
    for member in members:
        rules = await emu.client.get(
            f"{G}/users/{member['id']}/mailFolders/inbox/messageRules", headers=e
        )
        assert rules.status_code == 200
        forwarded += [r["actions"]["forwardTo"] for r in rules.json()["value"]]
    assert len(forwarded) == 1


async def test_each_read_needs_its_permission(emu: Emu, tenants: tuple[str, str]) -> None:
    _, exposed = tenants
    _grant(emu, exposed, {catalog.GRAPH_APP_ID: ["Directory.Read.All"]})
    e = await _app_headers(emu, exposed)
    for path in (
        "/policies/identitySecurityDefaultsEnforcementPolicy",
        "/identity/conditionalAccess/policies",
        "/reports/authenticationMethods/userRegistrationDetails",
    ):
        resp = await emu.client.get(f"{G}{path}", headers=e)
        assert resp.status_code == 403, path
        assert resp.json()["error"]["code"] == "Authorization_RequestDenied"
    sign_ins = await emu.client.get(
        f"{G}/users", params={"$select": "id,signInActivity"}, headers=e
    )
    assert sign_ins.status_code == 403
    assert (await emu.client.get(f"{G}/users", headers=e)).status_code == 200


async def test_management_api_says_when_audit_logging_is_off(
    emu: Emu, tenants: tuple[str, str]
) -> None:
    hardened, exposed = tenants
    for tenant in tenants:
        _grant(emu, tenant, {catalog.O365_MANAGEMENT_APP_ID: ["ActivityFeed.Read"]})

    async def listing(tenant: str) -> httpx.Response:
        headers = await _app_headers(emu, tenant, MANAGE)
        url = f"/manage/api/v1.0/{tenant}/activity/feed/subscriptions/list"
        return await emu.client.get(url, headers=headers)

    on = await listing(hardened)
    assert on.status_code == 200
    assert {s["status"] for s in on.json()} == {"enabled"}
    off = await listing(exposed)
    assert off.status_code == 400
    assert off.json()["error"] == {"code": "AF20023", "message": "The subscription was disabled."}
    # Another tenant's token is refused for this tenant.
    headers = await _app_headers(emu, hardened, MANAGE)
    url = f"/manage/api/v1.0/{exposed}/activity/feed/subscriptions/list"
    assert (await emu.client.get(url, headers=headers)).status_code == 400


async def test_reads_change_nothing(emu: Emu, tenants: tuple[str, str]) -> None:
    state = emu.app.state.emulator
    assert isinstance(state, EmulatorState)
    _, exposed = tenants
    _grant(emu, exposed, ALL)
    tenant = state.world.tenants[exposed]
    before = (len(tenant.users), len(tenant.grants), len(tenant.service_principals))
    e = await _app_headers(emu, exposed)
    await emu.client.get(f"{G}/users", headers=e)
    await emu.client.get(f"{G}/reports/authenticationMethods/userRegistrationDetails", headers=e)
    assert (len(tenant.users), len(tenant.grants), len(tenant.service_principals)) == before
    # The exposed tenant consented a third-party app high-privilege delegated permissions.
    grants = (await emu.client.get(f"{G}/oauth2PermissionGrants", headers=e)).json()["value"]
    scopes = " ".join(g["scope"] for g in grants)
    assert "Directory.ReadWrite.All" in scopes
