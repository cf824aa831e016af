"""Writing what a sync learned. Every write is an idempotent upsert: a job may run twice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, bindparam, delete, func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import table_of, utcnow
from api.tenants.gdap import CustomerSummary
from api.tenants.models import GdapRelationship, ManagedTenant, UserCountSource


async def apply_relationships(
    db: AsyncSession, organization_id: uuid.UUID, summaries: dict[str, CustomerSummary]
) -> dict[str, uuid.UUID]:
    """Upsert one tenant per customer and mirror its relationships; mark vanished tenants."""
    seen_at = utcnow()
    ids: dict[str, uuid.UUID] = {}
    tenant_rows = [_tenant_row(organization_id, s, seen_at) for s in summaries.values()]
    # One statement executed over all rows (asyncpg batches them): compiling a VALUES list of
    # hundreds of rows per chunk cost more CPU than the whole database round trip.
    tenants = table_of(ManagedTenant)
    stmt = insert(tenants)
    upsert = stmt.on_conflict_do_update(
        index_elements=["organization_id", "tenant_id"],
        set_={k: stmt.excluded[k] for k in _TENANT_UPDATED},
    ).returning(tenants.c.id, tenants.c.tenant_id)
    if tenant_rows:
        result = await db.execute(upsert, tenant_rows)
        ids.update({tenant_id: row_id for row_id, tenant_id in result.all()})
    rel_rows = [
        _relationship_row(organization_id, ids[s.tenant_id], rel, seen_at)
        for s in summaries.values()
        for rel in s.relationships
    ]
    relationships = table_of(GdapRelationship)
    stmt = insert(relationships)
    if rel_rows:
        await db.execute(
            stmt.on_conflict_do_update(
                index_elements=["organization_id", "relationship_id"],
                set_={k: stmt.excluded[k] for k in _RELATIONSHIP_UPDATED},
            ),
            rel_rows,
        )
    await db.execute(
        delete(GdapRelationship).where(
            GdapRelationship.organization_id == organization_id,
            GdapRelationship.last_seen_at < seen_at,
        )
    )
    await db.execute(
        update(ManagedTenant)
        .where(
            ManagedTenant.organization_id == organization_id,
            ManagedTenant.active.is_(True),
            ManagedTenant.last_seen_active_at < seen_at,
        )
        .values(active=False, gdap_missing_reason="No active GDAP relationship any more.")
    )
    return ids


_TENANT_UPDATED = (
    "display_name",
    "gdap_state",
    "gdap_missing_reason",
    "gdap_role_ids",
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
    "role_ids",
    "activated_at",
    "end_at",
    "auto_extend_duration",
    "last_seen_at",
)


def _tenant_row(org: uuid.UUID, s: CustomerSummary, seen_at: datetime) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "organization_id": org,
        "tenant_id": s.tenant_id,
        "display_name": s.display_name[:256],
        "gdap_state": s.gdap_state,
        "gdap_missing_reason": s.missing_reason,
        "gdap_role_ids": s.role_ids,
        "relationship_count": len(s.relationships),
        "earliest_end_at": s.earliest_end_at,
        "latest_end_at": s.latest_end_at,
        "auto_extend": s.auto_extend,
        "active": True,
        "last_seen_active_at": seen_at,
    }


def _relationship_row(
    org: uuid.UUID, tenant_row_id: uuid.UUID, rel: Any, seen_at: datetime
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "organization_id": org,
        "managed_tenant_id": tenant_row_id,
        "relationship_id": rel.id,
        "display_name": rel.display_name[:100],
        "status": rel.status,
        "role_ids": list(rel.role_ids),
        "activated_at": rel.activated_at,
        "end_at": rel.end_at,
        "auto_extend_duration": rel.auto_extend_duration,
        "last_seen_at": seen_at,
    }


@dataclass
class TenantRefresh:
    user_count: int | None
    source: UserCountSource
    app_consented: bool | None
    default_domain: str | None = None


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
    """Many tenants' outcomes in two executemany statements instead of one statement each."""
    conn = await db.connection()
    now = utcnow()
    table = table_of(ManagedTenant)
    match = (table.c.organization_id == organization_id) & (table.c.tenant_id == bindparam("t"))
    if refreshed:
        stmt = (
            table.update()
            .where(match)
            .values(
                user_count=func.coalesce(bindparam("count", type_=Integer), table.c.user_count),
                user_count_at=func.coalesce(
                    bindparam("counted_at", type_=DateTime(timezone=True)), table.c.user_count_at
                ),
                user_count_source=bindparam("source"),
                app_consented=bindparam("consented"),
                last_synced_at=now,
                last_error_code=None,
                last_error_root_cause=None,
                last_error_message=None,
                last_error_action=None,
                last_error_at=None,
            )
        )
        await conn.execute(
            stmt,
            [
                {
                    "t": tenant_id,
                    "count": r.user_count,
                    "counted_at": now if r.user_count is not None else None,
                    "source": r.source.value,
                    "consented": r.app_consented,
                }
                for tenant_id, r in refreshed.items()
            ],
        )
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
