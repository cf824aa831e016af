"""Organizations, users and memberships: the identity every other package builds on.

Managing members (roles, access, removal) sits above auth and tenants, in `api.members`.
Services flush; the caller's unit of work commits.
"""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict, NotFound
from api.orgs.models import Member, Organization, User
from api.orgs.schemas import MemberCreate
from api.permissions import Role
from api.security import hash_password


def normalize_email(email: str) -> str:
    return email.strip().lower()


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
