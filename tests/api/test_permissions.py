"""Every route, for every role and API-key scope answers as the permission matrix says."""

from __future__ import annotations

import uuid

import pytest

from api.permissions import Action, ApiKeyScope, Principal, Role, allowed
from tests.api.conftest import Actor, World
from tests.api.routes import PUBLIC_OPERATIONS, Route, api_routes

CALLERS = [
    ("admin", Role.admin, True, None),
    ("full_member", Role.full_member, True, None),
    ("full_member_without_tenant_management", Role.full_member, False, None),
    ("external_guest", Role.external_guest, True, None),
    ("billing", Role.billing, True, None),
    ("api_key_read", None, False, ApiKeyScope.read),
    ("api_key_read_write", None, False, ApiKeyScope.read_write),
]


def _principal(role: Role | None, manage: bool, scope: ApiKeyScope | None) -> Principal:
    org = uuid.uuid4()
    if scope is not None:
        return Principal(organization_id=org, api_key_id=uuid.uuid4(), api_key_scope=scope)
    return Principal(
        organization_id=org, member_id=uuid.uuid4(), role=role, can_manage_tenants=manage
    )


async def _caller(
    world: World, admin: Actor, role: Role | None, manage: bool, scope: ApiKeyScope | None
) -> Actor:
    if scope is not None:
        return await world.api_key(admin, scope.value)
    if role is Role.admin:
        return admin
    return await world.as_role(admin, role, can_manage_tenants=manage)  # type: ignore[arg-type]


def _url(route: Route) -> str:
    url = route.path
    for param in route.id_params:
        url = url.replace("{" + param + "}", str(uuid.uuid4()))
    return url


def test_every_route_declares_one_permission(app) -> None:  # type: ignore[no-untyped-def]
    routes = api_routes(app)
    assert routes
    missing = [r.name for r in routes if r.action is None and r.name not in PUBLIC_OPERATIONS]
    assert missing == []


def test_billing_and_guests_cannot_manage_anything() -> None:
    for role in (Role.billing, Role.external_guest):
        principal = _principal(role, True, None)
        managing = [a for a in Action if a.value.endswith(".manage") and allowed(principal, a)]
        assert managing == []


@pytest.mark.parametrize(("label", "role", "manage", "scope"), CALLERS, ids=[c[0] for c in CALLERS])
async def test_route_matrix(world: World, app, label, role, manage, scope) -> None:  # type: ignore[no-untyped-def]
    admin = await world.admin()
    caller = await _caller(world, admin, role, manage, scope)
    principal = _principal(role, manage, scope)
    mismatches = []
    for route in api_routes(app):
        if route.action is None or route.action is Action.session_end:
            continue
        response = await caller.request(route.method, _url(route), json={})
        expected = allowed(principal, route.action)
        refused = response.status_code == 403
        if expected == refused or response.status_code == 401 or response.status_code >= 500:
            mismatches.append((route.method, route.path, response.status_code, expected))
    assert mismatches == []


@pytest.mark.parametrize(("label", "role", "manage", "scope"), CALLERS, ids=[c[0] for c in CALLERS])
async def test_logout_is_for_people_only(world: World, label, role, manage, scope) -> None:  # type: ignore[no-untyped-def]
    admin = await world.admin()
    caller = await _caller(world, admin, role, manage, scope)
    response = await caller.post("/api/v1/auth/logout")
    assert response.status_code == (403 if scope is not None else 204)
