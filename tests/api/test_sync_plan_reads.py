"""A sync's plan reads the account's groups and the access assignments while the relationship
listing is still paging, not after it: with slow listing pages, the plan takes about as long
as its pages, and every other read is already under way before the last page answers."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from api.resources import Resources
from api.tenants import sync as tenant_sync
from tests.api.conftest import EMULATOR_URL, World
from tests.api.test_partner_center_flow import connect, sync

LISTING = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships"
ASSIGNMENTS = "/accessAssignments"
GROUPS = "/graph/v1.0/me/transitiveMemberOf"
# Small pages, so the demo's relationships span several of them.
PAGE = 5


class Timeline(httpx.AsyncBaseTransport):
    """The order in which requests to Microsoft start and end."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.events: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.events.append(("start", path))
        try:
            return await self.inner.handle_async_request(request)
        finally:
            self.events.append(("end", path))


@pytest.fixture
def wire(emulator: FastAPI) -> Timeline:
    return Timeline(httpx.ASGITransport(app=emulator))


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tenant_sync, "LISTING_PAGE", PAGE)


async def slow_listing(microsoft: httpx.AsyncClient) -> None:
    """Each listing page takes 0.3 s; each relationship's assignments and the groups answer
    at once (the rule's path matches the listing only, not `…/{id}/accessAssignments`)."""
    added = await microsoft.post(
        f"{EMULATOR_URL}/_emulator/faults",
        json={
            "method": "GET",
            "path": f"*{LISTING.split('/v1.0')[1]}",
            "latency": {"kind": "fixed", "ms": 300},
        },
    )
    assert added.status_code == 201, added.text


def listing_pages(events: list[tuple[str, str]]) -> list[int]:
    """Positions in the timeline where a listing page answered."""
    return [i for i, (kind, path) in enumerate(events) if kind == "end" and path.endswith(LISTING)]


def starts(events: list[tuple[str, str]], suffix: str) -> list[int]:
    return [i for i, (kind, path) in enumerate(events) if kind == "start" and path.endswith(suffix)]


async def test_the_plan_reads_groups_and_assignments_while_the_listing_pages(
    world: World, microsoft: httpx.AsyncClient, worker: Resources, wire: Timeline
) -> None:
    admin = await world.admin()
    await connect(admin, microsoft)
    await slow_listing(microsoft)

    wire.events.clear()
    first = await sync(admin, worker)
    assert first["state"] == "succeeded", first
    pages = listing_pages(wire.events)
    assert len(pages) >= 3, "the demo's relationships must span several pages"
    # The groups are asked for beside the first page, not after the last.
    assert starts(wire.events, GROUPS)[0] < pages[0]
    # The first sync knows no assignment yet: each page's reads start when the page arrives,
    # so most are under way before the listing ends.
    reads = starts(wire.events, ASSIGNMENTS)
    assert reads, "the first sync reads the access assignments"
    assert sum(1 for i in reads if i < pages[-1]) > len(reads) / 2

    wire.events.clear()
    second = await sync(admin, worker)
    assert second["state"] == "succeeded", second
    pages = listing_pages(wire.events)
    reads = starts(wire.events, ASSIGNMENTS)
    # What the second sync reads again are the assignments that gave the account none of its
    # roles (read on every sync so that a fix shows at once): known before the listing, they
    # are all read before its last page answers.
    assert reads, "assignments that gave the account nothing are read on every sync"
    assert max(reads) < pages[-1]
