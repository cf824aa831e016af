"""The page-floor benchmark reads a real emulator page through both clients."""

from __future__ import annotations

import json

from api.microsoft.partner_center import USER_PAGE_SIZE
from bench.page_floor import USERS, measure, page_body, page_server


def test_the_page_is_the_emulators_first_page_of_users() -> None:
    page = json.loads(page_body())
    assert page["totalCount"] == len(page["items"]) == USER_PAGE_SIZE < USERS
    # Documented next links are relative, without /v1, and carry the continuation header.
    link = page["links"]["next"]
    assert link["uri"].startswith("/customers/")
    assert "seekOperation=Next" in link["uri"]
    assert [h["key"] for h in link["headers"]] == ["MS-ContinuationToken"]


async def test_both_clients_read_every_page_and_report_cpu_per_page() -> None:
    body = page_body()
    with page_server(body) as url:
        result = await measure(url, body, requests=40, rounds=1, concurrency=8)
    assert set(result["runs"]) == {"aiohttp", "product"}
    assert all(len(runs) == 1 for runs in result["runs"].values())
    assert result["aiohttp"] > 0
    assert result["product"] > 0
