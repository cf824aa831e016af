"""The first sync's tenants under other orders: rounds of calls, from the scenario alone.

The first sync knows nothing about its tenants' sizes: started in tenant id order, a 40-page
tenant that comes up late runs on alone (bench/README.md, "what the order of the tenants
allows"). This replays the tenants' calls of a first sync over C slots, one latency a round,
under the engine's order (`fewest_pages_first`) and under others, with nothing else costing:
which order closes the gap, before anyone builds it.

    python -m bench.first_sync_orders --size 1000 [--seed 1] [--concurrency 50]

Each tenant's calls come from the scenario's truth, as `bench.sync.chains` counts them
(`token_first`). An order that asks for the user pages before the token, or beside it, also
pages the consented tenants, which the first sync cannot tell apart (`pages_first`,
`token_beside_pages`). The bound is made of the calls of the token first.
"""

from __future__ import annotations

import argparse
import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from api.microsoft.partner_center import USER_PAGE_SIZE
from api.tenants.refresh import page_rank
from api.tenants.roles import USER_LIST_ROLES
from emulator.control import truth
from emulator.state import EmulatorState

TOKEN, COUNT, FIRST_PAGE, NEXT_PAGE = "token", "count", "first page", "next page"
# A call's place in line, lowest first: (tenant index, the call, calls the tenant made so far).
Priority = Callable[[int, str, int], tuple[int, ...]]


@dataclass(frozen=True)
class Tenant:
    consented: bool
    # User pages Partner Center gives (None: no role lets the account list users).
    pages: int | None


@dataclass(frozen=True)
class Policy:
    name: str
    # A tenant's calls as lanes: each lane one call after another, lanes side by side.
    calls: Callable[[Tenant], list[list[str]]]
    priority: Priority
    max_jobs: int | None


def first_sync_tenants(size: int, seed: int) -> list[Tenant]:
    """Every tenant a sync of the generated scenario refreshes, in tenant id order."""
    state = EmulatorState(public_url="http://emulator", redirect_uris=None, control_enabled=True)
    state.load("generated", seed, size)
    return list(tenants_of(truth(state)).values())


def tenants_of(scenario: dict[str, Any]) -> dict[str, Tenant]:
    """The tenants of the emulator's truth (`GET /_emulator/scenario`) a sync refreshes (an
    active relationship that is not `MLT_`), by tenant id in id order."""
    found: dict[str, Tenant] = {}
    for customer in scenario["customers"]:
        active = [r for r in customer["relationships"] if r["status"] == "active"]
        if not any(not r["displayName"].startswith("MLT_") for r in active):
            continue
        pages = None
        if set(customer["adminCoveredRoles"]) & USER_LIST_ROLES:
            pages = max(1, math.ceil(customer["userCount"] / USER_PAGE_SIZE))
        found[customer["tenantId"].lower()] = Tenant(bool(customer["appConsented"]), pages)
    return dict(sorted(found.items()))


def makespan(chains_in_order: list[int], slots: int) -> int:
    """Rounds (latencies) to run the chains when each takes the next free slot in this order
    and holds it to its end, as the engine's tenants do under its concurrency limit."""
    free = [0] * max(1, slots)
    end = 0
    for chain in chains_in_order:
        start = heapq.heappop(free)
        end = max(end, start + chain)
        heapq.heappush(free, start + chain)
    return end


def _paged(pages: int) -> list[str]:
    return [FIRST_PAGE] + [NEXT_PAGE] * (pages - 1)


def steady(tenant: Tenant) -> list[list[str]]:
    """A later sync's calls: consent is known, so Graph's count or the user pages, no token
    asked for where the app is known not to be consented."""
    if tenant.consented:
        return [[COUNT]]
    return [_paged(tenant.pages)] if tenant.pages else [[]]


def token_first(tenant: Tenant) -> list[list[str]]:
    """Today's calls: the token first (Graph's count where the app is consented), else the
    user pages."""
    if tenant.consented:
        return [[TOKEN, COUNT]]
    return [[TOKEN] + (_paged(tenant.pages) if tenant.pages else [])]


def pages_first(tenant: Tenant) -> list[list[str]]:
    """The user pages do not wait for the token; a consented tenant pages too, then counts."""
    if tenant.pages is None:
        return token_first(tenant)
    return [_paged(tenant.pages) + ([TOKEN, COUNT] if tenant.consented else [TOKEN])]


def token_beside_pages(tenant: Tenant) -> list[list[str]]:
    """The token beside the pages: where it is granted, paging stops after the first page (the
    best case: the token may come later) and Graph counts."""
    if tenant.pages is None:
        return token_first(tenant)
    if tenant.consented:
        return [[TOKEN, COUNT], [FIRST_PAGE]]
    return [[TOKEN], _paged(tenant.pages)]


