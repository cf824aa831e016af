"""At 10,000 tenants every filter, sort and search of the table is answered from an index.

The plans are PostgreSQL's own (EXPLAIN ANALYZE on the statements the list runs), on a table
filled like a partner's: a plan that scanned the whole table, or a page that read more rows
than it shows, fails here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any, cast

import asyncpg
import pytest
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.orgs.service import create_organization
from api.permissions import Principal, Role
from api.tenants.schemas import SortField, TenantQuery
from api.tenants.service import _encode_cursor, count_query, page_query
from bench.tenant_rows import seed_tenants
from tests.services import Services

# SQLAlchemy ships the dialect class without annotations.
DIALECT = cast(Any, PGDialect)()
TENANTS = 10_000
OTHER_ORGANIZATIONS = 2
FILTERS: list[dict[str, Any]] = [
    {"gdap_state": "missing"},
    {"gdap_state": "none"},
    {"status": "monitoring"},
    {"email_permissions": "needs_fix"},
    {"excluded": True},
    {"active": False},
    {"last_sync_failed": True},
    {"expiring_within_days": 30},
]
SEARCHES = ["contoso", "fabrikamdental12", "4b8e", "onmicrosoft"]


def _sql(statement: Any) -> str:
    return str(statement.compile(dialect=DIALECT, compile_kwargs={"literal_binds": True}))


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    found = [plan]
    for child in plan.get("Plans", []):
        found += _nodes(child)
    return found


async def _explain(conn: asyncpg.Connection, statement: Any) -> dict[str, Any]:
    raw = await conn.fetchval(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {_sql(statement)}")
    return dict(json.loads(raw)[0]["Plan"])


@pytest.fixture
async def table(
    backing: Services, db_sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[tuple[asyncpg.Connection, Principal]]:
    async with db_sessions() as db:
        orgs = [await create_organization(db, f"MSP {i}") for i in range(1 + OTHER_ORGANIZATIONS)]
        await db.commit()
    conn = await asyncpg.connect(backing.database_url.replace("+asyncpg", ""))
    try:
        for org in orgs:
            await seed_tenants(conn, org.id, TENANTS)
        yield conn, Principal(organization_id=orgs[0].id, member_id=uuid.uuid4(), role=Role.admin)
    finally:
        await conn.close()


class TestPlans:
    async def test_every_sort_reads_only_its_page_first_and_later(
        self, table: tuple[asyncpg.Connection, Principal]
    ) -> None:
        conn, principal = table
        for sort in SortField:
            for descending in (False, True):
                first = TenantQuery(sort=sort, descending=descending, limit=50)
                rows = await conn.fetch(_sql(page_query(principal, first)))
                cursor = _encode_cursor(first, rows[49][-1], rows[49]["id"], TENANTS)
                later = TenantQuery(sort=sort, descending=descending, limit=50, cursor=cursor)
                for params in (first, later):
                    plan = await _explain(conn, page_query(principal, params))
                    nodes = _nodes(plan)
                    assert {n["Node Type"] for n in nodes} <= {"Limit", "Index Scan"}, (
                        sort,
                        descending,
                        json.dumps(plan)[:2000],
                    )
                    # The index is walked in order from the cursor and stops after the page.
                    assert all(n.get("Rows Removed by Filter", 0) == 0 for n in nodes)
                    assert plan["Actual Rows"] == 51

    async def test_filters_and_searches_use_indexes(
        self, table: tuple[asyncpg.Connection, Principal]
    ) -> None:
        conn, principal = table
        for query in [*FILTERS, *({"q": q} for q in SEARCHES)]:
            params = TenantQuery(**query, limit=50)
            for statement in (page_query(principal, params), count_query(principal, params)):
                plan = await _explain(conn, statement)
                kinds = {n["Node Type"] for n in _nodes(plan)}
                assert "Seq Scan" not in kinds, (query, plan)

    async def test_a_search_reads_the_trigram_index(
        self, table: tuple[asyncpg.Connection, Principal]
    ) -> None:
        conn, principal = table
        domain = await conn.fetchval(
            "SELECT default_domain FROM managed_tenant WHERE organization_id = $1 LIMIT 1",
            principal.organization_id,
        )
        plan = await _explain(conn, page_query(principal, TenantQuery(q=domain)))
        used = {n.get("Index Name") for n in _nodes(plan)}
        assert "ix_managed_tenant_search" in used
        assert plan["Actual Rows"] == 1

    async def test_the_first_page_counts_in_the_same_statement(
        self, table: tuple[asyncpg.Connection, Principal]
    ) -> None:
        conn, principal = table
        for params in (
            TenantQuery(limit=50),
            TenantQuery(sort=SortField.users, descending=True, limit=50),
            TenantQuery(gdap_state="none", limit=50),
        ):
            plan = await _explain(conn, page_query(principal, params, with_total=True))
            # The count runs once, as an InitPlan; the page is still its own index walk.
            count = [c for c in plan.get("Plans", []) if c.get("Parent Relationship") == "InitPlan"]
            assert len(count) == 1, json.dumps(plan)[:2000]
            walked = [
                n
                for c in plan.get("Plans", [])
                if c.get("Parent Relationship") != "InitPlan"
                for n in _nodes(c)
            ]
            if params.gdap_state is not None:
                assert "Seq Scan" not in {n["Node Type"] for n in _nodes(count[0])}
            else:
                assert {n["Node Type"] for n in [plan, *walked]} <= {"Limit", "Index Scan"}
                assert all(n.get("Rows Removed by Filter", 0) == 0 for n in walked)
                assert plan["Actual Rows"] == 51
            total = (await conn.fetch(_sql(page_query(principal, params, with_total=True))))[0]
            assert total["total"] == await conn.fetchval(_sql(count_query(principal, params)))
