"""/_emulator/ views of an app in a tenant: what a client's admin would see under Enterprise
applications (its service principal, permissions and roles), for tests to assert on."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from emulator import catalog
from emulator.state import EmulatorState

router = APIRouter()


def _state(request: Request) -> EmulatorState:
    state = request.app.state.emulator
    assert isinstance(state, EmulatorState)
    return state


@router.get("/tenants/{tenant_id}/apps/{app_id}")
async def app_in_tenant(request: Request, tenant_id: str, app_id: str) -> dict[str, Any]:
    """The app's service principal with its grants, app role and directory role assignments;
    `servicePrincipal` is null when the app is not in the tenant (or not visible yet)."""
    state = _state(request)
    tenant = state.world.tenants.get(tenant_id.lower())
    if tenant is None:
        raise HTTPException(404, "no such tenant")
    state.world.ensure_builtins(tenant)
    sp = state.world.service_principal(tenant, app_id.lower(), state.now())
    if sp is None:
        return {"servicePrincipal": None, "grants": [], "appRoles": [], "directoryRoles": []}
    by_id = tenant.service_principals
    app_roles = []
    for a in tenant.app_role_assignments.values():
        if a.principal_id != sp.id or a.resource_id not in by_id:
            continue
        resource = by_id[a.resource_id]
        value = next((r["value"] for r in resource.app_roles if r["id"] == a.app_role_id), None)
        app_roles.append(
            {
                "id": a.id,
                "resourceAppId": resource.app_id,
                "appRoleId": a.app_role_id,
                "value": value,
            }
        )
    grants = [
        {
            "id": g.id,
            "resourceAppId": by_id[g.resource_id].app_id if g.resource_id in by_id else None,
            "consentType": g.consent_type,
            "scope": g.scope,
        }
        for g in tenant.grants.values()
        if g.client_id == sp.id
    ]
    roles = [
        {
            "id": r.id,
            "roleDefinitionId": r.role_definition_id,
            "name": catalog.ROLES.get(r.role_definition_id),
        }
        for r in tenant.role_assignments.values()
        if r.principal_id == sp.id
    ]
    return {
        "servicePrincipal": {"id": sp.id, "appId": sp.app_id, "displayName": sp.display_name},
        "grants": grants,
        "appRoles": app_roles,
        "directoryRoles": roles,
    }


@router.get("/tenants/{tenant_id}/service-principals")
async def service_principals(request: Request, tenant_id: str) -> list[dict[str, Any]]:
    """Every service principal in the tenant, visible yet or not."""
    state = _state(request)
    tenant = state.world.tenants.get(tenant_id.lower())
    if tenant is None:
        raise HTTPException(404, "no such tenant")
    state.world.ensure_builtins(tenant)
    return [
        {"id": sp.id, "appId": sp.app_id, "visible": sp.visible_at <= state.now()}
        for sp in tenant.service_principals.values()
    ]
