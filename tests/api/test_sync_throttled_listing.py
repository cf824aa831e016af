"""A long throttling burst on the GDAP listing: the sync waits it out from the page it reached,
and only a burst past the listing's deadline fails it, with the throttling as its cause and the
table as it was."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.resources import Resources
from api.tenants import sync as tenant_sync
from tests.api.conftest import EMULATOR_URL, World
from tests.api.test_partner_center_flow import (
    all_tenants,
    assert_table_matches,
    connect,
    expected_table,
    sync,
    truth_of,
)

LISTING = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships"
# Small pages, so the demo's relationships span several of them.
PAGE = 5
# The listing's old budget: six plan attempts of four inline tries each.
OLD_BUDGET = 6 * 4


async def listing_calls(microsoft: httpx.AsyncClient, status: int) -> int:
    answer = await microsoft.get(
        f"{EMULATOR_URL}/_emulator/counters",
        params={"method": "GET", "path": LISTING, "status": status},
    )
    return int(answer.json()["total"])


async def throttle_listing(microsoft: httpx.AsyncClient, **rule: Any) -> None:
    """429s on the listing's pages only (not on each relationship's assignments)."""
    added = await microsoft.post(
        f"{EMULATOR_URL}/_emulator/faults",
        json={"method": "GET", "path": f"*{LISTING.split('/v1.0')[1]}", "rate_429": 1, **rule},
    )
    assert added.status_code == 201, added.text


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tenant_sync, "LISTING_PAGE", PAGE)


class TestThrottledListing:
    async def test_a_burst_longer_than_the_old_budget_is_waited_out_from_its_page(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        expected = expected_table(await truth_of(microsoft))
        at_connect = await listing_calls(microsoft, 200)
        first = await sync(admin, worker)
        assert first["state"] == "succeeded", first
        pages = await listing_calls(microsoft, 200) - at_connect
        assert pages >= 4  # the burst starts after two pages and leaves some to read

        await throttle_listing(microsoft, after=2, times=OLD_BUDGET + 6, retry_after=[0.05])
        done = await sync(admin, worker)

        assert done["state"] == "succeeded", done
        assert await listing_calls(microsoft, 429) == OLD_BUDGET + 6
        # Each page was read once more by the second sync: none before the burst twice.
        assert await listing_calls(microsoft, 200) == at_connect + 2 * pages
        assert_table_matches(await all_tenants(admin), expected)

    async def test_a_burst_past_the_deadline_fails_the_sync_and_keeps_the_table(
        self,
        world: World,
        microsoft: httpx.AsyncClient,
        worker: Resources,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        assert (await sync(admin, worker))["state"] == "succeeded"
        before = await all_tenants(admin)
        deadline = 3.0
        monkeypatch.setattr(
            worker,
            "settings",
            worker.settings.model_copy(update={"sync_listing_deadline_seconds": deadline}),
        )

        await throttle_listing(microsoft, after=2, retry_after=[0.5])
        failed = await sync(admin, worker)

        assert failed["state"] == "failed", failed
        assert failed["error_code"] == "throttled"
        assert failed["progress"]["total"] == 0
        # It kept asking, each time after Microsoft's Retry-After, until the deadline.
        assert await listing_calls(microsoft, 429) >= deadline / 0.5 - 1
        assert await all_tenants(admin) == before