def rounds(
    tenants: Sequence[list[list[str]]],
    priority: Priority,
    slots: int,
    batch: int,
    max_jobs: int | None,
) -> int:
    """Rounds until every call is made: each round the `slots` first calls in line go out.

    Tenants come in batches of `batch`; at most `max_jobs` batches run at once, and a batch
    ends with its last tenant (arq's `max_jobs` over the engine's batch jobs)."""
    lanes = [(i, lane) for i, tenant in enumerate(tenants) for lane in tenant]
    of_tenant: dict[int, list[int]] = {}
    for k, (i, _) in enumerate(lanes):
        of_tenant.setdefault(i, []).append(k)
    batches = [
        [k for i in range(start, min(len(tenants), start + batch)) for k in of_tenant.get(i, [])]
        for start in range(0, len(tenants), batch)
    ]
    made = [0] * len(lanes)
    waiting, elapsed = list(range(len(batches))), 0
    running: list[int] = []

    def open_lanes(b: int) -> list[int]:
        return [k for k in batches[b] if made[k] < len(lanes[k][1])]

    while waiting or running:
        while waiting and (max_jobs is None or len(running) < max_jobs):
            running.append(waiting.pop(0))
        ready = [k for b in running for k in open_lanes(b)]
        line = sorted(ready, key=lambda k: priority(lanes[k][0], lanes[k][1][made[k]], made[k]))
        for k in line[:slots]:
            made[k] += 1
        elapsed += 1
        running = [b for b in running if open_lanes(b)]
    return elapsed


def held(i: int, _call: str, made: int) -> tuple[int, ...]:
    """A started tenant keeps its slot to its end; the others start in order."""
    return (0 if made else 1, i)


CLASS = {NEXT_PAGE: 0, FIRST_PAGE: 1, TOKEN: 2, COUNT: 2}


def next_pages_first(i: int, call: str, made: int) -> tuple[int, ...]:
    """Next pages (the deepest chain first), then every tenant's first page, then the rest."""
    return (CLASS[call], -made, i)


def fewest_pages_first(i: int, call: str, made: int) -> tuple[int, ...]:
    """The engine's first sync (`api.tenants.refresh.page_rank`, no size known): user pages
    before the rest, the tenants that made the fewest pages first, the deepest first among
    those past `LONG_AFTER_PAGES`."""
    if call in (TOKEN, COUNT):
        return (1, 0, 0, i)
    return (0, *page_rank(0, made), i)


def policies(max_jobs: int) -> list[Policy]:
    return [
        Policy(
            "tenant id order, each holds its slot (the first engine)", token_first, held, max_jobs
        ),
        Policy("the same without the job limit", token_first, held, None),
        Policy("pages before the token, next pages first", pages_first, next_pages_first, max_jobs),
        Policy("the same without the job limit", pages_first, next_pages_first, None),
        Policy(
            "the token beside the pages, next pages first (the engine before)",
            token_beside_pages,
            next_pages_first,
            max_jobs,
        ),
        Policy("the same without the job limit", token_beside_pages, next_pages_first, None),
        Policy(
            "the token beside the pages, fewest pages first (the engine)",
            token_beside_pages,
            fewest_pages_first,
            max_jobs,
        ),
        Policy("the same without the job limit", token_beside_pages, fewest_pages_first, None),
    ]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--size", type=int, default=1000, help="the generated scenario's customers")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--concurrency", type=int, default=50, help="C, calls at once")
    p.add_argument("--batch-size", type=int, default=50, help="tenants per batch job")
    p.add_argument("--max-jobs", type=int, default=10, help="batch jobs a worker runs at once")
    a = p.parse_args(argv)
    tenants = first_sync_tenants(a.size, a.seed)
    lengths = [len(token_first(t)[0]) for t in tenants]
    bound = max(math.ceil(sum(lengths) / a.concurrency), max(lengths, default=0))
    print(
        f"{len(tenants)} tenants, {sum(lengths)} calls, longest chain {max(lengths, default=0)}; "
        f"C = {a.concurrency}, batches of {a.batch_size}, {a.max_jobs} jobs at once"
    )
    print(f"{'rounds':>7} {'/ bound':>8} {'calls':>6}  order")
    print(f"{bound:>7} {1:>8.2f} {sum(lengths):>6}  bound: every call at C, or the longest chain")
    best = makespan(sorted(lengths, reverse=True), a.concurrency)
    print(f"{best:>7} {best / bound:>8.2f} {sum(lengths):>6}  longest first, sizes known")
    for policy in policies(a.max_jobs):
        calls = [policy.calls(t) for t in tenants]
        took = rounds(calls, policy.priority, a.concurrency, a.batch_size, policy.max_jobs)
        made = sum(len(lane) for tenant in calls for lane in tenant)
        print(f"{took:>7} {took / bound:>8.2f} {made:>6}  {policy.name}")


if __name__ == "__main__":
    main()
