"""A sync's tenants take a slot per call, user pages first.

A first sync knows nothing about its tenants' sizes. Every tenant's first Partner Center user
page goes out before the customer-tenant tokens (which only say whether the app is consented)
and before any tenant's second page, so the long tenants are found early; then the tenants that
made the fewest pages go first, until a tenant shows itself long (eight pages), and such tenants
go deepest first. A tenant found long has its token asked for before its second page (where
the app is consented, Graph counts and the paging stops). From the second sync on, the tenants
that took the most pages last time go first. With one slot, the order of the calls shows it.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.resources import Resources
from api.settings import Settings
from tests.api.conftest import EMULATOR_URL, Actor, World
from tests.api.test_partner_center_flow import all_tenants, connect, sync

USERS = "/users"
TOKEN = "/oauth2/v2.0/token"


class Calls(httpx.AsyncBaseTransport):
    """Each request to Microsoft as it starts and ends: (event, method, path, continued)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.events: list[tuple[str, str, str, bool]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        call = (request.method, request.url.path, "ms-continuationtoken" in request.headers)
        self.events.append(("start", *call))
        try:
            return await self.inner.handle_async_request(request)
        finally:
            self.events.append(("end", *call))


@pytest.fixture
def wire(emulator: FastAPI) -> Calls:
    return Calls(httpx.ASGITransport(app=emulator))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # One call at a time, every tenant in one batch: the order is the gate's alone.
    return settings.model_copy(update={"sync_concurrency": 1, "sync_batch_size": 1000})


async def connected(
    world: World, microsoft: httpx.AsyncClient
) -> tuple[Actor, dict[str, dict[str, Any]]]:
    """An admin with Partner Center connected, and the scenario's customers by tenant id.

    Every call then takes a millisecond: each request waits on the event loop, as a request
    over the network does, and the tenants take turns as they would with Microsoft."""
    admin = await world.admin()
    await connect(admin, microsoft)
    truth = (await microsoft.get(f"{EMULATOR_URL}/_emulator/scenario")).json()
    rule = {"latency": {"kind": "fixed", "ms": 1}}
    added = await microsoft.post(f"{EMULATOR_URL}/_emulator/faults", json=rule)
    assert added.status_code == 201, added.text
    return admin, {c["tenantId"].lower(): c for c in truth["customers"]}


def customer_of(path: str) -> str:
    """The customer a user page or a customer-tenant token is for."""
    parts = path.split("/")
    if path.endswith(USERS):
        return parts[parts.index("customers") + 1].lower()
    return parts[parts.index("login") + 1].lower()


def tenant_phase(
    events: list[tuple[str, str, str, bool]], customers: set[str]
) -> list[tuple[str, str, str, bool]]:
    """The calls about customers' users or tokens, from the first user page on."""
    about = [
        e
        for e in events
        if (e[2].endswith(USERS) or e[2].endswith(TOKEN)) and customer_of(e[2]) in customers
    ]
    first_page = next(i for i, e in enumerate(about) if e[2].endswith(USERS))
    return about[first_page:]


async def test_the_first_sync_sends_every_first_page_then_the_fewest_paged_tenants_first(
    world: World, microsoft: httpx.AsyncClient, worker: Resources, wire: Calls
) -> None:
    admin, customers = await connected(world, microsoft)

    wire.events.clear()
    first = await sync(admin, worker)
    assert first["state"] == "succeeded", first
    calls = tenant_phase(wire.events, set(customers))
    starts = [e for e in calls if e[0] == "start"]
    paged = {customer_of(e[2]) for e in starts if e[2].endswith(USERS)}
    long = {c for c in paged if customers[c]["userCount"] > 500}
    assert long, "the demo has tenants with more than one page of users"
    pages = [i for i, e in enumerate(starts) if e[2].endswith(USERS)]
    tokens = {customer_of(e[2]): i for i, e in enumerate(starts) if TOKEN in e[2]}
    # Every user page went out before the tokens of the tenants with one page.
    short = [i for customer, i in tokens.items() if customer not in long]
    assert short, "the first sync asks each customer tenant for a token"
    assert max(pages) < min(short)
    # Every tenant's first page went out before any tenant's second.
    firsts = [i for i in pages if not starts[i][3]]
    nexts = [i for i in pages if starts[i][3]]
    assert max(firsts) < min(nexts)
    # Then the tenants that had made the fewest pages went first, up to eight pages...
    made: dict[str, int] = {}
    shown = []
    for i in pages:
        customer = customer_of(starts[i][2])
        if starts[i][3]:
            shown.append((min(made[customer], 8), customer))
        made[customer] = made.get(customer, 0) + 1
    assert [m for m, _ in shown] == sorted(m for m, _ in shown)
    assert max(made.values()) > 8, "the demo has tenants with more than eight pages"
    # ...and past eight, one long tenant's pages followed one another to its last.
    deep = [customer for m, customer in shown if m == 8]
    runs = [c for k, c in enumerate(deep) if k == 0 or deep[k - 1] != c]
    assert len(runs) == len(set(runs)), runs
    # A tenant found long had its token asked for before its second page: where the app is
    # consented, Graph counted and no second page went out.
    for customer in long:
        second = [i for i in nexts if customer_of(starts[i][2]) == customer]
        if customers[customer]["appConsented"]:
            assert not second, customer
        else:
            assert tokens[customer] < second[0], customer
    assert any(customers[c]["appConsented"] for c in long), "the demo has one such tenant"
    # And the counts are right: paged through Partner Center, or from Graph where consented.
    counted = {
        t["tenant_id"]: t["users"] for t in await all_tenants(admin) if t["users"] is not None
    }
    assert counted.keys() >= long
    for tenant_id, users in counted.items():
        assert users == customers[tenant_id]["userCount"], tenant_id


async def test_later_syncs_start_with_the_tenants_that_took_the_most_pages(
    world: World, microsoft: httpx.AsyncClient, worker: Resources, wire: Calls
) -> None:
    admin, customers = await connected(world, microsoft)
    first = await sync(admin, worker)
    assert first["state"] == "succeeded", first

    wire.events.clear()
    second = await sync(admin, worker)
    assert second["state"] == "succeeded", second
    calls = tenant_phase(wire.events, set(customers))
    firsts = [
        customer_of(e[2]) for e in calls if e[0] == "start" and e[2].endswith(USERS) and not e[3]
    ]
    assert len(firsts) > 2
    users = [customers[c]["userCount"] for c in firsts]
    pages = [-(-n // 500) for n in users]
    assert pages == sorted(pages, reverse=True)
    assert pages[0] > 1
