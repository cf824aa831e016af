from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from api.audit.service import describe_failure, record
from api.db import DbSession
from api.deps import require
from api.members import service
from api.openapi import problems
from api.orgs.schemas import MemberCreate, MemberCreated, MemberOut, MemberUpdate
from api.permissions import Action, Principal

router = APIRouter(prefix="/members", tags=["members"])


@router.get("", operation_id="list_members", summary="List the organization's members")
async def list_members(
    db: DbSession, principal: Principal = require(Action.members_read)
) -> list[MemberOut]:
    return await service.list_members(db, principal.organization_id)


@router.post(
    "",
    operation_id="create_member",
    summary="Add a member with a role",
    status_code=201,
    responses=problems(409),
)
async def create_member(
    body: MemberCreate,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.members_manage),
) -> MemberCreated:
    describe_failure(request, action="member.create", target_type="member")
    created = await service.create_member(db, principal.organization_id, body)
    record(
        db,
        request,
        "member.create",
        target_type="member",
        target_id=created.id,
        details={"email": created.email, "role": created.role.value},
    )
    return created


@router.patch(
    "/{member_id}",
    operation_id="update_member",
    summary="Change a member's role or access",
    responses=problems(409),
)
async def update_member(
    member_id: uuid.UUID,
    body: MemberUpdate,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.members_manage),
) -> MemberOut:
    describe_failure(request, action="member.update", target_type="member", target_id=member_id)
    updated = await service.update_member(db, principal.organization_id, member_id, body)
    details = body.model_dump(exclude_none=True, exclude={"tenant_ids"}, mode="json")
    if body.tenant_ids is not None:
        details["tenant_count"] = len(body.tenant_ids)
    record(
        db, request, "member.update", target_type="member", target_id=updated.id, details=details
    )
    return updated


@router.delete(
    "/{member_id}",
    operation_id="delete_member",
    summary="Remove a member and end their sessions",
    status_code=204,
    responses=problems(409),
)
async def delete_member(
    member_id: uuid.UUID,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.members_manage),
) -> None:
    describe_failure(request, action="member.delete", target_type="member", target_id=member_id)
    email = await service.remove_member(db, principal.organization_id, member_id)
    record(
        db,
        request,
        "member.delete",
        target_type="member",
        target_id=member_id,
        details={"email": email},
    )
