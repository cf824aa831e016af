"""Graph v1.0 in a customer tenant: organization, domains, users/$count, directory roles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from emulator import catalog
from emulator.errors import GraphError
from emulator.graph.common import (
    DENIED,
    emulator_state,
    graph_caller,
    json_body,
    matches,
    page,
    parse_filter,
    select,
)
from emulator.model import Group, RoleAssignment, Tenant, User, iso, new_id
from emulator.state import World

router = APIRouter()
META = "https://graph.microsoft.com/v1.0/$metadata#"
READ_DIR = frozenset({"Directory.Read.All", "Directory.ReadWrite.All"})
ORG_READ = READ_DIR | {"Organization.Read.All", "Organization.ReadWrite.All", "User.Read"}
USERS_READ = READ_DIR | {"User.Read.All", "User.ReadBasic.All", "User.ReadWrite.All"}
DOMAIN_READ = READ_DIR | {"Domain.Read.All", "Domain.ReadWrite.All"}
ROLE_READ = READ_DIR | {"RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory"}
ROLE_WRITE = frozenset({"RoleManagement.ReadWrite.Directory"})


def _verified_domains(tenant: Tenant) -> list[dict[str, Any]]:
    return [
        {
            "capabilities": "Email, OfficeCommunicationsOnline",
            "isDefault": True,
            "isInitial": True,
            "name": tenant.domain,
            "type": "Managed",
        }
    ]


@router.get("/organization")
async def organization(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(ORG_READ)
    tenant = caller.tenant
    org = {
        "id": tenant.id,
        "displayName": tenant.display_name,
        "tenantType": "AAD",
        "countryLetterCode": "US",
        "createdDateTime": iso(tenant.created),
        "verifiedDomains": _verified_domains(tenant),
        "partnerTenantType": "resellerPartnerDelegatedAdmin" if tenant.is_partner else None,
    }
    return {"@odata.context": META + "organization", "value": [org]}


@router.get("/domains")
async def domains(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(DOMAIN_READ)
    domain = {
        "id": caller.tenant.domain,
        "authenticationType": "Managed",
        "isAdminManaged": True,
        "isDefault": True,
        "isInitial": True,
        "isRoot": True,
        "isVerified": True,
        "supportedServices": ["Email", "OfficeCommunicationsOnline"],
    }
    return {"@odata.context": META + "domains", "value": [domain]}


@router.get("/users/$count")
async def users_count(request: Request) -> Response:
    caller = graph_caller(request)
    caller.require(USERS_READ)
    # Advanced queries such as $count need the eventual-consistency index.
    if request.headers.get("consistencylevel", "").lower() != "eventual":
        raise GraphError(400, "Request_BadRequest", "$count is not currently supported.")
    return PlainTextResponse(str(caller.tenant.user_count))


@router.get("/me")
async def me(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    if caller.user is None:
        raise GraphError(
            400, "BadRequest", "/me request is only valid with delegated authentication flow."
        )
    user = caller.user
    return {
        "@odata.context": META + "users/$entity",
        "id": user.id,
        "displayName": user.display_name,
        "userPrincipalName": user.upn,
        "mail": user.upn,
    }


GROUP_READ = READ_DIR | {"Group.Read.All", "Group.ReadWrite.All", "GroupMember.Read.All"}
MEMBERSHIP_READ = GROUP_READ | {"User.Read", "User.Read.All"}
GROUP_TYPE = "#microsoft.graph.group"


def _group_json(group: Group) -> dict[str, Any]:
    return {
        "@odata.type": GROUP_TYPE,
        "id": group.id,
        "displayName": group.display_name,
        "securityEnabled": True,
        "mailEnabled": False,
        "groupTypes": [],
    }


def _memberships(world: World, user: User) -> list[dict[str, Any]]:
    """Groups (nested ones too) and directory roles, as transitiveMemberOf mixes them."""
    tenant = world.tenants[user.tenant_id]
    groups = [tenant.groups[g] for g in sorted(world.groups_of(user.id)) if g in tenant.groups]
    roles = [
        {
            "@odata.type": "#microsoft.graph.directoryRole",
            "id": f"role-{role}",
            "displayName": catalog.ROLES.get(role, role),
            "roleTemplateId": role,
        }
        for role in sorted(user.roles)
    ]
    return [_group_json(g) for g in groups] + roles


# user-list-transitivememberof: "GET /me/transitiveMemberOf" returns groups, directory roles and
# administrative units, direct and nested; least privilege for one's own memberships is
# User.Read; default page 100 objects, at most 999; an OData cast narrows to one type.
@router.get("/me/transitiveMemberOf")
@router.get("/me/transitiveMemberOf/microsoft.graph.group")
async def my_memberships(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    if caller.user is None:
        raise GraphError(
            400, "BadRequest", "/me request is only valid with delegated authentication flow."
        )
    if not caller.scopes & MEMBERSHIP_READ:
        raise GraphError(403, "Authorization_RequestDenied", DENIED)
    items = _memberships(emulator_state(request).world, caller.user)
    if request.url.path.endswith("/microsoft.graph.group"):
        items = [i for i in items if i["@odata.type"] == GROUP_TYPE]
    context = META + "directoryObjects"
    return page(items, request, default_top=100, max_top=999, context=context)


GROUP_WRITE = frozenset({"Group.ReadWrite.All", "Directory.ReadWrite.All", "Group.Create"})
MEMBER_WRITE = frozenset(
    {"GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"}
)


def _granted(request: Request, wanted: frozenset[str]) -> Tenant:
    caller = graph_caller(request)
    granted = caller.app_roles if caller.user is None else caller.scopes
    if not granted & wanted:
        raise GraphError(403, "Authorization_RequestDenied", DENIED)
    return caller.tenant


# GET /groups supports $filter on displayName (eq) and $select
# (https://learn.microsoft.com/en-us/graph/api/group-list).
@router.get("/groups")
async def list_groups(request: Request) -> dict[str, Any]:
    tenant = _granted(request, GROUP_READ)
    items = [_group_json(g) for g in tenant.groups.values()]
    if expr := request.query_params.get("$filter"):
        clauses = parse_filter(expr, {"displayname": "displayName", "id": "id"})
        items = [i for i in items if matches(i, clauses)]
    return page(items, request, default_top=100, max_top=999, context=META + "groups")


# displayName, mailEnabled, mailNickname and securityEnabled are required; 201 with the group
# (https://learn.microsoft.com/en-us/graph/api/group-post-groups).
@router.post("/groups", status_code=201)
async def create_group(request: Request) -> JSONResponse:
    tenant = _granted(request, GROUP_WRITE)
    body = await json_body(request)
    name, nickname = body.get("displayName"), body.get("mailNickname")
    if not isinstance(name, str) or not name.strip() or not isinstance(nickname, str):
        raise GraphError(
            400,
            "Request_BadRequest",
            "Invalid value specified for property 'displayName' or 'mailNickname'.",
        )
    if body.get("securityEnabled") is not True or body.get("mailEnabled") not in (True, False):
        raise GraphError(400, "Request_BadRequest", "securityEnabled and mailEnabled are required.")
    group = Group(new_id(), name)
    tenant.groups[group.id] = group
    item = {"@odata.context": META + "groups/$entity", **_group_json(group)}
    return JSONResponse(item, status_code=201)


# POST /groups/{id}/members/$ref with an @odata.id; 204
# (https://learn.microsoft.com/en-us/graph/api/group-post-members). A member already there is
# refused with 400 "One or more added object references already exist" (Graph's wording; the
# page does not show this error).
@router.post("/groups/{group_id}/members/$ref", status_code=204)
async def add_member(request: Request, group_id: str) -> Response:
    tenant = _granted(request, MEMBER_WRITE)
    group = tenant.groups.get(group_id)
    if group is None:
        raise GraphError(404, "Request_ResourceNotFound", f"Resource '{group_id}' does not exist.")
    ref = (await json_body(request)).get("@odata.id")
    member_id = str(ref).rstrip("/").rpartition("/")[2] if isinstance(ref, str) else ""
    if member_id not in tenant.users and member_id not in tenant.groups:
        raise GraphError(404, "Request_ResourceNotFound", f"Resource '{member_id}' does not exist.")
    if member_id in group.members:
        raise GraphError(
            400,
            "Request_BadRequest",
            "One or more added object references already exist for the following modified "
            "properties: 'members'.",
        )
    group.members.add(member_id)
    return Response(status_code=204)


@router.get("/groups/{group_id}")
async def get_group(request: Request, group_id: str) -> dict[str, Any]:
    caller = graph_caller(request)
    granted = caller.app_roles if caller.user is None else caller.scopes
    if not granted & GROUP_READ:
        raise GraphError(403, "Authorization_RequestDenied", DENIED)
    group = caller.tenant.groups.get(group_id)
    if group is None:
        raise GraphError(404, "Request_ResourceNotFound", f"Resource '{group_id}' does not exist.")
    item = {"@odata.context": META + "groups/$entity", **_group_json(group)}
    return select(item, request.query_params.get("$select"))


def _principal(world: World, tenant: Tenant, principal_id: str) -> dict[str, Any]:
    if principal_id in tenant.service_principals:
        sp = tenant.service_principals[principal_id]
        return {
            "@odata.type": "#microsoft.graph.servicePrincipal",
            "id": sp.id,
            "displayName": sp.display_name,
            "appId": sp.app_id,
        }
    group = world.partner.groups.get(principal_id)
    if group is not None:
        return {
            "@odata.type": "#microsoft.graph.group",
            "id": group.id,
            "displayName": group.display_name,
            "organizationId": world.partner_tenant_id,
        }
    user = world.users.get(principal_id)
    return {
        "@odata.type": "#microsoft.graph.user",
        "id": principal_id,
        "displayName": user.display_name if user else None,
        "userPrincipalName": user.upn if user else None,
    }


def role_assignments(world: World, tenant: Tenant) -> list[RoleAssignment]:
    """Local assignments plus the ones GDAP access assignments project into the tenant."""
    items = [
        RoleAssignment(id=f"{role}-{user.id}", principal_id=user.id, role_definition_id=role)
        for user in tenant.users.values()
        for role in sorted(user.roles)
    ]
    items.extend(tenant.role_assignments.values())
    for rel in world.customer_relationships(tenant.id):
        if rel.status != "active":
            continue
        for aa in rel.assignments.values():
            if aa.status == "active":
                items.extend(
                    RoleAssignment(
                        id=f"{role}-{aa.id}", principal_id=aa.group_id, role_definition_id=role
                    )
                    for role in aa.roles
                    if role in rel.roles
                )
    return items


def _assignment_json(
    world: World, tenant: Tenant, ra: RoleAssignment, expand: bool
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": ra.id,
        "principalId": ra.principal_id,
        "roleDefinitionId": ra.role_definition_id,
        "directoryScopeId": ra.directory_scope_id,
    }
    if expand:
        item["principal"] = _principal(world, tenant, ra.principal_id)
    return item


@router.get("/roleManagement/directory/roleAssignments")
async def list_role_assignments(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(ROLE_READ)
    world = emulator_state(request).world
    expand = "principal" in request.query_params.get("$expand", "")
    items = [
        _assignment_json(world, caller.tenant, ra, expand)
        for ra in role_assignments(world, caller.tenant)
    ]
    if expr := request.query_params.get("$filter"):
        fields = {"roledefinitionid": "roleDefinitionId", "principalid": "principalId"}
        clauses = parse_filter(expr, fields)
        items = [i for i in items if matches(i, clauses)]
    context = META + "roleManagement/directory/roleAssignments"
    return page(items, request, default_top=100, max_top=999, context=context)


@router.post("/roleManagement/directory/roleAssignments", status_code=201)
async def create_role_assignment(request: Request) -> JSONResponse:
    caller = graph_caller(request)
    caller.require(ROLE_WRITE, roles={catalog.PRIVILEGED_ROLE_ADMIN})
    world = emulator_state(request).world
    body = await json_body(request)
    role = body.get("roleDefinitionId")
    principal = body.get("principalId")
    if role not in catalog.ROLES:
        raise GraphError(400, "Request_BadRequest", "Invalid value specified for roleDefinitionId.")
    tenant = caller.tenant
    known = principal in tenant.service_principals or principal in tenant.users
    if not isinstance(principal, str) or not known:
        raise GraphError(404, "Request_ResourceNotFound", f"Resource '{principal}' does not exist.")
    for ra in role_assignments(world, tenant):
        if ra.principal_id == principal and ra.role_definition_id == role:
            raise GraphError(
                400,
                "Request_BadRequest",
                "A conflicting object with one or more of the specified property values is "
                "present in the directory.",
            )
    ra = RoleAssignment(id=new_id(), principal_id=principal, role_definition_id=str(role))
    tenant.role_assignments[ra.id] = ra
    body_out = {
        "@odata.context": META + "roleManagement/directory/roleAssignments/$entity",
        **_assignment_json(world, tenant, ra, False),
    }
    return JSONResponse(body_out, status_code=201)


@router.delete("/roleManagement/directory/roleAssignments/{ra_id}", status_code=204)
async def delete_role_assignment(request: Request, ra_id: str) -> Response:
    caller = graph_caller(request)
    caller.require(ROLE_WRITE, roles={catalog.PRIVILEGED_ROLE_ADMIN})
    if caller.tenant.role_assignments.pop(ra_id, None) is None:
        raise GraphError(404, "Request_ResourceNotFound", f"Resource '{ra_id}' does not exist.")
    return Response(status_code=204)
