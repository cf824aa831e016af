"""Graph v1.0 oauth2PermissionGrants (delegated permission grants)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from emulator import catalog
from emulator.errors import GraphError
from emulator.graph.apps import visible_sps
from emulator.graph.common import (
    Caller,
    emulator_state,
    graph_caller,
    json_body,
    matches,
    page,
    parse_filter,
)
from emulator.model import PermissionGrant, new_id

router = APIRouter(prefix="/oauth2PermissionGrants")
META = "https://graph.microsoft.com/v1.0/$metadata#oauth2PermissionGrants"
GRANT_READ = frozenset(
    {
        "Directory.Read.All",
        "Directory.ReadWrite.All",
        "DelegatedPermissionGrant.Read.All",
        "DelegatedPermissionGrant.ReadWrite.All",
    }
)
GRANT_WRITE = frozenset({"DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"})
GRANT_ROLES = frozenset(
    {
        catalog.APP_ADMIN,
        catalog.CLOUD_APP_ADMIN,
        catalog.PRIVILEGED_ROLE_ADMIN,
        catalog.USER_ADMIN,
        catalog.DIRECTORY_WRITERS,
    }
)
FILTER = {
    "clientid": "clientId",
    "resourceid": "resourceId",
    "consenttype": "consentType",
    "principalid": "principalId",
}


def grant_json(g: PermissionGrant) -> dict[str, Any]:
    return {
        "id": g.id,
        "clientId": g.client_id,
        "consentType": g.consent_type,
        "principalId": g.principal_id,
        "resourceId": g.resource_id,
        "scope": g.scope,
    }


def _visible(request: Request, caller: Caller) -> list[PermissionGrant]:
    now = emulator_state(request).now()
    return [g for g in caller.tenant.grants.values() if g.visible_at <= now]


def _get(request: Request, caller: Caller, grant_id: str) -> PermissionGrant:
    for grant in _visible(request, caller):
        if grant.id == grant_id:
            return grant
    raise GraphError(404, "Request_ResourceNotFound", f"Resource '{grant_id}' does not exist.")


@router.get("")
async def list_grants(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(GRANT_READ)
    items = [grant_json(g) for g in _visible(request, caller)]
    if expr := request.query_params.get("$filter"):
        clauses = parse_filter(expr, FILTER)
        items = [i for i in items if matches(i, clauses)]
    return page(items, request, default_top=100, max_top=999, context=META)


@router.get("/{grant_id}")
async def get_grant(request: Request, grant_id: str) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(GRANT_READ)
    return {"@odata.context": META + "/$entity", **grant_json(_get(request, caller, grant_id))}


@router.post("", status_code=201)
async def create_grant(request: Request) -> JSONResponse:
    caller = graph_caller(request)
    caller.require(GRANT_WRITE, roles=GRANT_ROLES)
    state = emulator_state(request)
    body = await json_body(request)
    sps = {sp.id for sp in visible_sps(state.world, caller.tenant, state.now())}
    client_id = str(body.get("clientId", "")).lower()
    resource_id = str(body.get("resourceId", "")).lower()
    for value in (client_id, resource_id):
        if value not in sps:
            raise GraphError(404, "Request_ResourceNotFound", f"Resource '{value}' does not exist.")
    consent_type = body.get("consentType")
    principal = body.get("principalId")
    if consent_type not in ("AllPrincipals", "Principal"):
        raise GraphError(400, "Request_BadRequest", "Invalid value specified for consentType.")
    if (consent_type == "Principal") != bool(principal):
        raise GraphError(
            400, "Request_BadRequest", "principalId is required only when consentType is Principal."
        )
    for g in caller.tenant.grants.values():
        key = (g.client_id, g.resource_id, g.consent_type, g.principal_id)
        if key == (client_id, resource_id, consent_type, principal):
            raise GraphError(
                409, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists."
            )
    grant = PermissionGrant(
        id=new_id(),
        client_id=client_id,
        consent_type=str(consent_type),
        resource_id=resource_id,
        scope=" ".join(str(body.get("scope", "")).split()),
        principal_id=str(principal) if principal else None,
        visible_at=state.now(),
    )
    caller.tenant.grants[grant.id] = grant
    location = state.url("graph/v1.0", f"oauth2PermissionGrants/{grant.id}")
    return JSONResponse(
        {"@odata.context": META + "/$entity", **grant_json(grant)},
        status_code=201,
        headers={"Location": location},
    )


@router.patch("/{grant_id}", status_code=204)
async def update_grant(request: Request, grant_id: str) -> Response:
    caller = graph_caller(request)
    caller.require(GRANT_WRITE, roles=GRANT_ROLES)
    grant = _get(request, caller, grant_id)
    body = await json_body(request)
    if "scope" in body:
        grant.scope = " ".join(str(body["scope"]).split())
    return Response(status_code=204)


@router.delete("/{grant_id}", status_code=204)
async def delete_grant(request: Request, grant_id: str) -> Response:
    caller = graph_caller(request)
    caller.require(GRANT_WRITE, roles=GRANT_ROLES)
    grant = _get(request, caller, grant_id)
    del caller.tenant.grants[grant.id]
    return Response(status_code=204)
