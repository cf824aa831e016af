"""The sync benchmark's floors: what the order of the tenants alone allows."""

from __future__ import annotations

from typing import Any

from api.tenants.roles import DIRECTORY_READERS
from bench.first_sync_orders import (
    Tenant,
    fewest_pages_first,
    held,
    makespan,
    next_pages_first,
    pages_first,
    rounds,
    token_beside_pages,
    token_first,
)
from bench.sync import chains, order_floors


def _customer(tenant_id: str, users: int, *, consented: bool = False) -> dict[str, Any]:
    return {
        "tenantId": tenant_id,
        "userCount": users,
        "appConsented": consented,
        "adminCoveredRoles": [DIRECTORY_READERS],
        "relationships": [{"status": "active", "displayName": f"rel-{tenant_id}"}],
    }


def test_a_long_chain_that_starts_last_runs_on_alone() -> None:
    assert makespan([4, 1, 1, 1], 2) == 4
    assert makespan([1, 1, 1, 4], 2) == 5
    assert makespan([], 50) == 0


def test_the_first_sync_pages_first_and_later_ones_start_heaviest_first() -> None:
    truth = {
        "customers": [
            _customer("a", 10),
            _customer("b", 20),
            _customer("c", 30),
            _customer("z", 2_000),  # four pages
            _customer("y", 10, consented=True),
        ]
    }
    assert chains(truth, cold=True) == {"a": 2, "b": 2, "c": 2, "y": 2, "z": 5}
    assert chains(truth, cold=False) == {"a": 1, "b": 1, "c": 1, "y": 1, "z": 4}
    # Cold, two slots: every tenant's first page goes out before the tokens (a b, c y, then z
    # with a's token); z, found long, has no fewer-paged tenant ahead of its next pages, which
    # take a slot while the tokens and y's count fill the other: 7 rounds, what the best order
    # (z first) takes too.
    assert order_floors(truth, cold=True, slots=2, batch=10, max_jobs=10) == (7, 7)
    # Steady, the 4-page tenant starts first: the floor is the best order's.
    assert order_floors(truth, cold=False, slots=2, batch=10, max_jobs=10) == (4, 4)


def test_rounds_follow_the_line_and_the_job_limit() -> None:
    long, short = ["token", "first page", "next page", "next page"], ["token"]
    # Held slots, two at once: the long tenant comes up third and runs on alone.
    assert rounds([[short], [short], [long]], held, slots=2, batch=10, max_jobs=None) == 5
    # Next pages first: the long tenant, once found, never waits behind a new one.
    tenants = [[short], [short], [short], [long]]
    assert rounds(tenants, next_pages_first, slots=2, batch=10, max_jobs=None) == 5
    assert rounds([[long], [short], [short], [short]], held, 2, 10, None) == 4
    # One job at a time, one tenant a job: the calls go one after another.
    assert rounds([[short], [short], [long]], held, slots=2, batch=1, max_jobs=1) == 6


def test_fewest_pages_first_until_a_tenant_shows_itself_long() -> None:
    calls = [
        (0, "token", 0),
        (1, "next page", 3),
        (2, "first page", 0),
        (3, "next page", 9),
        (4, "next page", 1),
        (5, "next page", 12),
        (6, "count", 1),
    ]
    line = sorted(calls, key=lambda c: fewest_pages_first(*c))
    # First pages, then the fewest made, then those past eight pages deepest first; the
    # tokens and counts after every page.
    assert [i for i, *_ in line] == [2, 4, 1, 5, 3, 0, 6]


def test_the_token_beside_the_pages_stops_paging_where_it_is_granted() -> None:
    assert token_first(Tenant(consented=False, pages=3)) == [
        ["token", "first page", "next page", "next page"]
    ]
    assert token_beside_pages(Tenant(consented=True, pages=3)) == [
        ["token", "count"],
        ["first page"],
    ]
    assert pages_first(Tenant(consented=True, pages=2)) == [
        ["first page", "next page", "token", "count"]
    ]
    assert token_beside_pages(Tenant(consented=False, pages=None)) == [["token"]]
