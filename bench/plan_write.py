"""The sync plan's write: the tenant table and the relationships, from one GDAP listing.

    .venv/bin/python -m bench.plan_write --tenants 1000,10000 --rounds 10

The tenants start only once the plan's one transaction has committed, so its write is on every
sync's critical path. This runs the product's `apply_relationships` on an empty database
(`bench.tenants_list.prepare`: migrated, one organization) with a listing built here: every
tenant Ready, one active relationship each and a second one for a quarter of them, a domain
each. The first write inserts everything (a first sync); the next `--rounds` write the same
listing again (a later sync of a partner whose GDAP did not change), then one more where a
tenth of the tenants changed (a relationship ended). The tables are vacuumed and analyzed
before each write, as autovacuum would between two nightly syncs. Each prints the median
milliseconds of wall time and of this process's CPU, and the rows the tenant table holds.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from api.tenants.gdap import CustomerSummary, RelationshipView
from api.tenants.models import GdapState, ManagedTenant
from api.tenants.roles import DIRECTORY_READERS, GLOBAL_ADMINISTRATOR
from api.tenants.store import PlanWrite, apply_relationships
from bench.tenants_list import prepare

DB_NAME = "petra_bench_plan"
NOW = datetime(2026, 12, 1, tzinfo=UTC)
ROLES = [GLOBAL_ADMINISTRATOR, DIRECTORY_READERS]


def listing(tenants: int, seed: int = 1) -> dict[str, CustomerSummary]:
    rng = random.Random(seed)
    summaries = {}
    for i in range(tenants):
        tenant_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        views = [
            RelationshipView(
                id=f"{uuid.UUID(int=rng.getrandbits(128), version=4)}-{n}",
                display_name=f"Contoso_{i}_{n}",
                status="active",
                customer_tenant_id=tenant_id,
                customer_name=f"Customer {i}",
                role_ids=ROLES,
                end_at=NOW + timedelta(days=rng.randint(30, 700)),
                activated_at=NOW - timedelta(days=rng.randint(1, 300)),
                auto_extend_duration="PT0S",
                modified_at=NOW - timedelta(days=rng.randint(1, 300)),
            )
            for n in range(1 if rng.random() < 0.75 else 2)
        ]
        ends = min(v.end_at for v in views if v.end_at)
        summaries[tenant_id] = CustomerSummary(
            tenant_id=tenant_id,
            display_name=f"Customer {i}",
            gdap_state=GdapState.ready,
            missing_code=None,
            missing_reason=None,
            role_ids=ROLES,
            account_role_ids=ROLES,
            earliest_end_at=ends,
            ending_role_ids=[],
            latest_end_at=max(v.end_at for v in views if v.end_at),
            auto_extend=False,
            relationships=views,
            listed=views,
        )
    return summaries


def one_in_ten_ended(summaries: dict[str, CustomerSummary]) -> dict[str, CustomerSummary]:
    """The same listing, where a tenth of the tenants lost a relationship (and so a role)."""
    changed = dict(summaries)
    for tenant_id in list(summaries)[::10]:
        s = summaries[tenant_id]
        ended = [dataclasses.replace(v, status="terminated") for v in s.listed]
        changed[tenant_id] = dataclasses.replace(
            s, role_ids=[DIRECTORY_READERS], account_role_ids=[DIRECTORY_READERS], listed=ended
        )
    return changed


async def measure(postgres: str, database: str, tenants: int, rounds: int) -> None:
    organization_id = await prepare(postgres, database, 0, 1)
    url = postgres.replace("postgresql://", "postgresql+asyncpg://") + f"/{database}"
    engine = create_async_engine(url)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    summaries = listing(tenants)
    domains = {tenant: f"customer{i}.onmicrosoft.com" for i, tenant in enumerate(summaries)}
    relationships = [v for s in summaries.values() for v in s.listed]

    async def write(listed: dict[str, CustomerSummary], learned: PlanWrite) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        async with sessions.begin() as db:
            await apply_relationships(db, organization_id, listed, learned)
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

    async def vacuum() -> None:
        # As between two nightly syncs: autovacuum has tidied the rows the last one wrote.
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM ANALYZE managed_tenant, gdap_relationship"))

    try:
        runs = {
            "first (inserts)": [
                await write(summaries, PlanWrite(domains=domains, relationships=relationships))
            ]
        }
        runs["same listing"] = []
        for _ in range(rounds):
            await vacuum()
            runs["same listing"].append(
                await write(summaries, PlanWrite(relationships=relationships))
            )
        await vacuum()
        changed = one_in_ten_ended(summaries)
        runs["a tenth changed"] = [
            await write(
                changed, PlanWrite(relationships=[v for s in changed.values() for v in s.listed])
            )
        ]
        async with sessions() as db:
            held = await db.scalar(select(func.count()).select_from(ManagedTenant))
    finally:
        await engine.dispose()
    print(f"{tenants} tenants, {len(relationships)} relationships ({held} rows held)")
    for name, values in runs.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(f"  {name:>16}: {wall:8.1f} ms wall {cpu:8.1f} ms CPU  (median of {len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tenants", default="1000,10000", help="comma-separated sizes")
    parser.add_argument("--rounds", type=int, default=10, help="writes of the same listing")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default=DB_NAME, help="database to create (dropped first)")
    args = parser.parse_args()
    for size in (int(s) for s in args.tenants.split(",")):
        asyncio.run(measure(args.postgres, args.database, size, args.rounds))


if __name__ == "__main__":
    main()
