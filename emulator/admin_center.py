"""The customer's side of a GDAP invitation: the admin center approval page."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from emulator import catalog, lifecycle
from emulator.errors import TENANT_KEY
from emulator.identity import pages
from emulator.state import EmulatorState

router = APIRouter()
APPROVAL_PATH = "/AdminPortal/Home/partners/invitation/granularAdminRelationships"


def _state(request: Request) -> EmulatorState:
    state = request.app.state.emulator
    assert isinstance(state, EmulatorState)
    return state


def approval_link(state: EmulatorState, rel_id: str) -> str:
    return f"{state.public_url}/admin{APPROVAL_PATH}/{rel_id}"


@router.get("/AdminPortal/Home")
async def admin_home(request: Request) -> Response:
    # Browsers never send the #/partners/... fragment, so a script forwards it to the path form.
    return pages.fragment_redirect(f"{_state(request).public_url}/admin/AdminPortal/Home")


@router.get(APPROVAL_PATH + "/{rel_id}")
async def approval_page(request: Request, rel_id: str) -> Response:
    state = _state(request)
    state.world.tick(state.now())
    rel = state.world.relationships.get(rel_id)
    if rel is None:
        return pages.done("Relationship not found", f"No relationship {rel_id} exists.")
    if rel.customer_tenant_id:
        request.scope[TENANT_KEY] = rel.customer_tenant_id
    roles = ", ".join(catalog.ROLES.get(r, r) for r in rel.roles)
    summary = [
        ("Partner", state.world.partner.display_name),
        ("Relationship", rel.display_name),
        ("Duration", f"{rel.duration_days} days"),
        ("Roles", roles),
        ("Status", rel.status),
    ]
    return pages.approval(str(request.url), summary)


@router.post(APPROVAL_PATH + "/{rel_id}")
async def approval_submit(request: Request, rel_id: str) -> Response:
    state = _state(request)
    world, now = state.world, state.now()
    world.tick(now)
    form = await request.form()
    rel = world.relationships.get(rel_id)
    if rel is None:
        return pages.done("Relationship not found", f"No relationship {rel_id} exists.")
    user = world.find_user(str(form.get("username", "")))
    if user is None or user.password != form.get("password"):
        return pages.approval(str(request.url), [], "Error validating credentials.")
    request.scope[TENANT_KEY] = user.tenant_id
    tenant = world.tenants[user.tenant_id]
    if tenant.is_partner or catalog.GLOBAL_ADMIN not in user.roles:
        return pages.approval(
            str(request.url), [], "Only a Global Administrator of the customer can approve."
        )
    try:
        if form.get("action") == "reject":
            lifecycle.reject(world, rel, now)
        else:
            delay = timedelta(seconds=state.propagation_delay)
            lifecycle.approve(world, rel, tenant, now, delay)
    except lifecycle.TransitionError as exc:
        return pages.approval(str(request.url), [], str(exc))
    return pages.done("Done", f"The relationship is now {rel.status}.")
