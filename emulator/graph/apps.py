"""Graph v1.0 servicePrincipals and their app role assignments."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from emulator import catalog
from emulator.errors import GraphError
from emulator.graph.common import (
    Caller,
    emulator_state,
    graph_caller,
    json_body,
    matches,
    page,
    parse_filter,
    select,
)
from emulator.model import AppRoleAssignment, ServicePrincipal, Tenant, iso, new_id
from emulator.state import World

router = APIRouter()
META = "https://graph.microsoft.com/v1.0/$metadata#"
READ_DIR = frozenset({"Directory.Read.All", "Directory.ReadWrite.All"})
APP_READ = READ_DIR | {"Application.Read.All", "Application.ReadWrite.All"}
APP_WRITE = frozenset({"Application.ReadWrite.All", "Directory.ReadWrite.All"})
ARA_WRITE = frozenset({"AppRoleAssignment.ReadWrite.All"})
APP_ROLES = frozenset({catalog.APP_ADMIN, catalog.CLOUD_APP_ADMIN})
ARA_ROLES = APP_ROLES | {
    catalog.PRIVILEGED_ROLE_ADMIN,
    catalog.USER_ADMIN,
    catalog.DIRECTORY_WRITERS,
}
SP_FILTER = {"appid": "appId", "displayname": "displayName", "id": "id"}
DUPLICATE_ASSIGNMENT = "Permission being assigned already exists on the object."


def sp_json(sp: ServicePrincipal) -> dict[str, Any]:
    return {
        "id": sp.id,
        "deletedDateTime": None,
        "accountEnabled": True,
        "appDisplayName": sp.display_name,
        "appId": sp.app_id,
        "appOwnerOrganizationId": sp.app_owner_tenant_id,
        "appRoleAssignmentRequired": False,
        "displayName": sp.display_name,
        "servicePrincipalNames": [sp.app_id],
        "servicePrincipalType": "Application",
        "signInAudience": "AzureADMultipleOrgs",
        "tags": [],
        "appRoles": sp.app_roles,
        "oauth2PermissionScopes": sp.scopes,
    }


def assignment_json(a: AppRoleAssignment) -> dict[str, Any]:
    return {
        "id": a.id,
        "deletedDateTime": None,
        "appRoleId": a.app_role_id,
        "createdDateTime": iso(a.created),
        "principalDisplayName": a.principal_display_name,
        "principalId": a.principal_id,
        "principalType": a.principal_type,
        "resourceDisplayName": a.resource_display_name,
        "resourceId": a.resource_id,
    }


def visible_sps(world: World, tenant: Tenant, now: Any) -> list[ServicePrincipal]:
    world.ensure_builtins(tenant)
    return [sp for sp in tenant.service_principals.values() if sp.visible_at <= now]


def _find(request: Request, tenant: Tenant, key: str, by_app_id: bool) -> ServicePrincipal:
    state = emulator_state(request)
    for sp in visible_sps(state.world, tenant, state.now()):
        if (sp.app_id if by_app_id else sp.id).lower() == key.lower():
            return sp
    label = f"appId '{key}'" if by_app_id else f"'{key}'"
    raise GraphError(
        404,
        "Request_ResourceNotFound",
        f"Resource {label} does not exist or one of "
        "its queried reference-property objects are not present.",
    )


@router.get("/servicePrincipals")
async def list_sps(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(APP_READ)
    state = emulator_state(request)
    items = [sp_json(sp) for sp in visible_sps(state.world, caller.tenant, state.now())]
    if expr := request.query_params.get("$filter"):
        clauses = parse_filter(expr, SP_FILTER)
        items = [i for i in items if matches(i, clauses)]
    return page(items, request, default_top=100, max_top=999, context=META + "servicePrincipals")


@router.post("/servicePrincipals", status_code=201)
async def create_sp(request: Request) -> JSONResponse:
    caller = graph_caller(request)
    caller.require(APP_WRITE, roles=APP_ROLES)
    state = emulator_state(request)
    world, tenant = state.world, caller.tenant
    app_id = str((await json_body(request)).get("appId", "")).lower()
    resource = catalog.RESOURCE_APPS.get(app_id)
    registered = world.apps.get(app_id)
    if resource is None and registered is None:
        raise GraphError(
            400,
            "Request_BadRequest",
            f"The appId '{app_id}' of the service principal does not reference a valid "
            "application object.",
        )
    world.ensure_builtins(tenant)
    if any(sp.app_id == app_id for sp in tenant.service_principals.values()):
        raise GraphError(
            409,
            "Request_MultipleObjectsWithSameKeyValue",
            "Another object with the same value for property servicePrincipalNames already exists.",
        )
    sp = ServicePrincipal(
        id=new_id(),
        app_id=app_id,
        display_name=resource.name if resource else registered.display_name if registered else "",
        app_owner_tenant_id=catalog.MICROSOFT_TENANT_ID if resource else world.partner_tenant_id,
        app_roles=resource.app_roles if resource else [],
        scopes=resource.scopes if resource else [],
        visible_at=state.now(),
    )
    tenant.service_principals[sp.id] = sp
    location = state.url("graph/v1.0", f"servicePrincipals/{sp.id}")
    body = {"@odata.context": META + "servicePrincipals/$entity", **sp_json(sp)}
    return JSONResponse(body, status_code=201, headers={"Location": location})


async def _get_sp(request: Request, caller: Caller, sp: ServicePrincipal) -> Response:
    item = select(sp_json(sp), request.query_params.get("$select"))
    return JSONResponse({"@odata.context": META + "servicePrincipals/$entity", **item})


async def _delete_sp(request: Request, caller: Caller, sp: ServicePrincipal) -> Response:
    caller.require(APP_WRITE, roles=APP_ROLES)
    emulator_state(request).world.remove_app(caller.tenant, sp.app_id)
    return Response(status_code=204)


def _list_assignments(direction: str) -> Handler:
    async def handler(request: Request, caller: Caller, sp: ServicePrincipal) -> Response:
        items = [
            assignment_json(a)
            for a in caller.tenant.app_role_assignments.values()
            if (a.principal_id if direction == "appRoleAssignments" else a.resource_id) == sp.id
        ]
        context = META + f"servicePrincipals('{sp.id}')/{direction}"
        return JSONResponse(page(items, request, default_top=100, max_top=999, context=context))

    return handler


def _create_assignment(direction: str) -> Handler:
    async def handler(request: Request, caller: Caller, sp: ServicePrincipal) -> Response:
        caller.require(ARA_WRITE, roles=ARA_ROLES, also_scopes=APP_READ)
        body = await json_body(request)
        key = "principalId" if direction == "appRoleAssignments" else "resourceId"
        if str(body.get(key, "")).lower() != sp.id:
            raise GraphError(
                400, "Request_BadRequest", f"{key} must match the service principal in the URL."
            )
        assignment = _new_assignment(request, caller.tenant, body)
        context = META + f"servicePrincipals('{sp.id}')/{direction}/$entity"
        location = emulator_state(request).url(
            "graph/v1.0", f"servicePrincipals/{sp.id}/{direction}/{assignment.id}"
        )
        return JSONResponse(
            {"@odata.context": context, **assignment_json(assignment)},
            status_code=201,
            headers={"Location": location},
        )

    return handler


def _new_assignment(request: Request, tenant: Tenant, body: dict[str, Any]) -> AppRoleAssignment:
    state = emulator_state(request)
    sps = {sp.id: sp for sp in visible_sps(state.world, tenant, state.now())}
    principal = sps.get(str(body.get("principalId", "")).lower())
    resource = sps.get(str(body.get("resourceId", "")).lower())
    if principal is None or resource is None:
        missing = body.get("principalId") if principal is None else body.get("resourceId")
        raise GraphError(404, "Request_ResourceNotFound", f"Resource '{missing}' does not exist.")
    role_id = str(body.get("appRoleId", "")).lower()
    if role_id not in {r["id"] for r in resource.app_roles}:
        raise GraphError(
            400, "Request_BadRequest", "Permission being assigned was not found on application."
        )
    for a in tenant.app_role_assignments.values():
        if (a.principal_id, a.resource_id, a.app_role_id) == (principal.id, resource.id, role_id):
            raise GraphError(400, "Request_BadRequest", DUPLICATE_ASSIGNMENT)
    assignment = AppRoleAssignment(
        id=new_id(),
        app_role_id=role_id,
        principal_id=principal.id,
        principal_type="ServicePrincipal",
        principal_display_name=principal.display_name,
        resource_id=resource.id,
        resource_display_name=resource.display_name,
        created=state.now(),
    )
    tenant.app_role_assignments[assignment.id] = assignment
    return assignment


def _delete_assignment(direction: str) -> SubHandler:
    async def handler(
        request: Request, caller: Caller, sp: ServicePrincipal, item_id: str
    ) -> Response:
        caller.require(ARA_WRITE, roles=ARA_ROLES, also_scopes=APP_READ)
        a = caller.tenant.app_role_assignments.get(item_id)
        owner = (
            (a.principal_id if direction == "appRoleAssignments" else a.resource_id) if a else ""
        )
        if a is None or owner != sp.id:
            raise GraphError(
                404, "Request_ResourceNotFound", f"Resource '{item_id}' does not exist."
            )
        del caller.tenant.app_role_assignments[item_id]
        return Response(status_code=204)

    return handler


async def _sp_grants(request: Request, caller: Caller, sp: ServicePrincipal) -> Response:
    from emulator.graph.grants import GRANT_READ, grant_json

    caller.require(GRANT_READ)
    items = [grant_json(g) for g in caller.tenant.grants.values() if g.client_id == sp.id]
    context = META + "oauth2PermissionGrants"
    return JSONResponse(page(items, request, default_top=100, max_top=999, context=context))


Handler = Callable[[Request, Caller, ServicePrincipal], Awaitable[Response]]
SubHandler = Callable[[Request, Caller, ServicePrincipal, str], Awaitable[Response]]


def _bind(path: str, method: str, handler: Handler) -> None:
    by_app_id = path.startswith("(")

    async def endpoint(request: Request, key: str) -> Response:
        caller = graph_caller(request)
        if method == "GET":
            caller.require(APP_READ)
        sp = _find(request, caller.tenant, key, by_app_id)
        return await handler(request, caller, sp)

    router.add_api_route(f"/servicePrincipals{path}", endpoint, methods=[method])


def _bind_sub(path: str, handler: SubHandler) -> None:
    by_app_id = path.startswith("(")

    async def endpoint(request: Request, key: str, item_id: str) -> Response:
        caller = graph_caller(request)
        sp = _find(request, caller.tenant, key, by_app_id)
        return await handler(request, caller, sp, item_id)

    router.add_api_route(f"/servicePrincipals{path}", endpoint, methods=["DELETE"])


for _key in ("/{key}", "(appId='{key}')"):
    _bind(_key, "GET", _get_sp)
    _bind(_key, "DELETE", _delete_sp)
    _bind(f"{_key}/oauth2PermissionGrants", "GET", _sp_grants)
    for _direction in ("appRoleAssignments", "appRoleAssignedTo"):
        _bind(f"{_key}/{_direction}", "GET", _list_assignments(_direction))
        _bind(f"{_key}/{_direction}", "POST", _create_assignment(_direction))
        _bind_sub(f"{_key}/{_direction}/{{item_id}}", _delete_assignment(_direction))
