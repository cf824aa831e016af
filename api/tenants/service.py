"""The tenant table the way the portal shows it, and who may see which tenant."""

from __future__ import annotations

import base64
import enum
import functools
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import (
    Enum,
    Row,
    RowMapping,
    Select,
    String,
    Text,
    cast,
    delete,
    func,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import table_of, utcnow
from api.errors import NotFound, Unprocessable
from api.permissions import Action, Principal, allowed
from api.tenants.gdap import ROLES_NOT_ASSIGNED
from api.tenants.models import (
    EmailPermissions,
    GdapState,
    ManagedTenant,
    PetraStatus,
    TenantAssignment,
)
from api.tenants.roles import role_name
from api.tenants.schemas import (
    SortField,
    TenantAction,
    TenantErrorOut,
    TenantFilter,
    TenantOut,
    TenantQuery,
)
from api.tenants.sorting import TENANTS, after, order, sort_key, typed

# The expression the trigram index holds (ix_managed_tenant_search), spelled the same way.
SEARCH_TEXT = literal_column(
    "(lower(managed_tenant.display_name) || ' ' "
    "|| lower(coalesce(managed_tenant.default_domain, '')) || ' ' || managed_tenant.tenant_id)",
    String,
)


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


def _conditions(principal: Principal, params: TenantFilter) -> list[Any]:
    """`visible` and the query's filters, on the table's columns (plain Core statements)."""
    t = TENANTS.c
    found: list[Any] = [t.organization_id == principal.organization_id]
    if principal.tenant_scoped:
        assigned = table_of(TenantAssignment).c
        found.append(
            t.id.in_(
                select(assigned.managed_tenant_id).where(assigned.member_id == principal.member_id)
            )
        )
    if params.q:
        escaped = params.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found.append(SEARCH_TEXT.like(f"%{escaped}%"))
    if params.gdap_state:
        found.append(t.gdap_state == params.gdap_state)
    if params.status:
        found.append(t.status == params.status)
    if params.email_permissions:
        found.append(t.email_permissions == params.email_permissions)
    if params.excluded is not None:
        found.append(t.excluded.is_(params.excluded))
    if params.active is not None:
        found.append(t.active.is_(params.active))
    if params.last_sync_failed is not None:
        failed = t.last_error_code.is_not(None)
        found.append(failed if params.last_sync_failed else ~failed)
    if params.expiring_within_days is not None:
        limit = utcnow() + timedelta(days=params.expiring_within_days)
        # The ascending sort key (unknown ends as year 9999): its index answers the range.
        found.append(sort_key(SortField.gdap_end, False) <= limit)
    return found


@dataclass(frozen=True)
class _Position:
    """The last row a page showed: its sort key and its id as tie-break,
    and the total the first page counted (later pages repeat it instead of counting again)."""

    value: Any
    row_id: uuid.UUID
    total: int


def _encode_cursor(params: TenantQuery, value: Any, row_id: uuid.UUID, total: int) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    elif isinstance(value, enum.Enum):
        value = value.value
    raw = json.dumps(
        [params.sort.value, params.descending, value, str(row_id), total], ensure_ascii=False
    )
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(params: TenantQuery) -> _Position | None:
    """The cursor names the sort it was made for; one made for another sort is refused."""
    if not params.cursor:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(params.cursor))
        sort, descending, value, row_id, total = raw
        if sort != params.sort.value or descending is not params.descending:
            raise ValueError("the cursor belongs to another sort order")
        key = sort_key(params.sort, params.descending)
        return _Position(typed(key, value), uuid.UUID(row_id), int(total))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise Unprocessable(
            "The cursor is not valid for this sort order; start again from the first page.",
            code="invalid_cursor",
        ) from exc


def count_query(principal: Principal, params: TenantQuery) -> Select[int]:
    """What the first page counts: the matching rows."""
    return select(func.count()).select_from(TENANTS).where(*_conditions(principal, params))


# Read as their text: role lists repeat across tenants (one decode per distinct list, see
# `_role_names`), and the enums go to JSON as the strings they are stored as.
_AS_TEXT = {"gdap_role_ids", "account_role_ids", "ending_role_ids"} | {
    c.name for c in TENANTS.c if isinstance(c.type, Enum)
}


def _shown(column: Any) -> Any:
    if column.name in _AS_TEXT:
        return type_coerce(cast(column, Text), String).label(column.name)
    return column


# What a row of the table shows; the rest (consent bookkeeping, timestamps) stays unread.
_SHOWN = [
    _shown(c)
    for c in TENANTS.c
    if c.name not in {"organization_id", "app_consented", "consent_checked_at", "updated_at"}
]


@functools.lru_cache(maxsize=4096)
def _names_in(raw: str) -> tuple[str, ...]:
    return tuple(role_name(r) for r in json.loads(raw))


def _role_names(value: list[str] | str) -> list[str]:
    """Role names from a list of role ids, or from its JSON text (the list's rows)."""
    if isinstance(value, str):
        return list(_names_in(value))
    return [role_name(r) for r in value]


