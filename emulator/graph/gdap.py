"""Graph v1.0 tenantRelationships: GDAP relationships, requests, access assignments, customers."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from emulator import catalog
from emulator.errors import GraphError
from emulator.graph.common import json_body, matches, page, parse_filter, partner_caller, select
from emulator.model import (
    AccessAssignment,
    Relationship,
    RelationshipRequest,
    iso,
    new_id,
)
from emulator.state import EmulatorState, World

router = APIRouter(prefix="/tenantRelationships")
BASE = "graph/v1.0/tenantRelationships"
CONTEXT = (
    "https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships"
)
FILTER_FIELDS = {
    "status": "status",
    "displayname": "displayName",
    "id": "id",
    "customer/tenantid": "customer/tenantId",
}
DEFAULT_PAGE = 100
MAX_TOP = 300
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)D)?$")
AUTO_EXTEND_VALUES = {"PT0S", "P0D", "P180D"}


# The list mixes both types; a reseller one carries two more properties.
# https://learn.microsoft.com/en-us/graph/api/resources/resellerdelegatedadminrelationship
RELATIONSHIP_TYPE = "#microsoft.graph.delegatedAdminRelationship"
RESELLER_RELATIONSHIP_TYPE = "#microsoft.graph.resellerDelegatedAdminRelationship"


def relationship_json(rel: Relationship) -> dict[str, Any]:
    customer = None
    if rel.customer_tenant_id:
        customer = {"tenantId": rel.customer_tenant_id, "displayName": rel.customer_name}
    reseller = rel.indirect_provider_tenant_id is not None
    body: dict[str, Any] = {
        "@odata.type": RESELLER_RELATIONSHIP_TYPE if reseller else RELATIONSHIP_TYPE,
        "@odata.etag": rel.etag,
        "id": rel.id,
        "displayName": rel.display_name,
        "duration": f"P{rel.duration_days}D",
        "customer": customer,
        "accessDetails": {"unifiedRoles": [{"roleDefinitionId": r} for r in rel.roles]},
        "status": rel.status,
        "autoExtendDuration": rel.auto_extend,
        "createdDateTime": iso(rel.created),
        "lastModifiedDateTime": iso(rel.modified),
        "activatedDateTime": iso(rel.activated),
        "endDateTime": iso(rel.end),
    }
    if reseller:
        body["indirectProviderTenantId"] = rel.indirect_provider_tenant_id
        body["isPartnerConsentPending"] = bool(rel.partner_consent_pending)
    return body


def assignment_json(aa: AccessAssignment) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment",
        "@odata.etag": f'W/"{int(aa.modified.timestamp() * 1_000_000):x}"',
        "id": aa.id,
        "status": aa.status,
        "accessContainer": {
            "accessContainerId": aa.group_id,
            "accessContainerType": "securityGroup",
        },
        "accessDetails": {"unifiedRoles": [{"roleDefinitionId": r} for r in aa.roles]},
        "createdDateTime": iso(aa.created),
        "lastModifiedDateTime": iso(aa.modified),
    }


def request_json(req: RelationshipRequest) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.delegatedAdminRelationshipRequest",
        "id": req.id,
        "action": req.action,
        "status": req.status,
        "createdDateTime": iso(req.created),
        "lastModifiedDateTime": iso(req.created),
    }


def _state(request: Request) -> EmulatorState:
    state = request.app.state.emulator
    assert isinstance(state, EmulatorState)
    return state


def _get(world: World, rel_id: str) -> Relationship:
    rel = world.relationships.get(rel_id)
    if rel is None:
        raise GraphError(404, "NotFound", "The passed in delegatedAdminRelationshipId is invalid.")
    return rel


def parse_duration(value: Any, field: str = "duration") -> int:
    found = _DURATION.match(value) if isinstance(value, str) else None
    if not found or not any(found.groups()):
        raise GraphError(400, "BadRequest", f"The {field} is not a valid ISO 8601 duration.")
    return int(found.group(1) or 0) * 365 + int(found.group(2) or 0)


def _roles(details: Any) -> list[str]:
    roles = details.get("unifiedRoles") if isinstance(details, dict) else None
    if not isinstance(roles, list) or not roles:
        raise GraphError(400, "BadRequest", "accessDetails.unifiedRoles must not be empty.")
    ids = [r.get("roleDefinitionId") if isinstance(r, dict) else None for r in roles]
    for role_id in ids:
        # gdap-least-privileged-roles-by-task: some built-in roles cannot be delegated.
        if role_id in catalog.NON_DELEGABLE_ROLES:
            name = catalog.NON_DELEGABLE_ROLES[role_id]
            raise GraphError(
                400,
                "BadRequest",
                f"The role '{role_id}' ({name}) is not supported for delegated administration.",
            )
        if role_id not in catalog.ROLES:
            raise GraphError(400, "BadRequest", f"The role '{role_id}' is not a valid role.")
    return [str(r) for r in dict.fromkeys(ids)]


def _check_name(world: World, name: Any, exclude: str | None = None) -> str:
    if not isinstance(name, str) or not name.strip():
        raise GraphError(400, "BadRequest", "displayName is required.")
    if len(name) > 50:
        raise GraphError(400, "BadRequest", "displayName must be 50 characters or fewer.")
    for rel in world.relationships.values():
        if rel.id != exclude and rel.display_name.lower() == name.lower():
            raise GraphError(
                400, "BadRequest", "A relationship with the same displayName already exists."
            )
    return name


def _check_auto_extend(value: Any, roles: list[str]) -> str:
    if value not in AUTO_EXTEND_VALUES:
        raise GraphError(400, "BadRequest", "autoExtendDuration must be PT0S, P0D or P180D.")
    # learn.microsoft.com/partner-center/customers/expiring-gdap-relationships-and-auto-extend-gdap:
    # relationships with Global Administrator are not auto-extended.
    if value == "P180D" and catalog.GLOBAL_ADMIN in roles:
        raise GraphError(
            400,
            "BadRequest",
            "Auto extend is not allowed for relationships that include Global Administrator.",
        )
    return str(value)


@router.get("/delegatedAdminRelationships")
async def list_relationships(request: Request) -> dict[str, Any]:
    _, world = partner_caller(request, write=False)
    rels = list(world.relationships.values())
    if expr := request.query_params.get("$filter"):
        clauses = parse_filter(expr, FILTER_FIELDS)
        rels = [r for r in rels if matches(_filterable(r), clauses)]
    return page(
        rels,
        request,
        default_top=DEFAULT_PAGE,
        max_top=MAX_TOP,
        context=CONTEXT,
        render=relationship_json,
    )


def _filterable(rel: Relationship) -> dict[str, Any]:
    """The fields FILTER_FIELDS names, as relationship_json shows them."""
    customer = {"tenantId": rel.customer_tenant_id} if rel.customer_tenant_id else None
    return {
        "status": rel.status,
        "displayName": rel.display_name,
        "id": rel.id,
        "customer": customer,
    }


@router.get("/delegatedAdminRelationships/{rel_id}")
async def get_relationship(request: Request, rel_id: str) -> dict[str, Any]:
    _, world = partner_caller(request, write=False)
    item = relationship_json(_get(world, rel_id))
    return {
        "@odata.context": CONTEXT + "/$entity",
        **select(item, request.query_params.get("$select")),
    }


@router.post("/delegatedAdminRelationships", status_code=201)
async def create_relationship(request: Request) -> JSONResponse:
    _, world = partner_caller(request, write=True)
    state = _state(request)
    body = await json_body(request)
    name = _check_name(world, body.get("displayName"))
    days = parse_duration(body.get("duration"))
    if not 1 <= days <= 730:
        raise GraphError(400, "BadRequest", "The duration must be between P1D and P730D.")
    roles = _roles(body.get("accessDetails"))
    auto = _check_auto_extend(body.get("autoExtendDuration", "PT0S"), roles)
    now = state.now()
    rel = Relationship(
        id=f"{new_id()}-{world.partner_tenant_id}",
        display_name=name,
        duration_days=days,
        roles=roles,
        status="created",
        auto_extend=auto,
        created=now,
        modified=now,
    )
    customer = body.get("customer")
    if isinstance(customer, dict) and customer.get("tenantId"):
        rel.customer_tenant_id = str(customer["tenantId"]).lower()
        known = world.tenants.get(rel.customer_tenant_id)
        rel.customer_name = known.display_name if known else customer.get("displayName")
    world.add_relationship(rel)
    location = state.url(BASE, f"delegatedAdminRelationships/{rel.id}")
    return JSONResponse(relationship_json(rel), status_code=201, headers={"Location": location})


@router.patch("/delegatedAdminRelationships/{rel_id}")
async def update_relationship(request: Request, rel_id: str) -> Response:
    _, world = partner_caller(request, write=True)
    rel = _get(world, rel_id)
    if_match = request.headers.get("if-match")
    if not if_match:
        raise GraphError(400, "BadRequest", "The If-Match header is required.")
    if if_match not in ("*", rel.etag):
        raise GraphError(412, "PreconditionFailed", "The etag does not match the current version.")
    body = await json_body(request)
    editable = {"autoExtendDuration"} if rel.status == "active" else set(body)
    if rel.status not in ("created", "active") or set(body) - editable:
        raise GraphError(
            400, "BadRequest", f"The relationship cannot be updated in status '{rel.status}'."
        )
    _apply_update(world, rel, body)
    rel.modified = _state(request).now()
    return JSONResponse(relationship_json(rel))


def _apply_update(world: World, rel: Relationship, body: dict[str, Any]) -> None:
    if "displayName" in body:
        rel.display_name = _check_name(world, body["displayName"], exclude=rel.id)
    if "duration" in body:
        days = parse_duration(body["duration"])
        if not 1 <= days <= 730:
            raise GraphError(400, "BadRequest", "The duration must be between P1D and P730D.")
        rel.duration_days = days
    if "accessDetails" in body:
        rel.roles = _roles(body["accessDetails"])
    if "customer" in body and isinstance(body["customer"], dict):
        tid = str(body["customer"].get("tenantId", "")).lower() or None
        known = world.tenants.get(tid or "")
        if known is not None:
            world.set_customer(rel, known)
        else:
            rel.customer_tenant_id = tid
    if "autoExtendDuration" in body:
        rel.auto_extend = _check_auto_extend(body["autoExtendDuration"], rel.roles)


@router.delete("/delegatedAdminRelationships/{rel_id}", status_code=204)
async def delete_relationship(request: Request, rel_id: str) -> Response:
    _, world = partner_caller(request, write=True)
    rel = _get(world, rel_id)
    if rel.status != "created":
        raise GraphError(
            400, "BadRequest", "Only relationships in status 'created' can be deleted."
        )
    del world.relationships[rel.id]
    return Response(status_code=204)


@router.post("/delegatedAdminRelationships/{rel_id}/requests", status_code=201)
async def create_request(request: Request, rel_id: str) -> JSONResponse:
    _, world = partner_caller(request, write=True)
    state = _state(request)
    rel = _get(world, rel_id)
    action = (await json_body(request)).get("action")
    now = state.now()
    if action == "lockForApproval" and rel.status == "created":
        rel.status, rel.locked_at, rel.modified = "approvalPending", now, now
    elif action == "terminate" and rel.status == "active":
        rel.status, rel.modified = "terminated", now
        for aa in rel.assignments.values():
            aa.status, aa.modified = "deleted", now
    elif action in ("lockForApproval", "terminate"):
        raise GraphError(
            400, "BadRequest", f"The action '{action}' is not allowed in status '{rel.status}'."
        )
    else:
        raise GraphError(400, "BadRequest", "The action is not valid for this relationship.")
    world.touch()
    req = RelationshipRequest(id=new_id(), action=str(action), status="created", created=now)
    rel.requests[req.id] = req
    location = state.url(BASE, f"delegatedAdminRelationships/{rel.id}/requests/{req.id}")
    body = request_json(req)
    req.status = "succeeded"
    return JSONResponse(body, status_code=201, headers={"Location": location})


@router.get("/delegatedAdminRelationships/{rel_id}/requests")
async def list_requests(request: Request, rel_id: str) -> dict[str, Any]:
    _, world = partner_caller(request, write=False)
    items = [request_json(r) for r in _get(world, rel_id).requests.values()]
    return page(items, request, default_top=DEFAULT_PAGE, max_top=MAX_TOP, context=CONTEXT)


@router.get("/delegatedAdminRelationships/{rel_id}/requests/{req_id}")
async def get_request(request: Request, rel_id: str, req_id: str) -> dict[str, Any]:
    _, world = partner_caller(request, write=False)
    req = _get(world, rel_id).requests.get(req_id)
    if req is None:
        raise GraphError(404, "NotFound", "The request was not found.")
    return request_json(req)


def _group_ok(world: World, container: Any) -> str:
    gid = container.get("accessContainerId") if isinstance(container, dict) else None
    if gid not in world.partner.groups:
        raise GraphError(
            400,
            "BadRequest",
            "The accessContainerId must be a security group in the partner tenant.",
        )
    return str(gid)


@router.post("/delegatedAdminRelationships/{rel_id}/accessAssignments", status_code=201)
async def create_assignment(request: Request, rel_id: str) -> JSONResponse:
    _, world = partner_caller(request, write=True)
    state = _state(request)
    rel = _get(world, rel_id)
    if rel.status != "active":
        raise GraphError(
            400, "BadRequest", "Access assignments can only be created on active relationships."
        )
    body = await json_body(request)
    group_id = _group_ok(world, body.get("accessContainer"))
    roles = _roles(body.get("accessDetails"))
    if set(roles) - set(rel.roles):
        raise GraphError(
            400, "BadRequest", "The roles must be a subset of the relationship's roles."
        )
    now = state.now()
    # delegatedadminrelationship-post-accessassignments: 201 with status "pending"; the
    # assignment turns "active" once Microsoft has applied it (after the propagation delay).
    delay = timedelta(seconds=state.propagation_delay)
    aa = AccessAssignment(new_id(), group_id, roles, "pending", now, now, active_at=now + delay)
    if delay <= timedelta():
        aa.status = "active"
    rel.assignments[aa.id] = aa
    world.touch()
    body_out = assignment_json(aa)
    if aa.status == "active":
        body_out["status"] = "pending"
    location = state.url(BASE, f"delegatedAdminRelationships/{rel.id}/accessAssignments/{aa.id}")
    return JSONResponse(body_out, status_code=201, headers={"Location": location})


@router.get("/delegatedAdminRelationships/{rel_id}/accessAssignments")
async def list_assignments(request: Request, rel_id: str) -> dict[str, Any]:
    _, world = partner_caller(request, write=False)
    items = [assignment_json(a) for a in _get(world, rel_id).assignments.values()]
    if expr := request.query_params.get("$filter"):
        items = [i for i in items if matches(i, parse_filter(expr, {"status": "status"}))]
    return page(items, request, default_top=DEFAULT_PAGE, max_top=MAX_TOP, context=CONTEXT)


def _assignment(world: World, rel_id: str, aa_id: str) -> tuple[Relationship, AccessAssignment]:
    rel = _get(world, rel_id)
    aa = rel.assignments.get(aa_id)
    if aa is None:
        raise GraphError(404, "NotFound", "The access assignment was not found.")
    return rel, aa


@router.get("/delegatedAdminRelationships/{rel_id}/accessAssignments/{aa_id}")
async def get_assignment(request: Request, rel_id: str, aa_id: str) -> dict[str, Any]:
    _, world = partner_caller(request, write=False)
    return assignment_json(_assignment(world, rel_id, aa_id)[1])


@router.patch("/delegatedAdminRelationships/{rel_id}/accessAssignments/{aa_id}")
async def update_assignment(request: Request, rel_id: str, aa_id: str) -> JSONResponse:
    _, world = partner_caller(request, write=True)
    rel, aa = _assignment(world, rel_id, aa_id)
    if request.headers.get("if-match") is None:
        raise GraphError(400, "BadRequest", "The If-Match header is required.")
    body = await json_body(request)
    if "accessDetails" in body:
        roles = _roles(body["accessDetails"])
        if set(roles) - set(rel.roles):
            raise GraphError(400, "BadRequest", "The roles must be a subset of the relationship's.")
        aa.roles = roles
    if "accessContainer" in body:
        aa.group_id = _group_ok(world, body["accessContainer"])
    aa.modified = _state(request).now()
    return JSONResponse(assignment_json(aa))


@router.delete("/delegatedAdminRelationships/{rel_id}/accessAssignments/{aa_id}", status_code=204)
async def delete_assignment(request: Request, rel_id: str, aa_id: str) -> Response:
    _, world = partner_caller(request, write=True)
    rel, aa = _assignment(world, rel_id, aa_id)
    del rel.assignments[aa.id]
    return Response(status_code=204)


def _customers(world: World) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for rel in world.relationships.values():
        tid = rel.customer_tenant_id
        if tid and tid not in seen:
            seen[tid] = {
                "@odata.type": "#microsoft.graph.delegatedAdminCustomer",
                "id": tid,
                "tenantId": tid,
                "displayName": rel.customer_name,
            }
    return list(seen.values())


@router.get("/delegatedAdminCustomers")
async def list_customers(request: Request) -> dict[str, Any]:
    _, world = partner_caller(request, write=False)
    context = (
        "https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminCustomers"
    )
    return page(
        _customers(world), request, default_top=DEFAULT_PAGE, max_top=MAX_TOP, context=context
    )


@router.get("/delegatedAdminCustomers/{customer_id}")
async def get_customer(request: Request, customer_id: str) -> dict[str, Any]:
    _, world = partner_caller(request, write=False)
    for item in _customers(world):
        if item["id"] == customer_id.lower():
            return item
    raise GraphError(404, "NotFound", "The customer was not found.")
