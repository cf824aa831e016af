"""Writing what a sync learned. Every write is an idempotent upsert: a job may run twice."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    Boolean,
    DateTime,
    Integer,
    String,
    all_,
    any_,
    bindparam,
    case,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import table_of, utcnow
from api.tenants.access import to_json
from api.tenants.gdap import (
    NO_ACTIVE_RELATIONSHIP,
    Assignment,
    CustomerSummary,
    RelationshipView,
    by_customer,
)
from api.tenants.models import GdapRelationship, GdapState, ManagedTenant, UserCountSource

NO_ACCESS = (
    "No active GDAP relationship any more: the tenant stays in the table, but no data is read "
    "from it. Request a new GDAP relationship to restore access."
)


@dataclass
class PlanWrite:
    """What the plan learned beyond the summaries: fresh assignment reads and domains."""

    assignments: dict[str, list[Assignment]] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)
    # Partner group id -> name, for the assignments read now.
    group_names: dict[str, str] = field(default_factory=dict)
    # Every relationship listed, whatever its status and whether its customer counts.
    relationships: list[RelationshipView] = field(default_factory=list)


async def apply_relationships(
    db: AsyncSession,
    organization_id: uuid.UUID,
    summaries: dict[str, CustomerSummary],
    learned: PlanWrite | None = None,
) -> dict[str, uuid.UUID]:
    """Upsert one tenant per customer and mirror its relationships; mark vanished tenants.

    A row is written only where the listing changed it: every index of the tenant table (its
    sorts, filters and search) takes a new entry for each row version, and most rows read the
    same from one sync to the next. "Last seen active" moves with each tenant's outcome
    (`apply_outcomes`); a tenant vanished when the listing no longer names it.
    """
    learned = learned or PlanWrite()
    seen_at = utcnow()
    tenant_rows = [
        _tenant_row(organization_id, s, learned.domains.get(s.tenant_id), seen_at)
        for s in summaries.values()
    ]
    tenants = table_of(ManagedTenant)
    stmt = insert(tenants)
    updated: dict[str, Any] = {k: stmt.excluded[k] for k in _TENANT_UPDATED}
    updated["default_domain"] = func.coalesce(
        stmt.excluded.default_domain, tenants.c.default_domain
    )
    changed = await _changed(
        db,
        tenants,
        "tenant_id",
        _TENANT_COMPARED,
        organization_id,
        tenant_rows,
        # A domain not learned this time keeps the one stored.
        keeps="default_domain",
    )
    if changed:
        # One statement executed over all rows (asyncpg batches them): compiling a VALUES list
        # of hundreds of rows cost more CPU than the whole database round trip.
        await db.execute(
            stmt.on_conflict_do_update(
                index_elements=["organization_id", "tenant_id"], set_=updated
            ),
            changed,
        )
    known = await _mirror(db, organization_id, summaries, learned, seen_at)
    vanished = (
        ManagedTenant.organization_id == organization_id,
        ManagedTenant.active.is_(True),
        ManagedTenant.tenant_id != all_(_strings(list(summaries))),
    )
    # A tenant added individually never needed GDAP: without a relationship it stays reachable
    # through its admin's consent, and GDAP does not apply to it again.
    await db.execute(
        update(ManagedTenant)
        .where(*vanished, ManagedTenant.added_individually.is_(True))
        .values(
            gdap_state=GdapState.not_applicable,
            gdap_missing_code=None,
            gdap_missing_reason=None,
            account_role_ids=[],
            ending_role_ids=[],
            gdap_role_ids=[],
            earliest_end_at=None,
            latest_end_at=None,
            auto_extend=False,
            relationship_count=0,
        )
    )
    await db.execute(
        update(ManagedTenant)
        .where(*vanished, ManagedTenant.added_individually.is_(False))
        .values(
            active=False,
            gdap_state=GdapState.none,
            gdap_missing_code=NO_ACTIVE_RELATIONSHIP,
            gdap_missing_reason=NO_ACCESS,
            account_role_ids=[],
            ending_role_ids=[],
            earliest_end_at=None,
            auto_extend=False,
            relationship_count=0,
        )
    )
    return {tenant_id: known[tenant_id] for tenant_id in summaries if tenant_id in known}


def _strings(values: list[str]) -> Any:
    """One array parameter, however many values: no statement grows with the partner."""
    return bindparam(None, values, type_=ARRAY(String), expanding=False)


async def _mirror(
    db: AsyncSession,
    organization_id: uuid.UUID,
    summaries: dict[str, CustomerSummary],
    learned: PlanWrite,
    seen_at: datetime,
) -> dict[str, uuid.UUID]:
    """The relationships as listed; returns the row id of each tenant they belong to."""
    listed = by_customer(learned.relationships)
    for tenant_id, summary in summaries.items():
        listed.setdefault(tenant_id, summary.listed or summary.relationships)
    # A tenant kept from earlier syncs shows the relationships that ended or wait for approval.
    known = await _tenant_row_ids(db, organization_id, set(listed))
    rel_rows = [
        _relationship_row(organization_id, known[tenant_id], rel, learned, seen_at)
        for tenant_id, rels in listed.items()
        if tenant_id in known
        for rel in rels
    ]
    relationships = table_of(GdapRelationship)
    stmt = insert(relationships)
    fresh = stmt.excluded.assignments_read_at.is_not(None)
    kept = {
        "assignments": case((fresh, stmt.excluded.assignments), else_=relationships.c.assignments),
        "assignments_read_at": func.coalesce(
            stmt.excluded.assignments_read_at, relationships.c.assignments_read_at
        ),
    }
    # Written where the listing changed it, or where its access assignments were read again.
    reread = [row for row in rel_rows if row["assignments_read_at"] is not None]
    listed_only = [row for row in rel_rows if row["assignments_read_at"] is None]
    changed = reread + await _changed(
        db, relationships, "relationship_id", _RELATIONSHIP_COMPARED, organization_id, listed_only
    )
    if changed:
        await db.execute(
            stmt.on_conflict_do_update(
                index_elements=["organization_id", "relationship_id"],
                set_={**{k: stmt.excluded[k] for k in _RELATIONSHIP_UPDATED}, **kept},
            ),
            changed,
        )
    await db.execute(
        delete(GdapRelationship).where(
            GdapRelationship.organization_id == organization_id,
            GdapRelationship.relationship_id
            != all_(_strings([row["relationship_id"] for row in rel_rows])),
        )
    )
    return known


async def _changed(
    db: AsyncSession,
    table: Any,
    key: str,
    compared: Sequence[str],
    organization_id: uuid.UUID,
    rows: list[dict[str, Any]],
    *,
    keeps: str | None = None,
) -> list[dict[str, Any]]:
    """The rows the table lacks, or holds with other values in `compared`; a row's None in
    the column `keeps` stands for the stored value."""
    if not rows:
        return []
    result = await db.execute(
        select(table.c[key], *(table.c[c] for c in compared)).where(
            table.c.organization_id == organization_id
        )
    )
    stored = {found[0]: found[1:] for found in result.all()}

    def same(row: dict[str, Any]) -> bool:
        values = stored.get(row[key])
        return values is not None and all(
            row[c] == value or (c == keeps and row[c] is None)
            for c, value in zip(compared, values, strict=True)
        )

    return [row for row in rows if not same(row)]


async def _tenant_row_ids(
    db: AsyncSession, organization_id: uuid.UUID, tenant_ids: set[str]
) -> dict[str, uuid.UUID]:
    if not tenant_ids:
        return {}
    rows = await db.execute(
        select(ManagedTenant.tenant_id, ManagedTenant.id).where(
            ManagedTenant.organization_id == organization_id,
            ManagedTenant.tenant_id == any_(_strings(list(tenant_ids))),
        )
    )
    return {row.tenant_id: row.id for row in rows}


_TENANT_UPDATED = (
    "display_name",
    "gdap_state",
    "gdap_missing_code",
    "gdap_missing_reason",
    "gdap_role_ids",
    "account_role_ids",
    "ending_role_ids",
    "relationship_count",
    "earliest_end_at",
    "latest_end_at",
    "auto_extend",
    "active",
    "last_seen_active_at",
)
_RELATIONSHIP_UPDATED = (
    "managed_tenant_id",
    "display_name",
    "status",
    "kind",
    "role_ids",
    "activated_at",
    "end_at",
    "auto_extend_duration",
    "modified_at",
    "last_seen_at",
)
# What the plan compares before writing a row: the listing's fields, not when it was seen.
_TENANT_COMPARED = (*(c for c in _TENANT_UPDATED if c != "last_seen_active_at"), "default_domain")
_RELATIONSHIP_COMPARED = tuple(c for c in _RELATIONSHIP_UPDATED if c != "last_seen_at")


def _tenant_row(
    org: uuid.UUID, s: CustomerSummary, domain: str | None, seen_at: datetime
) -> dict[str, Any]:
    return {
        "organization_id": org,
        "tenant_id": s.tenant_id,
        "display_name": s.display_name[:256],
        "default_domain": domain,
        "gdap_state": s.gdap_state,
        "gdap_missing_code": s.missing_code,
        "gdap_missing_reason": (s.missing_reason or "")[:500] or None,
        "gdap_role_ids": s.role_ids,
        "account_role_ids": s.account_role_ids,
        "ending_role_ids": s.ending_role_ids,
        "relationship_count": len(s.relationships),
        "earliest_end_at": s.earliest_end_at,
        "latest_end_at": s.latest_end_at,
        "auto_extend": s.auto_extend,
        "active": True,
        "last_seen_active_at": seen_at,
    }


def _relationship_row(
    org: uuid.UUID,
    tenant_row_id: uuid.UUID,
    rel: RelationshipView,
    learned: PlanWrite,
    seen_at: datetime,
) -> dict[str, Any]:
    read = learned.assignments.get(rel.id)
    return {
        "organization_id": org,
        "managed_tenant_id": tenant_row_id,
        "relationship_id": rel.id,
        "display_name": rel.display_name[:100],
        "status": rel.status,
        "kind": rel.kind,
        "role_ids": list(rel.role_ids),
        "activated_at": rel.activated_at,
        "end_at": rel.end_at,
        "auto_extend_duration": rel.auto_extend_duration,
        "modified_at": rel.modified_at,
        "assignments": to_json(read, learned.group_names) if read is not None else [],
        "assignments_read_at": seen_at if read is not None else None,
        "last_seen_at": seen_at,
    }


@dataclass
class TenantRefresh:
    user_count: int | None
    source: UserCountSource
    app_consented: bool | None
    default_domain: str | None = None
    # Why the count is unknown, for the person reading the table.
    note: str | None = None
    # When this sync asked Microsoft whether the app is consented (None: it did not ask).
    consent_checked_at: datetime | None = None
    # Microsoft refused access the kept assignments promised: read them again next sync.
    access_changed: bool = False


@dataclass
class TenantFailure:
    code: str
    root_cause: str
    message: str
    action: str


async def apply_outcomes(
    db: AsyncSession,
    organization_id: uuid.UUID,
    refreshed: dict[str, TenantRefresh],
    failed: dict[str, TenantFailure],
) -> None:
    """Many tenants' outcomes in a few executemany statements instead of one statement each."""
    conn = await db.connection()
    now = utcnow()
    table = table_of(ManagedTenant)
    match = (table.c.organization_id == organization_id) & (table.c.tenant_id == bindparam("t"))
    if refreshed:
        await conn.execute(_refresh_statement(table, match, now), _refresh_rows(refreshed, now))
        await _forget_assignments(db, organization_id, refreshed)
    if failed:
        stmt = (
            table.update()
            .where(match)
            .values(
                last_error_code=bindparam("code"),
                last_error_root_cause=bindparam("cause"),
                last_error_message=bindparam("message"),
                last_error_action=bindparam("action"),
                last_error_at=now,
                last_seen_active_at=now,
            )
        )
        await conn.execute(
            stmt,
            [
                {
                    "t": tenant_id,
                    "code": f.code[:80],
                    "cause": f.root_cause[:80],
                    "message": f.message[:1000],
                    "action": f.action[:500],
                }
                for tenant_id, f in failed.items()
            ],
        )