def page_query(
    principal: Principal, params: TenantQuery, *, with_total: bool = False
) -> Select[Any]:
    """The page itself: one index walk in sort order from the cursor, limit + 1 rows.

    `with_total` adds the count as a scalar subquery (PostgreSQL runs it once, as an InitPlan):
    the first page costs one statement and one round trip, not two.
    """
    key = sort_key(params.sort, params.descending)
    conditions = _conditions(principal, params)
    position = _decode_cursor(params)
    if position is not None:
        conditions.append(after(key, params.descending, position.value, position.row_id))
    columns = [*_SHOWN, key.label("sort_key")]
    if with_total:
        columns.append(count_query(principal, params).scalar_subquery().label("total"))
    # Plain rows, not ORM objects: the page is read, never changed, and identity-mapping fifty
    # rows cost more CPU than the query.
    return (
        select(*columns)
        .where(*conditions)
        .order_by(*order(key, params.descending))
        .limit(params.limit + 1)
    )


async def list_tenants(db: AsyncSession, principal: Principal, params: TenantQuery) -> bytes:
    """A keyset page, as the JSON of a `TenantPage`: rows added, removed or re-sorted between
    pages never shift the next one.

    Only the first page counts the matching rows; the cursor carries that total onward, so a
    later page reads no more rows than it shows. The rows go to JSON as plain values (the same
    fields, names and order as `TenantOut`): building fifty models per page cost more CPU than
    reading the rows.
    """
    position = _decode_cursor(params)
    rows = (await db.execute(page_query(principal, params, with_total=position is None))).all()
    # A first page without a row: nothing matches.
    first_total = int(rows[0].total) if rows and position is None else 0
    total = position.total if position is not None else first_total
    page, more = rows[: params.limit], len(rows) > params.limit
    next_cursor = None
    if more and page:
        last = page[-1]
        next_cursor = _encode_cursor(params, last.sort_key, last.id, total)
    manage = allowed(principal, Action.tenants_manage)
    items = [tenant_fields(t, principal, manage=manage) for t in page]
    # orjson writes these plain values as pydantic would (UTC as `Z`) in a sixth of the time.
    page_json: bytes = orjson.dumps(
        {"items": items, "total": total, "next_cursor": next_cursor}, option=orjson.OPT_UTC_Z
    )
    return page_json


async def export_rows(
    db: AsyncSession, principal: Principal, params: TenantFilter
) -> list[TenantOut]:
    key = sort_key(params.sort, params.descending)
    rows = (
        await db.execute(
            select(ManagedTenant)
            .where(*_conditions(principal, params))
            .order_by(*order(key, params.descending))
        )
    ).scalars()
    return [tenant_out(t, principal) for t in rows]


class _ByKey:
    """An ORM tenant read by key, the way a row of the list is read (`Row._mapping`)."""

    __slots__ = ("_tenant",)

    def __init__(self, tenant: ManagedTenant) -> None:
        self._tenant = tenant

    def __getitem__(self, key: str) -> Any:
        return getattr(self._tenant, key)


def _by_key(t: ManagedTenant | Row[Any]) -> RowMapping | _ByKey:
    # A row's mapping reads a column several times faster than the row's attributes.
    return t._mapping if isinstance(t, Row) else _ByKey(t)


def _actions(t: RowMapping | _ByKey, manage: bool) -> list[TenantAction]:
    """What the row offers; `manage`: whether the principal may manage tenants."""
    actions = [TenantAction.view]
    if not manage:
        return actions
    # `==`: the list's rows carry the enums' values as plain strings.
    if t["added_individually"] and t["gdap_state"] != GdapState.ready:
        # Reached through its admin's consent: checked again with the app's own token.
        if t["status"] in (PetraStatus.not_protected, PetraStatus.previously_deleted):
            actions.append(TenantAction.onboard)
        elif t["status"] == PetraStatus.access_lost:
            actions.append(TenantAction.reconsent)
        actions.append(TenantAction.exclude)
        return actions
    if t["gdap_state"] == GdapState.ready and t["active"]:
        if t["status"] in (PetraStatus.not_protected, PetraStatus.previously_deleted):
            actions.append(TenantAction.onboard)
        elif t["status"] == PetraStatus.access_lost:
            actions.append(TenantAction.reconsent)
    elif t["gdap_missing_code"] != ROLES_NOT_ASSIGNED:
        # Where the role exists but another group holds it, a new relationship would not help.
        actions.append(TenantAction.request_gdap)
    if t["email_permissions"] == EmailPermissions.needs_fix:
        actions.append(TenantAction.fix_email)
    actions.append(TenantAction.exclude)
    return actions


