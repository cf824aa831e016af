from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from api.audit.service import describe_failure, record
from api.db import DbSession
from api.deps import require
from api.orgs import service
from api.orgs.schemas import MemberCreate, MemberCreated, MemberOut, MemberUpdate
from api.permissions import Action, Principal

router = APIRouter(prefix="/members", tags=["members"])


@router.get("", operation_id="list_members", summary="List the organization's members")
async def list_members(
    db: DbSession, principal: Principal = require(Action.members_read)
) -> list[MemberOut]:
    return await service.list_members(db, principal.organization_id)


@router.post("", operation_id="create_member", summary="Add a member with a role", status_code=201)
async def create_member(
    body: MemberCreate,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.members_manage),
) -> MemberCreated:
    describe_failure(request, action="member.create", target_type="member")
    member, user, password = await service.add_member(db, principal.organization_id, body)
    record(
        db,
        request,
        "member.create",
        target_type="member",
        target_id=member.id,
        details={"email": user.email, "role": member.role.value},
    )
    out = service.member_out(member, user)
    return MemberCreated(**out.model_dump(), initial_password=password)


@router.patch(
    "/{member_id}", operation_id="update_member", summary="Change a member's role or access"
)
async def update_member(
    member_id: uuid.UUID,
    body: MemberUpdate,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.members_manage),
) -> MemberOut:
    describe_failure(request, action="member.update", target_type="member", target_id=member_id)
    member, user = await service.get_member(db, principal.organization_id, member_id)
    await service.update_member(db, member, body, user)
    details = body.model_dump(exclude_none=True, exclude={"tenant_ids"}, mode="json")
    if body.tenant_ids is not None:
        details["tenant_count"] = len(body.tenant_ids)
    record(db, request, "member.update", target_type="member", target_id=member.id, details=details)
    assigned = await service.assigned_tenants(db, principal.organization_id, member.id)
    return service.member_out(member, user, assigned.get(member.id))


@router.delete(
    "/{member_id}",
    operation_id="delete_member",
    summary="Remove a member and end their sessions",
    status_code=204,
)
async def delete_member(
    member_id: uuid.UUID,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.members_manage),
) -> None:
    describe_failure(request, action="member.delete", target_type="member", target_id=member_id)
    member, user = await service.get_member(db, principal.organization_id, member_id)
    await service.remove_member(db, member)
    record(
        db,
        request,
        "member.delete",
        target_type="member",
        target_id=member_id,
        details={"email": user.email},
    )