def _refresh_statement(table: Any, match: Any, now: datetime) -> Any:
    stamp = DateTime(timezone=True)
    return (
        table.update()
        .where(match)
        .values(
            user_count=func.coalesce(bindparam("count", type_=Integer), table.c.user_count),
            user_count_at=func.coalesce(
                bindparam("counted_at", type_=stamp), table.c.user_count_at
            ),
            user_count_source=bindparam("source"),
            user_count_note=bindparam("note"),
            app_consented=func.coalesce(
                bindparam("consented", type_=Boolean), table.c.app_consented
            ),
            consent_checked_at=func.coalesce(
                bindparam("checked", type_=stamp), table.c.consent_checked_at
            ),
            default_domain=func.coalesce(bindparam("domain"), table.c.default_domain),
            last_synced_at=now,
            last_seen_active_at=now,
            last_error_code=None,
            last_error_root_cause=None,
            last_error_message=None,
            last_error_action=None,
            last_error_at=None,
        )
    )


def _refresh_rows(refreshed: dict[str, TenantRefresh], now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "t": tenant_id,
            "count": r.user_count,
            "counted_at": now if r.user_count is not None else None,
            "source": r.source.value,
            "note": (r.note or "")[:300] or None,
            "consented": r.app_consented,
            "checked": r.consent_checked_at,
            "domain": r.default_domain,
        }
        for tenant_id, r in refreshed.items()
    ]


async def _forget_assignments(
    db: AsyncSession, organization_id: uuid.UUID, refreshed: dict[str, TenantRefresh]
) -> None:
    changed = [t for t, r in refreshed.items() if r.access_changed]
    if not changed:
        return
    await db.execute(
        update(GdapRelationship)
        .where(
            GdapRelationship.organization_id == organization_id,
            GdapRelationship.managed_tenant_id.in_(
                select(ManagedTenant.id).where(
                    ManagedTenant.organization_id == organization_id,
                    ManagedTenant.tenant_id.in_(changed),
                )
            ),
        )
        .values(assignments_read_at=None)
    )
