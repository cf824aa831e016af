"""Managing an organization's members: roles, tenant access, disabling and removal.

This sits above orgs, auth and tenants because it changes all three: a disabled or removed
member loses their sessions, and an external guest sees only the tenants assigned here.
Services flush; the caller's unit of work commits.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.service import end_member_sessions
from api.db import utcnow
from api.errors import Conflict
from api.orgs import service as orgs
from api.orgs.models import Member, User
from api.orgs.schemas import MemberCreate, MemberCreated, MemberOut, MemberUpdate
from api.permissions import Role
from api.tenants.service import assign_tenants, assigned_tenants


def member_out(member: Member, user: User, tenant_ids: list[str] | None = None) -> MemberOut:
    return MemberOut(
        tenant_ids=tenant_ids or [],
        id=member.id,
        email=user.email,
        display_name=user.display_name,
        role=member.role,
        can_manage_tenants=member.can_manage_tenants,
        disabled=not member.active,
        created_at=member.created_at,
    )


async def list_members(db: AsyncSession, org_id: uuid.UUID) -> list[MemberOut]:
    rows = await db.execute(
        select(Member, User)
        .join(User, User.id == Member.user_id)
        .where(Member.organization_id == org_id)
        .order_by(Member.created_at, Member.id)
    )
    assignments = await assigned_tenants(db, org_id)
    return [member_out(m, u, assignments.get(m.id)) for m, u in rows.all()]


async def create_member(db: AsyncSession, org_id: uuid.UUID, data: MemberCreate) -> MemberCreated:
    member, user, password = await orgs.add_member(db, org_id, data)
    return MemberCreated(**member_out(member, user).model_dump(), initial_password=password)


async def _active_admins(db: AsyncSession, org_id: uuid.UUID) -> int:
    count = await db.scalar(
        select(func.count())
        .select_from(Member)
        .where(
            Member.organization_id == org_id,
            Member.role == Role.admin,
            Member.disabled_at.is_(None),
        )
    )
    return int(count or 0)


async def _ensure_not_last_admin(db: AsyncSession, member: Member) -> None:
    if (
        member.role is Role.admin
        and member.active
        and await _active_admins(db, member.organization_id) <= 1
    ):
        raise Conflict("An organization needs at least one active admin.", code="last_admin")


async def _assign(db: AsyncSession, member: Member, tenant_ids: list[uuid.UUID]) -> None:
    if member.role is not Role.external_guest:
        # The request is well formed; it is the member's current role that refuses it.
        raise Conflict(
            "Only external guests are limited to assigned tenants.", code="not_an_external_guest"
        )
    await assign_tenants(db, member.organization_id, member.id, tenant_ids)


async def update_member(
    db: AsyncSession, org_id: uuid.UUID, member_id: uuid.UUID, data: MemberUpdate
) -> MemberOut:
    member, user = await orgs.get_member(db, org_id, member_id)
    losing_admin = (data.role is not None and data.role is not Role.admin) or data.disabled
    if losing_admin:
        await _ensure_not_last_admin(db, member)
    if data.role is not None:
        member.role = data.role
    if data.can_manage_tenants is not None:
        member.can_manage_tenants = data.can_manage_tenants
    if data.display_name is not None:
        user.display_name = data.display_name
    if data.tenant_ids is not None:
        # After the role change: a member made a guest in the same request may get tenants.
        await _assign(db, member, data.tenant_ids)
    if data.disabled is True and member.active:
        member.disabled_at = utcnow()
        await end_member_sessions(db, member.id)
    elif data.disabled is False:
        member.disabled_at = None
    await db.flush()
    assigned = await assigned_tenants(db, org_id, member.id)
    return member_out(member, user, assigned.get(member.id))


async def remove_member(db: AsyncSession, org_id: uuid.UUID, member_id: uuid.UUID) -> str:
    """Remove a member and end their sessions; returns their e-mail for the audit trail."""
    member, user = await orgs.get_member(db, org_id, member_id)
    await _ensure_not_last_admin(db, member)
    await end_member_sessions(db, member.id)
    await db.delete(member)
    await db.flush()
    return user.email
