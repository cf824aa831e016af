"""Organizations, users and members. Services flush; the caller's unit of work commits."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.security import hash_password, verify_password
from api.auth.service import end_member_sessions
from api.db import utcnow
from api.errors import Conflict, NotFound, Unprocessable
from api.orgs.models import Member, Organization, Role, User
from api.orgs.schemas import MemberCreate, MemberOut, MemberUpdate
from api.tenants.models import ManagedTenant, TenantAssignment


def normalize_email(email: str) -> str:
    return email.strip().lower()


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


async def create_organization(db: AsyncSession, name: str) -> Organization:
    org = Organization(name=name)
    db.add(org)
    await db.flush()
    return org


async def get_or_create_user(
    db: AsyncSession, email: str, password: str, display_name: str = ""
) -> tuple[User, bool]:
    email = normalize_email(email)
    user = (await db.execute(select(User).where(User.email == email))).scalar_one_or_none()
    if user is not None:
        return user, False
    user = User(email=email, password_hash=hash_password(password), display_name=display_name)
    db.add(user)
    await db.flush()
    return user, True


async def add_member(
    db: AsyncSession, org_id: uuid.UUID, data: MemberCreate
) -> tuple[Member, User, str | None]:
    generated = None if data.password else secrets.token_urlsafe(12)
    user, created = await get_or_create_user(
        db, data.email, data.password or generated or "", data.display_name
    )
    existing = await db.scalar(
        select(Member.id).where(Member.organization_id == org_id, Member.user_id == user.id)
    )
    if existing is not None:
        raise Conflict("This person is already a member.", code="member_exists")
    member = Member(
        organization_id=org_id,
        user_id=user.id,
        role=data.role,
        can_manage_tenants=data.can_manage_tenants,
    )
    db.add(member)
    await db.flush()
    # An existing account keeps its own password; nothing new to show.
    return member, user, generated if created else None


async def get_member(
    db: AsyncSession, org_id: uuid.UUID, member_id: uuid.UUID
) -> tuple[Member, User]:
    row = (
        await db.execute(
            select(Member, User)
            .join(User, User.id == Member.user_id)
            .where(Member.id == member_id, Member.organization_id == org_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound("No such member.", code="member_not_found")
    return row[0], row[1]


async def list_members(db: AsyncSession, org_id: uuid.UUID) -> list[MemberOut]:
    rows = await db.execute(
        select(Member, User)
        .join(User, User.id == Member.user_id)
        .where(Member.organization_id == org_id)
        .order_by(Member.created_at, Member.id)
    )
    assignments = await assigned_tenants(db, org_id)
    return [member_out(m, u, assignments.get(m.id)) for m, u in rows.all()]


async def assigned_tenants(
    db: AsyncSession, org_id: uuid.UUID, member_id: uuid.UUID | None = None
) -> dict[uuid.UUID, list[str]]:
    query = (
        select(TenantAssignment.member_id, ManagedTenant.tenant_id)
        .join(ManagedTenant, ManagedTenant.id == TenantAssignment.managed_tenant_id)
        .where(ManagedTenant.organization_id == org_id)
        .order_by(ManagedTenant.tenant_id)
    )
    if member_id is not None:
        query = query.where(TenantAssignment.member_id == member_id)
    found: dict[uuid.UUID, list[str]] = {}
    for owner, tenant_id in (await db.execute(query)).all():
        found.setdefault(owner, []).append(tenant_id)
    return found


async def assign_tenants(db: AsyncSession, member: Member, tenant_ids: list[uuid.UUID]) -> None:
    if member.role is not Role.external_guest:
        raise Unprocessable(
            "Only external guests are limited to assigned tenants.", code="not_an_external_guest"
        )
    wanted = {str(t).lower() for t in tenant_ids}
    rows = await db.execute(
        select(ManagedTenant.id, ManagedTenant.tenant_id).where(
            ManagedTenant.organization_id == member.organization_id,
            ManagedTenant.tenant_id.in_(wanted),
        )
    )
    found = {tenant_id: row_id for row_id, tenant_id in rows.all()}
    unknown = sorted(wanted - set(found))
    if unknown:
        raise Unprocessable(f"Unknown tenants: {', '.join(unknown[:10])}", code="unknown_tenants")
    await db.execute(delete(TenantAssignment).where(TenantAssignment.member_id == member.id))
    for row_id in found.values():
        db.add(TenantAssignment(member_id=member.id, managed_tenant_id=row_id))
    await db.flush()


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


async def update_member(db: AsyncSession, member: Member, data: MemberUpdate, user: User) -> None:
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
        await assign_tenants(db, member, data.tenant_ids)
    if data.disabled is True and member.active:
        member.disabled_at = utcnow()
        await end_member_sessions(db, member.id)
    elif data.disabled is False:
        member.disabled_at = None
    await db.flush()


async def remove_member(db: AsyncSession, member: Member) -> None:
    await _ensure_not_last_admin(db, member)
    await end_member_sessions(db, member.id)
    await db.delete(member)
    await db.flush()


async def find_login(
    db: AsyncSession, email: str, password: str, organization_id: uuid.UUID | None
) -> tuple[User | None, Member | None]:
    """The user whose password matches, and their membership to sign in to (oldest first)."""
    user = (
        await db.execute(select(User).where(User.email == normalize_email(email)))
    ).scalar_one_or_none()
    if not verify_password(user.password_hash if user else None, password) or user is None:
        return user, None
    query = select(Member).where(Member.user_id == user.id).order_by(Member.created_at)
    if organization_id is not None:
        query = query.where(Member.organization_id == organization_id)
    return user, (await db.execute(query.limit(1))).scalar_one_or_none()


async def bootstrap_admin(
    db: AsyncSession, org_name: str, email: str, password: str
) -> tuple[Organization, Member, bool]:
    """Create an organization and its first admin; a second call finds them instead."""
    user, _ = await get_or_create_user(db, email, password)
    row = (
        await db.execute(
            select(Member, Organization)
            .join(Organization, Organization.id == Member.organization_id)
            .where(Member.user_id == user.id, Organization.name == org_name)
        )
    ).one_or_none()
    if row is not None:
        return row[1], row[0], False
    org = await create_organization(db, org_name)
    member = Member(organization_id=org.id, user_id=user.id, role=Role.admin)
    db.add(member)
    await db.flush()
    return org, member, True
