"""An id that belongs to another organization answers exactly as a missing one does."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from api.gdap_requests.models import GdapRequest, RequestState, RoleTemplate
from api.operations.models import Operation, OperationKind, OperationState
from api.permissions import Role
from api.scans.models import TenantScan
from api.tenants.models import GdapState, ManagedTenant
from api.tenants.roles import CLOUD_APPLICATION_ADMINISTRATOR
from tests.api.conftest import Actor, World
from tests.api.routes import api_routes

# How to make, in the victim organization, the object each id parameter names.
Factory = Callable[[World, Actor], Awaitable[str]]


async def _member(world: World, victim: Actor) -> str:
    member = await world.as_role(victim, Role.full_member)
    return str(member.member_id)


async def _api_key(world: World, victim: Actor) -> str:
    key = await world.api_key(victim, "read")
    return str(key.extra["key_id"])


async def _tenant(world: World, victim: Actor) -> str:
    tenant_id = str(uuid.uuid4())
    async with world.sessions() as db:
        db.add(
            ManagedTenant(
                organization_id=victim.organization_id,
                tenant_id=tenant_id,
                display_name="Victim Client Ltd",
                gdap_state=GdapState.ready,
            )
        )
        await db.commit()
    return tenant_id


async def _operation(world: World, victim: Actor) -> str:
    # One running sync per organization is all the schema allows: every route shares it.
    if "operation_id" in victim.extra:
        return str(victim.extra["operation_id"])
    async with world.sessions() as db:
        operation = Operation(
            organization_id=victim.organization_id,
            kind=OperationKind.sync,
            state=OperationState.running,
            actor_type="member",
        )
        db.add(operation)
        await db.commit()
    victim.extra["operation_id"] = operation.id
    return str(operation.id)


async def _template(world: World, victim: Actor) -> str:
    async with world.sessions() as db:
        template = RoleTemplate(
            organization_id=victim.organization_id,
            name=f"Victim template {uuid.uuid4().hex[:6]}",
            role_ids=[CLOUD_APPLICATION_ADMINISTRATOR],
            duration_days=730,
            auto_extend=False,
            is_default=False,
        )
        db.add(template)
        await db.commit()
    return str(template.id)


async def _gdap_request(world: World, victim: Actor) -> str:
    async with world.sessions() as db:
        row = GdapRequest(
            organization_id=victim.organization_id,
            display_name="Victim Client Ltd - request",
            role_ids=[CLOUD_APPLICATION_ADMINISTRATOR],
            state=RequestState.approval_pending,
            relationship_id="victim-relationship",
            timeline=[],
        )
        db.add(row)
        await db.commit()
    return str(row.id)


async def _scan(world: World, victim: Actor) -> str:
    tenant_id = await _tenant(world, victim)
    async with world.sessions() as db:
        tenant = await db.scalar(select(ManagedTenant).where(ManagedTenant.tenant_id == tenant_id))
        assert tenant is not None
        scan = TenantScan(
            organization_id=victim.organization_id,
            managed_tenant_id=tenant.id,
            tenant_id=tenant_id,
            catalog_version="test",
        )
        db.add(scan)
        await db.commit()
    return str(scan.id)


FACTORIES: dict[str, Factory] = {
    "member_id": _member,
    "key_id": _api_key,
    "tenant_id": _tenant,
    "operation_id": _operation,
    "template_id": _template,
    "request_id": _gdap_request,
    "scan_id": _scan,
}
BODIES = {
    "/api/v1/members/{member_id}": {"role": "admin"},
    "/api/v1/tenants/{tenant_id}": {"excluded": True},
    "/api/v1/tenants/{tenant_id}/onboard": {"product": "active"},
    "/api/v1/gdap-templates/{template_id}": {"name": "Taken over"},
}


async def _snapshot(
    victim: Actor,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    members = (await victim.get("/api/v1/members")).json()
    keys = (await victim.get("/api/v1/api-keys")).json()
    tenants = (await victim.get("/api/v1/tenants")).json()["items"]
    operations = (await victim.get("/api/v1/operations")).json()["items"]
    return (
        members,
        [{k: v for k, v in key.items() if k != "last_used_at"} for key in keys],
        tenants,
        [op["state"] for op in operations],
    )


async def test_every_id_route_hides_other_organizations(world: World, app: FastAPI) -> None:
    victim = await world.admin("Victim MSP")
    attacker = await world.admin("Attacker MSP")
    id_routes = [r for r in api_routes(app) if r.id_params]
    assert id_routes
    before = await _snapshot(victim)
    for route in id_routes:
        unknown = [p for p in route.id_params if p not in FACTORIES]
        assert unknown == [], f"{route.path}: add a factory for {unknown}"
        url, missing_url = route.path, route.path
        for param in route.id_params:
            url = url.replace("{" + param + "}", await FACTORIES[param](world, victim))
            missing_url = missing_url.replace("{" + param + "}", str(uuid.uuid4()))
        body = BODIES.get(route.path) if route.method in ("PATCH", "POST") else None
        foreign = await attacker.request(route.method, url, json=body)
        missing = await attacker.request(route.method, missing_url, json=body)
        assert foreign.status_code == missing.status_code == 404, route.path
        assert foreign.json()["code"] == missing.json()["code"]
        assert foreign.json()["detail"] == missing.json()["detail"]
    after = await _snapshot(victim)
    assert [m for m in after[0] if m in before[0]] == before[0]
    assert all(k["revoked_at"] is None for k in after[1])
    assert all(not t["excluded"] for t in after[2])
    assert "cancelled" not in after[3]


async def test_lists_show_only_the_callers_organization(world: World) -> None:
    victim = await world.admin("Victim MSP")
    attacker = await world.admin("Attacker MSP")
    await world.api_key(victim, "read")
    await world.as_role(victim, Role.billing)
    assert len((await attacker.get("/api/v1/members")).json()) == 1
    assert (await attacker.get("/api/v1/api-keys")).json() == []
    await _tenant(world, victim)
    await _operation(world, victim)
    assert (await attacker.get("/api/v1/tenants")).json()["total"] == 0
    assert (await attacker.get("/api/v1/operations")).json()["items"] == []
    assert (await victim.get("/api/v1/tenants")).json()["total"] == 1
    events = (await attacker.get("/api/v1/audit-events")).json()["items"]
    assert {e["actor_label"] for e in events} <= {attacker.email}
