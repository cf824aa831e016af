"""A sync's tenants take a slot per call, user pages first.

A first sync knows nothing about its tenants' sizes. Every tenant's first Partner Center user
page goes out before the customer-tenant tokens (which only say whether the app is consented),
so a tenant with many pages is found early; it keeps its slot to its last page, and its token
goes next (where the app is consented, Graph counts and the paging stops). From the second sync
on, the tenants that took the most pages last time go first. With one slot, the order of the
calls shows it.
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


async def test_the_first_sync_pages_users_before_the_tokens_and_a_long_tenant_keeps_its_slot(
    world: World, microsoft: httpx.AsyncClient, worker: Resources, wire: Calls
) -> None:
    admin, customers = await connected(world, microsoft)

    wire.events.clear()
    first = await sync(admin, worker)
    assert first["state"] == "succeeded", first
    calls = tenant_phase(wire.events, set(customers))
    long = {customer_of(e[2]) for e in calls if e[3]}
    assert long, "the demo has tenants with more than one page of users"
    pages = [i for i, e in enumerate(calls) if e[2].endswith(USERS)]
    tokens = {
        i: customer_of(e[2]) for i, e in enumerate(calls) if e[0] == "start" and TOKEN in e[2]
    }
    # Every user page went out before the tokens of the tenants with one page.
    short = [i for i, customer in tokens.items() if customer not in long]
    assert short, "the first sync asks each customer tenant for a token"
    assert max(pages) < min(short)
    for customer in long:
        mine = [i for i in pages if customer_of(calls[i][2]) == customer]
        # A tenant with a next page keeps the only slot: its pages follow one another...
        assert mine == list(range(mine[0], mine[-1] + 1)), customer
        # ...and its token goes next, before anything new: if the app were consented there,
        # Graph would count and the paging would stop.
        assert tokens.get(mine[-1] + 1) == customer, customer
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
