"""Reading the tenant table the way the portal's table shows it."""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.errors import NotFound, Unprocessable
from api.permissions import Action, Principal, allowed
from api.tenants.gdap import role_name
from api.tenants.models import (
    EmailPermissions,
    GdapRelationship,
    GdapState,
    ManagedTenant,
    PetraStatus,
    TenantAssignment,
)
from api.tenants.schemas import (
    RelationshipOut,
    SortField,
    TenantAction,
    TenantDetail,
    TenantErrorOut,
    TenantOut,
    TenantPage,
    TenantQuery,
)

SORT_COLUMNS: dict[SortField, Any] = {
    SortField.name: func.lower(ManagedTenant.display_name),
    SortField.tenant_id: ManagedTenant.tenant_id,
    SortField.gdap: ManagedTenant.gdap_state,
    SortField.users: ManagedTenant.user_count,
    SortField.status: ManagedTenant.status,
    SortField.email: ManagedTenant.email_permissions,
    SortField.gdap_end: ManagedTenant.latest_end_at,
    SortField.last_synced: ManagedTenant.last_synced_at,
    SortField.excluded: ManagedTenant.excluded,
}


def visible(principal: Principal) -> Select[ManagedTenant]:
    """Every tenant query starts here: the caller's organization, and a guest's assignments."""
    query = select(ManagedTenant).where(ManagedTenant.organization_id == principal.organization_id)
    if principal.tenant_scoped:
        query = query.where(
            ManagedTenant.id.in_(
                select(TenantAssignment.managed_tenant_id).where(
                    TenantAssignment.member_id == principal.member_id
                )
            )
        )
    return query


def _filtered(principal: Principal, params: TenantQuery) -> Select[ManagedTenant]:
    query = visible(principal)
    if params.q:
        escaped = params.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(
            or_(
                func.lower(ManagedTenant.display_name).like(pattern),
                func.lower(ManagedTenant.default_domain).like(pattern),
                ManagedTenant.tenant_id.like(pattern),
            )
        )
    if params.gdap_state:
        query = query.where(ManagedTenant.gdap_state == params.gdap_state)
    if params.status:
        query = query.where(ManagedTenant.status == params.status)
    if params.email_permissions:
        query = query.where(ManagedTenant.email_permissions == params.email_permissions)
    if params.excluded is not None:
        query = query.where(ManagedTenant.excluded.is_(params.excluded))
    if params.active is not None:
        query = query.where(ManagedTenant.active.is_(params.active))
    if params.expiring_within_days is not None:
        limit = utcnow() + timedelta(days=params.expiring_within_days)
        query = query.where(ManagedTenant.latest_end_at <= limit)
    return query


def _offset(cursor: str | None) -> int:
    # The cursor is opaque to callers; it holds an offset so any column can be the sort key.
    if not cursor:
        return 0
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("o:"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Unprocessable("The cursor is not valid.", code="invalid_cursor") from exc
    if value < 0:
        raise Unprocessable("The cursor is not valid.", code="invalid_cursor")
    return value


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


async def list_tenants(db: AsyncSession, principal: Principal, params: TenantQuery) -> TenantPage:
    query = _filtered(principal, params)
    total = int(await db.scalar(select(func.count()).select_from(query.subquery())) or 0)
    column = SORT_COLUMNS[params.sort]
    order = column.desc().nulls_last() if params.descending else column.asc().nulls_last()
    offset = _offset(params.cursor)
    rows = (
        await db.execute(query.order_by(order, ManagedTenant.id).offset(offset).limit(params.limit))
    ).scalars()
    items = [tenant_out(t, principal) for t in rows]
    more = offset + len(items) < total
    return TenantPage(
        items=items, total=total, next_cursor=_cursor(offset + len(items)) if more else None
    )


async def export_rows(
    db: AsyncSession, principal: Principal, params: TenantQuery
) -> list[TenantOut]:
    column = SORT_COLUMNS[params.sort]
    order = column.desc().nulls_last() if params.descending else column.asc().nulls_last()
    rows = (
        await db.execute(_filtered(principal, params).order_by(order, ManagedTenant.id))
    ).scalars()
    return [tenant_out(t, principal) for t in rows]


def actions_for(tenant: ManagedTenant, principal: Principal) -> list[TenantAction]:
    actions = [TenantAction.view]
    if not allowed(principal, Action.tenants_manage):
        return actions
    if tenant.gdap_state is GdapState.missing or not tenant.active:
        actions.append(TenantAction.request_gdap)
    elif tenant.status in (PetraStatus.not_protected, PetraStatus.previously_deleted):
        actions.append(TenantAction.onboard)
    if tenant.email_permissions is EmailPermissions.needs_fix:
        actions.append(TenantAction.fix_email)
    actions.append(TenantAction.exclude)
    return actions


def tenant_out(t: ManagedTenant, principal: Principal) -> TenantOut:
    error = None
    if t.last_error_code:
        error = TenantErrorOut(
            code=t.last_error_code,
            root_cause=t.last_error_root_cause,
            message=t.last_error_message,
            action=t.last_error_action,
            at=t.last_error_at,
        )
    return TenantOut(
        tenant_id=t.tenant_id,
        display_name=t.display_name,
        default_domain=t.default_domain,
        gdap_state=t.gdap_state,
        gdap_missing_reason=t.gdap_missing_reason,
        gdap_roles=[role_name(r) for r in t.gdap_role_ids],
        relationship_count=t.relationship_count,
        gdap_earliest_end_at=t.earliest_end_at,
        gdap_latest_end_at=t.latest_end_at,
        gdap_auto_extend=t.auto_extend,
        active=t.active,
        last_seen_active_at=t.last_seen_active_at,
        users=t.user_count,
        users_source=t.user_count_source,
        users_counted_at=t.user_count_at,
        status=t.status,
        product=t.product,
        email_permissions=t.email_permissions,
        excluded=t.excluded,
        excluded_at=t.excluded_at,
        excluded_by=t.excluded_by_label,
        last_synced_at=t.last_synced_at,
        last_error=error,
        actions=actions_for(t, principal),
    )


async def get_tenant(db: AsyncSession, principal: Principal, tenant_id: str) -> ManagedTenant:
    tenant = (
        await db.execute(visible(principal).where(ManagedTenant.tenant_id == tenant_id.lower()))
    ).scalar_one_or_none()
    if tenant is None:
        raise NotFound("No such tenant.", code="tenant_not_found")
    return tenant


async def tenant_detail(
    db: AsyncSession, principal: Principal, tenant: ManagedTenant
) -> TenantDetail:
    rels = (
        await db.execute(
            select(GdapRelationship)
            .where(GdapRelationship.managed_tenant_id == tenant.id)
            .order_by(GdapRelationship.end_at.desc().nulls_last())
        )
    ).scalars()
    return TenantDetail(
        **tenant_out(tenant, principal).model_dump(),
        relationships=[
            RelationshipOut(
                id=r.relationship_id,
                display_name=r.display_name,
                status=r.status,
                roles=[role_name(x) for x in r.role_ids],
                activated_at=r.activated_at,
                end_at=r.end_at,
                auto_extend_duration=r.auto_extend_duration,
            )
            for r in rels
        ],
    )


async def tenant_ids_for_guest(db: AsyncSession, member_id: uuid.UUID) -> list[str]:
    rows = await db.execute(
        select(ManagedTenant.tenant_id)
        .join(TenantAssignment, TenantAssignment.managed_tenant_id == ManagedTenant.id)
        .where(TenantAssignment.member_id == member_id)
    )
    return sorted(rows.scalars())
