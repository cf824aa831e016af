"""Role templates: what an organization asks its clients for. A least-privilege default exists
for every organization from the start; Global Administrator only where a person chose it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict, NotFound
from api.gdap_requests.models import RoleTemplate
from api.tenants.roles import (
    GLOBAL_ADMINISTRATOR,
    LEAST_PRIVILEGE_ROLES,
    NON_DELEGABLE_ROLES,
    ROLE_NAMES,
    role_name,
)

DEFAULT_NAME = "Least privilege (Petra)"
MIN_DAYS, MAX_DAYS = 1, 730


def check_roles(role_ids: Sequence[str], *, auto_extend: bool) -> list[str]:
    """The roles, deduplicated, if Microsoft would accept them in one relationship."""
    roles = list(dict.fromkeys(role_ids))
    if not roles:
        raise Conflict("Choose at least one role.", code="roles_required")
    blocked = [r for r in roles if r in NON_DELEGABLE_ROLES]
    if blocked:
        names = ", ".join(NON_DELEGABLE_ROLES[r] for r in blocked)
        raise Conflict(
            f"{names} cannot be delegated through GDAP; remove it from the roles.",
            code="role_not_delegable",
        )
    unknown = [r for r in roles if r not in ROLE_NAMES]
    if unknown:
        raise Conflict(f"Unknown role template id(s): {', '.join(unknown)}.", code="role_unknown")
    if auto_extend and GLOBAL_ADMINISTRATOR in roles:
        raise Conflict(
            "Microsoft does not auto-extend relationships with Global Administrator; turn "
            "auto-extend off or remove Global Administrator.",
            code="auto_extend_with_global_admin",
        )
    return roles


async def ensure_default(db: AsyncSession, organization_id: uuid.UUID) -> None:
    """New organizations get the default on first use (existing ones got it by migration)."""
    has_default = await db.scalar(
        select(func.count())
        .select_from(RoleTemplate)
        .where(RoleTemplate.organization_id == organization_id, RoleTemplate.is_default)
    )
    if has_default:
        return
    await db.execute(
        insert(RoleTemplate)
        .values(
            id=uuid.uuid4(),
            organization_id=organization_id,
            name=DEFAULT_NAME,
            role_ids=list(LEAST_PRIVILEGE_ROLES),
            duration_days=MAX_DAYS,
            auto_extend=False,
            is_default=True,
        )
        .on_conflict_do_nothing()
    )


async def list_templates(db: AsyncSession, organization_id: uuid.UUID) -> list[RoleTemplate]:
    await ensure_default(db, organization_id)
    rows = await db.execute(
        select(RoleTemplate)
        .where(RoleTemplate.organization_id == organization_id)
        .order_by(RoleTemplate.is_default.desc(), func.lower(RoleTemplate.name))
    )
    return list(rows.scalars())


async def get_template(
    db: AsyncSession, organization_id: uuid.UUID, template_id: uuid.UUID | None
) -> RoleTemplate:
    """The template named, or the organization's default when none is."""
    await ensure_default(db, organization_id)
    query = select(RoleTemplate).where(RoleTemplate.organization_id == organization_id)
    query = (
        query.where(RoleTemplate.id == template_id)
        if template_id
        else query.where(RoleTemplate.is_default)
    )
    template = (await db.execute(query.limit(1))).scalar_one_or_none()
    if template is None:
        raise NotFound("No such role template.", code="template_not_found")
    return template


async def _name_free(
    db: AsyncSession, organization_id: uuid.UUID, name: str, exclude: uuid.UUID | None
) -> None:
    query = select(RoleTemplate.id).where(
        RoleTemplate.organization_id == organization_id,
        func.lower(RoleTemplate.name) == name.lower(),
    )
    if exclude:
        query = query.where(RoleTemplate.id != exclude)
    if await db.scalar(query):
        raise Conflict("A role template with this name exists.", code="template_exists")


async def create_template(
    db: AsyncSession,
    organization_id: uuid.UUID,
    *,
    name: str,
    role_ids: Sequence[str],
    duration_days: int,
    auto_extend: bool,
    group_id: str | None,
    group_name: str | None,
) -> RoleTemplate:
    await ensure_default(db, organization_id)
    roles = check_roles(role_ids, auto_extend=auto_extend)
    await _name_free(db, organization_id, name, None)
    template = RoleTemplate(
        organization_id=organization_id,
        name=name,
        role_ids=roles,
        duration_days=duration_days,
        auto_extend=auto_extend,
        group_id=group_id,
        group_name=group_name,
        is_default=False,
    )
    db.add(template)
    await db.flush()
    return template


async def update_template(
    db: AsyncSession, template: RoleTemplate, changes: dict[str, object]
) -> RoleTemplate:
    roles = changes.get("role_ids", template.role_ids)
    auto = changes.get("auto_extend", template.auto_extend)
    assert isinstance(roles, list)
    assert isinstance(auto, bool)
    template.role_ids = check_roles([str(r) for r in roles], auto_extend=auto)
    template.auto_extend = auto
    if "name" in changes and changes["name"] != template.name:
        await _name_free(db, template.organization_id, str(changes["name"]), template.id)
        template.name = str(changes["name"])
    if "duration_days" in changes:
        template.duration_days = int(str(changes["duration_days"]))
    if "group_id" in changes:
        template.group_id = str(changes["group_id"]) if changes["group_id"] else None
        template.group_name = None
    if "group_name" in changes:
        template.group_name = str(changes["group_name"]) if changes["group_name"] else None
    await db.flush()
    return template


async def delete_template(db: AsyncSession, template: RoleTemplate) -> None:
    if template.is_default:
        raise Conflict(
            "The default template cannot be deleted; edit it instead.",
            code="template_is_default",
        )
    await db.delete(template)
    await db.flush()


def role_names(role_ids: Sequence[str]) -> list[str]:
    return [role_name(r) for r in role_ids]
