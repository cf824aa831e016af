"""What the onboarding tests share: a synced organization and views of the emulator."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx

from api.onboarding.products import PRODUCTS, ProductName
from api.resources import Resources
from emulator import catalog
from tests.api.conftest import EMULATOR_URL, PORTAL_APP, Actor
from tests.api.test_partner_center_flow import truth_of
from workers.settings import run_burst

ACTIVE = PRODUCTS[ProductName.active]
EMU = f"{EMULATOR_URL}/_emulator"


async def scenario_customers(microsoft: httpx.AsyncClient) -> list[dict[str, Any]]:
    return list((await truth_of(microsoft))["customers"])


def pick(customers: list[dict[str, Any]], *, roles: set[str], consented: bool) -> str:
    """A tenant whose GDAP gives the connected account exactly these roles."""
    for customer in customers:
        covered = set(customer["adminCoveredRoles"])
        if covered == roles and customer["appConsented"] is consented:
            return str(customer["tenantId"])
    raise AssertionError(f"the scenario has no tenant with {roles}")


GLOBAL_ADMIN = {catalog.GLOBAL_ADMIN}
APP_ADMIN = {catalog.APP_ADMIN, catalog.USER_ADMIN, catalog.EXCHANGE_ADMIN}


async def onboard_and_run(
    admin: Actor, worker: Resources, tenant_id: str, product: str = "active"
) -> dict[str, Any]:
    started = await admin.post(f"/api/v1/tenants/{tenant_id}/onboard", json={"product": product})
    assert started.status_code == 202, started.text
    await run_burst(worker, cron_jobs=[])
    return dict((await admin.get(f"/api/v1/operations/{started.json()['id']}")).json())


async def onboarding_of(admin: Actor, tenant_id: str) -> dict[str, Any]:
    response = await admin.get(f"/api/v1/tenants/{tenant_id}/onboarding")
    assert response.status_code == 200, response.text
    return dict(response.json())


async def app_in(microsoft: httpx.AsyncClient, tenant_id: str) -> dict[str, Any]:
    return dict(
        (await microsoft.get(f"{EMU}/tenants/{tenant_id}/apps/{PORTAL_APP.client_id}")).json()
    )


async def calls_with(
    microsoft: httpx.AsyncClient, method: str, path: str, tenant: str, status: int
) -> int:
    params: dict[str, str | int] = {
        "method": method,
        "path": path,
        "tenant": tenant,
        "status": status,
    }
    return int((await microsoft.get(f"{EMU}/counters", params=params)).json()["total"])


async def latest_steps(admin: Actor, tenant_id: str) -> dict[str, dict[str, Any]]:
    """The steps of the tenant's newest record, by name."""
    record = (await onboarding_of(admin, tenant_id))["history"][0]
    return {s["name"]: s for s in record["steps"]}


CONSENTS = "/partnercenter/v1/customers/{customer_id}/applicationconsents"
# Side effects an onboarding makes in a tenant, by the emulator's route templates.
CREATES = {
    "consent": ("POST", CONSENTS),
    "app_role": ("POST", "/graph/v1.0/servicePrincipals/{key}/appRoleAssignedTo"),
    "grant": ("POST", "/graph/v1.0/oauth2PermissionGrants"),
    "service_principal": ("POST", "/graph/v1.0/servicePrincipals"),
    "directory_role": ("POST", "/graph/v1.0/roleManagement/directory/roleAssignments"),
}


async def assert_made_once(microsoft: httpx.AsyncClient, emu: str, tenants: list[str]) -> None:
    """No side effect made twice: each tenant holds one of every consent, service principal,
    app role, grant and directory role, and Microsoft answered 201 (created) no more often
    than what the tenant holds (nothing was made, lost and made again)."""
    counters = (await microsoft.get(f"{emu}/counters")).json()
    made: dict[str, Counter[str]] = {name: Counter() for name in CREATES}
    for row in counters["calls"]:
        for name, (method, path) in CREATES.items():
            if (row["method"], row["path"], row["status"]) == (method, path, 201):
                made[name][row["tenant"]] += int(row["count"])
    client_id = (await microsoft.get(f"{emu}/portal-app")).json()["client_id"]
    for tenant_id in tenants:
        view = (await microsoft.get(f"{emu}/tenants/{tenant_id}/apps/{client_id}")).json()
        sps = (await microsoft.get(f"{emu}/tenants/{tenant_id}/service-principals")).json()
        assert view["servicePrincipal"] is not None, tenant_id
        held = {
            "app_role": [(a["resourceAppId"], a["appRoleId"]) for a in view["appRoles"]],
            "grant": [(g["resourceAppId"], g["consentType"]) for g in view["grants"]],
            "directory_role": [r["roleDefinitionId"] for r in view["directoryRoles"]],
            "service_principal": [sp["appId"] for sp in sps],
        }
        for name, objects in held.items():
            assert len(objects) == len(set(objects)), (tenant_id, name, objects)
            assert made[name][tenant_id] <= len(objects), (tenant_id, name, made[name][tenant_id])
        # Consented once, or found consented already (409): never twice.
        assert made["consent"][tenant_id] <= 1, tenant_id


async def refuse_grants_read(microsoft: httpx.AsyncClient, tenant_id: str) -> str:
    """An onboarding of `tenant_id` stops after the app appeared: Graph refuses reading the
    grants (403). Returns the fault's id, to lift it."""
    fault = await microsoft.post(
        f"{EMU}/faults",
        json={
            "path": "/graph/v1.0/oauth2PermissionGrants",
            "method": "GET",
            "tenant": tenant_id,
            "rate_error": 1.0,
            "error_status": 403,
            "error_code": "Authorization_RequestDenied",
        },
    )
    assert fault.status_code == 201, fault.text
    return str(fault.json()["id"])