def tenant_fields(
    tenant: ManagedTenant | Row[Any], principal: Principal, *, manage: bool | None = None
) -> dict[str, Any]:
    """`TenantOut`'s fields, in its order, from a ManagedTenant or a row of its columns.

    The values come typed from the database: nothing is validated again. `manage`: whether the
    principal may manage tenants, when the caller knows it already (a page asks once, not per row).
    """
    t = _by_key(tenant)
    if manage is None:
        manage = allowed(principal, Action.tenants_manage)
    error = None
    if t["last_error_code"]:
        error = {
            "code": t["last_error_code"],
            "root_cause": t["last_error_root_cause"],
            "message": t["last_error_message"],
            "action": t["last_error_action"],
            "at": t["last_error_at"],
        }
    return {
        "tenant_id": t["tenant_id"],
        "display_name": t["display_name"],
        "default_domain": t["default_domain"],
        "gdap_state": t["gdap_state"],
        "gdap_missing_code": t["gdap_missing_code"],
        "gdap_missing_reason": t["gdap_missing_reason"],
        "gdap_roles": _role_names(t["gdap_role_ids"]),
        "gdap_account_roles": _role_names(t["account_role_ids"]),
        "relationship_count": t["relationship_count"],
        "gdap_earliest_end_at": t["earliest_end_at"],
        "gdap_ending_roles": _role_names(t["ending_role_ids"]),
        "gdap_latest_end_at": t["latest_end_at"],
        "gdap_auto_extend": t["auto_extend"],
        "active": t["active"],
        "last_seen_active_at": t["last_seen_active_at"],
        "users": t["user_count"],
        "users_source": t["user_count_source"],
        "users_counted_at": t["user_count_at"],
        "users_note": t["user_count_note"] if t["user_count"] is None else None,
        "status": t["status"],
        "product": t["product"],
        "email_permissions": t["email_permissions"],
        "access_lost_reason": t["access_lost_reason"],
        "access_lost_root_cause": t["access_lost_root_cause"],
        "access_lost_at": t["access_lost_at"],
        "monitored_at": t["monitored_at"],
        "added_individually": t["added_individually"],
        "added_individually_at": t["added_individually_at"],
        "excluded": t["excluded"],
        "excluded_at": t["excluded_at"],
        "excluded_by": t["excluded_by_label"],
        "last_synced_at": t["last_synced_at"],
        "last_error": error,
        "actions": _actions(t, manage),
    }


def tenant_out(t: ManagedTenant | Row[Any], principal: Principal) -> TenantOut:
    fields = tenant_fields(t, principal)
    error = fields.pop("last_error")
    return TenantOut.model_construct(
        **fields, last_error=TenantErrorOut.model_construct(**error) if error else None
    )


async def get_tenant(db: AsyncSession, principal: Principal, tenant_id: str) -> ManagedTenant:
    tenant = (
        await db.execute(visible(principal).where(ManagedTenant.tenant_id == tenant_id.lower()))
    ).scalar_one_or_none()
    if tenant is None:
        raise NotFound("No such tenant.", code="tenant_not_found")
    return tenant


async def set_excluded(
    db: AsyncSession, principal: Principal, tenant_id: str, excluded: bool
) -> ManagedTenant:
    """Exclude a tenant from batch work or include it again; who and when is kept."""
    tenant = await get_tenant(db, principal, tenant_id)
    if tenant.excluded != excluded:
        tenant.excluded = excluded
        tenant.excluded_at = utcnow()
        tenant.excluded_by_label = principal.label
    return tenant


async def tenant_ids_for_guest(db: AsyncSession, member_id: uuid.UUID) -> list[str]:
    rows = await db.execute(
        select(ManagedTenant.tenant_id)
        .join(TenantAssignment, TenantAssignment.managed_tenant_id == ManagedTenant.id)
        .where(TenantAssignment.member_id == member_id)
    )
    return sorted(rows.scalars())


async def assigned_tenants(
    db: AsyncSession, organization_id: uuid.UUID, member_id: uuid.UUID | None = None
) -> dict[uuid.UUID, list[str]]:
    """The tenants (Microsoft ids) assigned to each member, or to one member."""
    query = (
        select(TenantAssignment.member_id, ManagedTenant.tenant_id)
        .join(ManagedTenant, ManagedTenant.id == TenantAssignment.managed_tenant_id)
        .where(ManagedTenant.organization_id == organization_id)
        .order_by(ManagedTenant.tenant_id)
    )
    if member_id is not None:
        query = query.where(TenantAssignment.member_id == member_id)
    found: dict[uuid.UUID, list[str]] = {}
    for owner, tenant_id in (await db.execute(query)).all():
        found.setdefault(owner, []).append(tenant_id)
    return found


async def assign_tenants(
    db: AsyncSession,
    organization_id: uuid.UUID,
    member_id: uuid.UUID,
    tenant_ids: list[uuid.UUID],
) -> None:
    """Replace the tenants a member may see; every one must be a tenant of the organization."""
    wanted = {str(t).lower() for t in tenant_ids}
    rows = await db.execute(
        select(ManagedTenant.id, ManagedTenant.tenant_id).where(
            ManagedTenant.organization_id == organization_id,
            ManagedTenant.tenant_id.in_(wanted),
        )
    )
    found = {tenant_id: row_id for row_id, tenant_id in rows.all()}
    unknown = sorted(wanted - set(found))
    if unknown:
        raise Unprocessable(f"Unknown tenants: {', '.join(unknown[:10])}", code="unknown_tenants")
    await db.execute(delete(TenantAssignment).where(TenantAssignment.member_id == member_id))
    for row_id in found.values():
        db.add(TenantAssignment(member_id=member_id, managed_tenant_id=row_id))
    await db.flush()
