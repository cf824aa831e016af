"""The list writes its page straight to JSON: it must say exactly what `TenantOut` says."""

from __future__ import annotations

import json
import uuid

import asyncpg
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.orgs.service import create_organization
from api.permissions import Principal, Role
from api.tenants.models import ManagedTenant
from api.tenants.schemas import SortField, TenantPage, TenantQuery
from api.tenants.service import count_query, list_tenants, tenant_out
from bench.tenant_rows import seed_tenants
from tests.services import Services


async def test_page_json_is_tenant_out_of_each_row(
    backing: Services, db_sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with db_sessions() as db:
        org = await create_organization(db, "MSP")
        await db.commit()
    conn = await asyncpg.connect(backing.database_url.replace("+asyncpg", ""))
    try:
        await seed_tenants(conn, org.id, 300)
    finally:
        await conn.close()
    errors = 0
    for role in (Role.admin, Role.billing):
        principal = Principal(organization_id=org.id, member_id=uuid.uuid4(), role=role)
        for params in (
            TenantQuery(limit=120),
            TenantQuery(sort=SortField.users, descending=True, limit=500),
            TenantQuery(last_sync_failed=True),
            TenantQuery(q="a", sort=SortField.status, descending=True, limit=30),
        ):
            async with db_sessions() as db:
                body = await list_tenants(db, principal, params)
                page = TenantPage.model_validate_json(body)
                ids = [item.tenant_id for item in page.items]
                rows = (
                    await db.execute(
                        select(ManagedTenant).where(
                            ManagedTenant.organization_id == org.id,
                            ManagedTenant.tenant_id.in_(ids),
                        )
                    )
                ).scalars()
                by_id = {t.tenant_id: t for t in rows}
            expected = [tenant_out(by_id[i], principal).model_dump(mode="json") for i in ids]
            assert json.loads(body)["items"] == expected
            async with db_sessions() as db:
                assert page.total == await db.scalar(count_query(principal, params))
            assert page.items
            errors += sum(1 for item in page.items if item.last_error)
    assert errors
