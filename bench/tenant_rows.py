"""A realistic tenant table written straight to PostgreSQL (COPY), for the list benchmark and
the query-plan tests: names, domains, states and dates spread the way a partner's are."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from emulator.scenario import COMPANY_WORDS

# More first words than the emulator's, so 10,000 names stay varied enough to search.
WORDS = [
    *COMPANY_WORDS,
    "Lamna",
    "Munson",
    "Nod",
    "Olympia",
    "Bellows",
    "Datum",
    "Southridge",
    "Tasmanian",
    "VanArsdel",
    "Wingspan",
]
NOUNS = [
    "Traders",
    "Health",
    "Logistics",
    "Dental",
    "Legal",
    "Builders",
    "Foods",
    "Energy",
    "Design",
    "Travel",
    "Labs",
    "Media",
    "Motors",
    "Farms",
    "Partners",
    "Clinic",
    "Realty",
    "Academy",
    "Bakery",
    "Brewing",
]
SUFFIXES = ("Inc", "Ltd", "LLC", "GmbH", "Group", "Co")
COLUMNS = (
    "id",
    "organization_id",
    "tenant_id",
    "display_name",
    "default_domain",
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
    "user_count",
    "user_count_source",
    "user_count_at",
    "app_consented",
    "status",
    "email_permissions",
    "excluded",
    "last_synced_at",
    "last_error_code",
    "last_error_root_cause",
    "last_error_message",
    "last_error_action",
    "last_error_at",
    "created_at",
    "updated_at",
)


def _row(rng: random.Random, organization_id: uuid.UUID, i: int, now: datetime) -> tuple[Any, ...]:
    word, noun = rng.choice(WORDS), rng.choice(NOUNS)
    name = f"{word} {noun} {rng.choice(SUFFIXES)}"
    domain = f"{word.lower()}{noun.lower()}{i}.onmicrosoft.com"
    roll = rng.random()
    state = "ready" if roll < 0.6 else ("missing" if roll < 0.95 else "none")
    active = state != "none"
    end = now + timedelta(days=rng.randint(1, 700)) if active and rng.random() > 0.05 else None
    users = None if rng.random() < 0.2 else int(3 * (6666 ** (rng.random() ** 1.8)))
    failed = rng.random() < 0.03
    ga = '["62e90394-69f5-4237-9190-012177145e10"]'
    return (
        uuid.uuid4(),
        organization_id,
        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        name,
        domain,
        state,
        None if state == "ready" else "roles_missing",
        None if state == "ready" else "No active GDAP relationship holds the roles.",
        ga,
        ga if state == "ready" else "[]",
        "[]",
        1 if active else 0,
        end,
        end,
        rng.random() < 0.3,
        active,
        now,
        users,
        "unknown" if users is None else rng.choice(("graph", "partner_center")),
        None if users is None else now,
        rng.random() < 0.15,
        rng.choices(
            ("not_protected", "monitoring", "paused", "previously_deleted"), (70, 24, 4, 2)
        )[0],
        rng.choices(("unknown", "ok", "needs_fix"), (70, 25, 5))[0],
        rng.random() < 0.03,
        None if rng.random() < 0.05 else now - timedelta(minutes=rng.randint(0, 1440)),
        "graph_request_failed" if failed else None,
        "graph_request_failed" if failed else None,
        "Microsoft Graph refused the request." if failed else None,
        "Sync again." if failed else None,
        now if failed else None,
        now,
        now,
    )


async def seed_tenants(
    conn: asyncpg.Connection, organization_id: uuid.UUID, count: int, seed: int = 1
) -> None:
    """Writes `count` tenants for one organization and refreshes the planner's statistics."""
    rng = random.Random(f"{seed}:{organization_id}")
    now = datetime.now(UTC)
    rows = [_row(rng, organization_id, i, now) for i in range(count)]
    await conn.copy_records_to_table("managed_tenant", records=rows, columns=COLUMNS)
    await conn.execute("ANALYZE managed_tenant")
