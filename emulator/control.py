"""The /_emulator/ control API: scenario, lifecycle, clock, faults and counters."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from emulator import catalog, lifecycle
from emulator.admin_center import approval_link
from emulator.faults import FaultSpec
from emulator.model import User, iso
from emulator.scenario import portal_app
from emulator.state import EmulatorState

router = APIRouter()


class ScenarioBody(BaseModel):
    name: str = "demo"
    seed: int = 1
    size: int | None = Field(default=None, ge=0, le=10_000)


class ClockBody(BaseModel):
    seconds: float = Field(ge=0)


class SettingsBody(BaseModel):
    propagation_delay_seconds: float = Field(ge=0)


class ApproveBody(BaseModel):
    tenant_id: str | None = None


def _state(request: Request) -> EmulatorState:
    state = request.app.state.emulator
    assert isinstance(state, EmulatorState)
    return state


def truth(state: EmulatorState) -> dict[str, Any]:
    """The scenario as tests should expect the portal to see it."""
    world, now = state.world, state.now()
    world.tick(now)
    app = portal_app(state.seed)
    admin = world.find_user(app.admin_username)
    assert admin is not None
    admin_groups = world.groups_of(admin.id)
    customers = []
    direct = []
    for tenant in world.tenants.values():
        if tenant.is_partner:
            continue
        if tenant.direct:
            direct.append(
                {
                    "tenantId": tenant.id,
                    "displayName": tenant.display_name,
                    "domain": tenant.domain,
                    "adminUsername": f"admin@{tenant.domain}",
                    "userUsername": f"user@{tenant.domain}",
                    "appConsented": world.service_principal(tenant, app.client_id, now) is not None,
                    "absentApps": sorted(tenant.absent_apps),
                }
            )
            continue
        rels = world.customer_relationships(tenant.id)
        active_roles = {r for rel in rels if rel.status == "active" for r in rel.roles}
        covered = world.covered_roles(admin.id, tenant.id)
        customers.append(
            {
                "tenantId": tenant.id,
                "displayName": tenant.display_name,
                "domain": tenant.domain,
                "adminUsername": f"admin@{tenant.domain}",
                "userCount": tenant.user_count,
                "appConsented": world.service_principal(tenant, app.client_id, now) is not None,
                "absentApps": sorted(tenant.absent_apps),
                "gdapReady": bool(active_roles & catalog.CONSENT_CAPABLE_ROLES),
                "adminCoveredRoles": sorted(covered),
                "relationships": [
                    {
                        "id": rel.id,
                        "displayName": rel.display_name,
                        "status": rel.status,
                        "roles": rel.roles,
                        "autoExtendDuration": rel.auto_extend,
                        "endDateTime": iso(rel.end),
                        "coversAdmin": rel.status == "active"
                        and any(
                            a.group_id in admin_groups
                            for a in rel.assignments.values()
                            if a.status == "active"
                        ),
                        "assignedGroups": sorted(
                            world.partner.groups[a.group_id].display_name
                            for a in rel.assignments.values()
                            if a.status == "active"
                        ),
                    }
                    for rel in rels
                ],
            }
        )
    unassigned = [
        {"id": r.id, "displayName": r.display_name, "status": r.status}
        for r in world.relationships.values()
        if not r.customer_tenant_id
    ]
    return {
        "scenario": state.scenario_name,
        "seed": state.seed,
        "size": len(customers),
        "now": iso(now),
        "partner": {
            "tenantId": world.partner_tenant_id,
            "domain": app.partner_domain,
            "displayName": world.partner.display_name,
            "adminUsername": app.admin_username,
            "nonAgentUsername": app.non_agent_username,
            "noMfaUsername": app.no_mfa_username,
            "clientId": app.client_id,
        },
        "customers": customers,
        "directTenants": direct,
        "relationshipsWithoutCustomer": unassigned,
    }


@router.post("/reset")
async def reset(request: Request) -> dict[str, Any]:
    state = _state(request)
    state.reset()
    return {"scenario": state.scenario_name, "seed": state.seed, "size": state.size}


@router.get("/scenario")
async def get_scenario(request: Request) -> dict[str, Any]:
    return truth(_state(request))


@router.post("/scenario")
async def load_scenario(request: Request, body: ScenarioBody) -> dict[str, Any]:
    state = _state(request)
    try:
        state.load(body.name, body.seed, body.size)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    return {"scenario": state.scenario_name, "seed": state.seed, "size": state.size}


@router.get("/portal-app")
async def get_portal_app(request: Request) -> dict[str, Any]:
    state = _state(request)
    app = portal_app(state.seed)
    registration = state.world.apps[app.client_id]
    return {**app.__dict__, "redirect_uris": registration.redirect_uris}


@router.post("/relationships/{rel_id}/{action}")
async def relationship_action(
    request: Request, rel_id: str, action: str, body: ApproveBody | None = None
) -> dict[str, Any]:
    state = _state(request)
    world, now = state.world, state.now()
    world.tick(now)
    rel = world.relationships.get(rel_id)
    if rel is None:
        raise HTTPException(404, f"relationship {rel_id} not found")
    try:
        if action == "approve":
            tid = (body.tenant_id if body else None) or rel.customer_tenant_id
            tenant = world.tenants.get((tid or "").lower())
            if tenant is None:
                raise HTTPException(
                    400, "approve needs tenant_id for a relationship without customer"
                )
            lifecycle.approve(world, rel, tenant, now)
        elif action == "reject":
            lifecycle.reject(world, rel, now)
        elif action == "terminate":
            lifecycle.terminate(world, rel, now)
        elif action == "expire":
            lifecycle.expire(world, rel, now)
        else:
            raise HTTPException(404, f"unknown action {action}")
    except lifecycle.TransitionError as exc:
        raise HTTPException(409, str(exc)) from exc
    return {"id": rel.id, "status": rel.status, "approvalLink": approval_link(state, rel.id)}


@router.get("/relationships/{rel_id}/approval-link")
async def relationship_link(request: Request, rel_id: str) -> dict[str, str]:
    return {"approvalLink": approval_link(_state(request), rel_id)}


@router.delete("/tenants/{tenant_id}/consents/{app_id}")
async def remove_consent(request: Request, tenant_id: str, app_id: str) -> dict[str, Any]:
    state = _state(request)
    tenant = state.world.tenants.get(tenant_id.lower())
    if tenant is None or not state.world.remove_app(tenant, app_id.lower()):
        raise HTTPException(404, "no such tenant or consent")
    return {"removed": True}


@router.delete("/tenants/{tenant_id}/app-role-assignments/{item_id}")
async def remove_app_role_assignment(
    request: Request, tenant_id: str, item_id: str
) -> dict[str, Any]:
    tenant = _state(request).world.tenants.get(tenant_id.lower())
    if tenant is None or tenant.app_role_assignments.pop(item_id, None) is None:
        raise HTTPException(404, "no such tenant or app role assignment")
    return {"removed": True}


@router.delete("/tenants/{tenant_id}/role-assignments/{item_id}")
async def remove_role_assignment(request: Request, tenant_id: str, item_id: str) -> dict[str, Any]:
    tenant = _state(request).world.tenants.get(tenant_id.lower())
    if tenant is None or tenant.role_assignments.pop(item_id, None) is None:
        raise HTTPException(404, "no such tenant or role assignment")
    return {"removed": True}


def _user(state: EmulatorState, key: str) -> User:
    user = state.world.users.get(key.lower()) or state.world.find_user(key)
    if user is None:
        raise HTTPException(404, f"user {key} not found")
    return user


@router.post("/users/{user_key}/revoke-refresh-tokens")
async def revoke(request: Request, user_key: str) -> dict[str, Any]:
    state = _state(request)
    user = _user(state, user_key)
    revoked = 0
    for rt in state.world.refresh_tokens.values():
        if rt.user_id == user.id and not rt.revoked:
            rt.revoked = True
            revoked += 1
    return {"user": user.upn, "revoked": revoked}


@router.delete("/groups/{group_name}/members/{user_key}")
async def remove_group_member(request: Request, group_name: str, user_key: str) -> dict[str, Any]:
    """Take a partner user out of a partner group, e.g. AdminAgents, as an admin would."""
    state = _state(request)
    user = _user(state, user_key)
    group = next(
        (g for g in state.world.partner.groups.values() if g.display_name == group_name), None
    )
    if group is None or user.id not in group.members:
        raise HTTPException(404, f"{user.upn} is not a member of {group_name}")
    group.members.discard(user.id)
    return {"group": group.display_name, "removed": user.upn}


@router.get("/clock")
async def get_clock(request: Request) -> dict[str, Any]:
    state = _state(request)
    return {"now": iso(state.now()), "offset_seconds": state.clock.offset.total_seconds()}


@router.post("/clock/advance")
async def advance_clock(request: Request, body: ClockBody) -> dict[str, Any]:
    state = _state(request)
    state.clock.advance(body.seconds)
    state.world.tick(state.now())
    return {"now": iso(state.now()), "offset_seconds": state.clock.offset.total_seconds()}


@router.get("/settings")
async def get_settings(request: Request) -> dict[str, float]:
    return {"propagation_delay_seconds": _state(request).propagation_delay}


@router.put("/settings")
async def put_settings(request: Request, body: SettingsBody) -> dict[str, float]:
    state = _state(request)
    state.propagation_delay = body.propagation_delay_seconds
    return {"propagation_delay_seconds": state.propagation_delay}


@router.post("/faults", status_code=201)
async def add_fault(request: Request, spec: FaultSpec) -> dict[str, Any]:
    rule = _state(request).faults.add(spec)
    return {"id": rule.id, **spec.model_dump(exclude_none=True)}


@router.get("/faults")
async def list_faults(request: Request) -> list[dict[str, Any]]:
    return _state(request).faults.describe()


@router.delete("/faults")
async def clear_faults(request: Request) -> dict[str, int]:
    faults = _state(request).faults
    count = len(faults.rules)
    faults.rules.clear()
    return {"removed": count}


@router.delete("/faults/{fault_id}")
async def remove_fault(request: Request, fault_id: str) -> dict[str, int]:
    if _state(request).faults.rules.pop(fault_id, None) is None:
        raise HTTPException(404, f"fault {fault_id} not found")
    return {"removed": 1}


@router.get("/counters")
async def counters(
    request: Request,
    method: str | None = None,
    path: str | None = None,
    tenant: str | None = None,
    status: int | None = None,
) -> dict[str, Any]:
    rows = _state(request).counters.query(method, path, tenant, status)
    return {"total": sum(r["count"] for r in rows), "calls": rows}


@router.delete("/counters")
async def reset_counters(request: Request) -> dict[str, bool]:
    _state(request).counters.calls.clear()
    return {"reset": True}
