"""The managed tenants table as an MSP uses it: search, filter, sort, export, exclude, guests."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from typing import Any, NamedTuple

import httpx
import pytest
from sqlalchemy import text

from api.permissions import Role
from api.resources import Resources
from api.tenants.schemas import SortField
from tests.api.conftest import EMULATOR_URL, Actor, World
from tests.api.test_partner_center_flow import all_tenants, connect, sync, truth_of
from workers.settings import run_burst


async def _page(actor: Actor, **params: Any) -> dict[str, Any]:
    response = await actor.get("/api/v1/tenants", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


class RowVersion(NamedTuple):
    version: str
    read_at: datetime | None


async def _row_versions(resources: Resources) -> dict[str, RowVersion]:
    """Each mirrored relationship's row version (PostgreSQL's xmin: a new one per write) and
    when its access assignments were last read."""
    async with resources.sessionmaker() as db:
        rows = await db.execute(
            text("SELECT relationship_id, xmin::text, assignments_read_at FROM gdap_relationship")
        )
        return {str(rel): RowVersion(str(version), read) for rel, version, read in rows.all()}


class TestTable:
    async def test_search_by_name_domain_and_tenant_id(self, synced: Actor) -> None:
        table = await all_tenants(synced)
        target = table[3]
        by_name = await _page(synced, q=target["display_name"][:6].upper())
        assert target["tenant_id"] in [t["tenant_id"] for t in by_name["items"]]
        by_id = await _page(synced, q=target["tenant_id"])
        assert [t["tenant_id"] for t in by_id["items"]] == [target["tenant_id"]]
        assert (await _page(synced, q="%"))["total"] == 0

    async def test_filters(self, synced: Actor) -> None:
        table = await all_tenants(synced)
        missing = await _page(synced, gdap_state="missing", limit=500)
        assert {t["tenant_id"] for t in missing["items"]} == {
            t["tenant_id"] for t in table if t["gdap_state"] == "missing"
        }
        assert missing["total"] > 0
        assert all(t["gdap_missing_reason"] for t in missing["items"])
        soon = await _page(synced, expiring_within_days=30, limit=500)
        assert soon["total"] > 0
        bad = await synced.get("/api/v1/tenants", params={"gdap_state": "maybe"})
        assert bad.status_code == 422

    async def test_sort_by_users_and_gdap_end_date(self, synced: Actor) -> None:
        users = (await _page(synced, sort="users", descending=True, limit=500))["items"]
        counts = [t["users"] for t in users if t["users"] is not None]
        assert counts == sorted(counts, reverse=True)
        assert users[-1]["users"] is None or all(t["users"] is not None for t in users)
        ends = (await _page(synced, sort="gdap_end", limit=500))["items"]
        dates = [t["gdap_earliest_end_at"] for t in ends if t["gdap_earliest_end_at"]]
        assert dates == sorted(dates)

    async def test_detail_shows_relationships_with_role_names(self, synced: Actor) -> None:
        tenant = (await _page(synced, gdap_state="ready"))["items"][0]
        detail = (await synced.get(f"/api/v1/tenants/{tenant['tenant_id']}")).json()
        assert detail["relationships"]
        roles = {role for rel in detail["relationships"] for role in rel["roles"]}
        assert roles & {
            "Global Administrator",
            "Application Administrator",
            "Cloud Application Administrator",
        }
        assert "onboard" in detail["actions"]

    async def test_unknown_and_malformed_tenant_ids(self, synced: Actor) -> None:
        missing = await synced.get("/api/v1/tenants/00000000-0000-4000-8000-000000000000")
        assert missing.status_code == 404
        assert (await synced.get("/api/v1/tenants/not-a-guid")).status_code == 422

    async def test_csv_export_holds_every_row(self, synced: Actor) -> None:
        response = await synced.get("/api/v1/tenants/export.csv")
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert {r["tenant_id"] for r in rows} == {t["tenant_id"] for t in await all_tenants(synced)}

    @pytest.mark.parametrize("field", ["cursor", "limit"])
    async def test_csv_export_has_no_pages_and_says_so(self, synced: Actor, field: str) -> None:
        page = (await synced.get("/api/v1/tenants", params={"limit": 1})).json()
        value = page["next_cursor"] if field == "cursor" else "1"
        response = await synced.get("/api/v1/tenants/export.csv", params={field: value})
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        assert [e["loc"][-1] for e in response.json()["errors"]] == [field]

    @pytest.mark.parametrize("descending", [False, True])
    async def test_every_sort_pages_through_every_row_once(
        self, synced: Actor, descending: bool
    ) -> None:
        for sort in SortField:
            whole = await _page(synced, sort=sort.value, descending=descending, limit=500)
            assert whole["next_cursor"] is None
            paged: list[str] = []
            params: dict[str, Any] = {"sort": sort.value, "descending": descending, "limit": 4}
            while True:
                page = await _page(synced, **params)
                assert page["total"] == whole["total"]
                paged += [t["tenant_id"] for t in page["items"]]
                if not page["next_cursor"]:
                    break
                params["cursor"] = page["next_cursor"]
            assert paged == [t["tenant_id"] for t in whole["items"]], sort

    async def test_rows_that_change_between_pages_do_not_hide_others(self, synced: Actor) -> None:
        everyone = {t["tenant_id"] for t in await all_tenants(synced)}
        first = await _page(synced, sort="excluded", limit=5)
        # Moving a row of the first page to the end would make an offset skip one unseen row.
        moved = first["items"][0]["tenant_id"]
        patched = await synced.patch(f"/api/v1/tenants/{moved}", json={"excluded": True})
        assert patched.status_code == 200
        seen = [t["tenant_id"] for t in first["items"]]
        cursor = first["next_cursor"]
        while cursor:
            page = await _page(synced, sort="excluded", limit=5, cursor=cursor)
            seen += [t["tenant_id"] for t in page["items"]]
            cursor = page["next_cursor"]
        assert set(seen) == everyone
        assert seen.count(moved) == 2  # seen on the first page, and again where it sorts now

    async def test_a_cursor_is_only_good_for_its_own_sort(self, synced: Actor) -> None:
        cursor = (await _page(synced, sort="users", limit=2))["next_cursor"]
        assert cursor
        for params in (
            {"sort": "name", "cursor": cursor},
            {"sort": "users", "descending": True, "cursor": cursor},
            {"sort": "users", "cursor": "bm90LWEtY3Vyc29y"},
        ):
            refused = await synced.get("/api/v1/tenants", params=params)
            assert refused.status_code == 422, params
            assert refused.json()["code"] == "invalid_cursor"


class TestExclusion:
    async def test_excluding_records_who_and_when(self, synced: Actor) -> None:
        tenant = (await _page(synced))["items"][0]
        response = await synced.patch(
            f"/api/v1/tenants/{tenant['tenant_id']}", json={"excluded": True}
        )
        assert response.status_code == 200
        assert response.json()["excluded"] is True
        assert response.json()["excluded_by"] == synced.email
        assert response.json()["excluded_at"]
        excluded = await _page(synced, excluded=True)
        assert [t["tenant_id"] for t in excluded["items"]] == [tenant["tenant_id"]]
        events = (
            await synced.get("/api/v1/audit-events", params={"action": "tenant.update"})
        ).json()
        assert events["items"][0]["target_id"] == tenant["tenant_id"]

    async def test_exclusion_survives_a_sync(self, synced: Actor, worker: Resources) -> None:
        tenant = (await _page(synced))["items"][0]
        await synced.patch(f"/api/v1/tenants/{tenant['tenant_id']}", json={"excluded": True})
        assert (await sync(synced, worker))["state"] == "succeeded"
        assert (await synced.get(f"/api/v1/tenants/{tenant['tenant_id']}")).json()["excluded"]


class TestAccess:
    async def test_guests_see_only_assigned_tenants_read_only(
        self, world: World, synced: Actor
    ) -> None:
        guest = await world.as_role(synced, Role.external_guest)
        assert (await _page(guest))["total"] == 0
        chosen = [t["tenant_id"] for t in (await _page(synced, limit=2))["items"]]
        assigned = await synced.patch(
            f"/api/v1/members/{guest.member_id}", json={"tenant_ids": chosen}
        )
        assert assigned.status_code == 200, assigned.text
        assert sorted(assigned.json()["tenant_ids"]) == sorted(chosen)
        page = await _page(guest)
        assert sorted(t["tenant_id"] for t in page["items"]) == sorted(chosen)
        assert all(t["actions"] == ["view"] for t in page["items"])
        other = (await _page(synced, limit=3))["items"][2]["tenant_id"]
        assert (await guest.get(f"/api/v1/tenants/{other}")).status_code == 404
        refused = await guest.patch(f"/api/v1/tenants/{chosen[0]}", json={"excluded": True})
        assert refused.status_code == 403

    async def test_assignments_are_for_guests_and_known_tenants(
        self, world: World, synced: Actor
    ) -> None:
        member = await world.as_role(synced, Role.full_member)
        tenant = (await _page(synced))["items"][0]["tenant_id"]
        wrong_role = await synced.patch(
            f"/api/v1/members/{member.member_id}", json={"tenant_ids": [tenant]}
        )
        assert wrong_role.json()["code"] == "not_an_external_guest"
        guest = await world.as_role(synced, Role.external_guest)
        unknown = await synced.patch(
            f"/api/v1/members/{guest.member_id}",
            json={"tenant_ids": ["00000000-0000-4000-8000-000000000000"]},
        )
        assert unknown.status_code == 422
        assert unknown.json()["code"] == "unknown_tenants"

    async def test_billing_sees_no_tenants(self, world: World, synced: Actor) -> None:
        billing = await world.as_role(synced, Role.billing)
        assert (await billing.get("/api/v1/tenants")).status_code == 403


class TestLifecycle:
    async def test_a_tenant_whose_relationships_vanished_is_kept_and_marked(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        truth = await truth_of(microsoft)
        customer = next(
            c
            for c in truth["customers"]
            if [r for r in c["relationships"] if r["status"] == "active"]
        )
        seen = (await synced.get(f"/api/v1/tenants/{customer['tenantId']}")).json()
        for rel in customer["relationships"]:
            if rel["status"] == "active":
                ended = await microsoft.post(
                    f"{EMULATOR_URL}/_emulator/relationships/{rel['id']}/terminate"
                )
                assert ended.status_code == 200, ended.text
        assert (await sync(synced, worker))["state"] == "succeeded"
        gone = (await synced.get(f"/api/v1/tenants/{customer['tenantId']}")).json()
        assert gone["active"] is False
        # "No access since": the last sync that still saw it active, not the one that did not.
        assert gone["last_seen_active_at"] == seen["last_seen_active_at"]
        # The ended relationships stay on its page, none of them usable.
        assert {r["status"] for r in gone["relationships"]} == {"terminated"}
        assert not any(r["usable"] for r in gone["relationships"])
        assert "request_gdap" in gone["actions"]

    async def test_last_seen_active_moves_with_every_sync(
        self, synced: Actor, worker: Resources
    ) -> None:
        before = {t["tenant_id"]: t["last_seen_active_at"] for t in await all_tenants(synced)}
        assert (await sync(synced, worker))["state"] == "succeeded"
        after = {t["tenant_id"]: t["last_seen_active_at"] for t in await all_tenants(synced)}
        assert after.keys() == before.keys()
        assert all(after[t] > before[t] for t in before)

    async def test_a_sync_writes_only_the_relationships_the_listing_changed(
        self, synced: Actor, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        # Each row version costs every index of the table an entry: a relationship that lists
        # the same is left as it is, unless its access assignments were read again (those that
        # give the account none of its roles are read on every sync).
        before = await _row_versions(worker)
        assert (await sync(synced, worker))["state"] == "succeeded"
        again = await _row_versions(worker)
        assert again.keys() == before.keys()
        rewritten = {r for r in before if again[r].version != before[r].version}
        reread = {r for r in before if again[r].read_at != before[r].read_at}
        assert rewritten == reread
        assert len(rewritten) < len(before) / 4
        truth = await truth_of(microsoft)
        ending = next(
            r["id"]
            for c in truth["customers"]
            for r in c["relationships"]
            if r["status"] == "active" and r["id"] in before and r["id"] not in reread
        )
        ended = await microsoft.post(f"{EMULATOR_URL}/_emulator/relationships/{ending}/terminate")
        assert ended.status_code == 200, ended.text
        assert (await sync(synced, worker))["state"] == "succeeded"
        after = await _row_versions(worker)
        rewritten = {r for r in again if after[r].version != again[r].version}
        assert rewritten - reread == {ending}

    async def test_disconnect_keeps_every_tenant(self, synced: Actor) -> None:
        before = await all_tenants(synced)
        assert (await synced.delete("/api/v1/partner-center/connection")).status_code == 204
        connection = (await synced.get("/api/v1/partner-center/connection")).json()
        assert connection["state"] == "disconnected"
        assert connection["refresh_token_days_left"] is None
        assert [t["tenant_id"] for t in await all_tenants(synced)] == [
            t["tenant_id"] for t in before
        ]
        refused = await synced.post("/api/v1/tenants/sync")
        assert refused.status_code == 409
        assert refused.json()["code"] == "partner_center_not_connected"


class TestOperations:
    async def test_cancel_before_the_worker_runs(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        started = (await admin.post("/api/v1/tenants/sync")).json()
        cancelled = await admin.post(f"/api/v1/operations/{started['id']}/cancel")
        assert cancelled.status_code == 200
        assert cancelled.json()["state"] == "cancelled"
        await run_burst(worker, cron_jobs=[])
        final = (await admin.get(f"/api/v1/operations/{started['id']}")).json()
        assert final["state"] == "cancelled"
        assert (await admin.get("/api/v1/tenants")).json()["total"] == 0
        again = await admin.post("/api/v1/tenants/sync")
        assert again.json()["id"] != started["id"]

    async def test_events_stream_progress_tenants_and_the_end(self, synced: Actor) -> None:
        operation = (await synced.get("/api/v1/operations")).json()["items"][0]
        events: list[tuple[str, dict[str, Any]]] = []
        async with synced.client.stream(
            "GET", f"/api/v1/operations/{operation['id']}/events"
        ) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            name = None
            async for line in response.aiter_lines():
                if line.startswith("event:"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and name:
                    events.append((name, json.loads(line.split(":", 1)[1])))
        kinds = [name for name, _ in events]
        assert kinds[-1] == "end"
        assert kinds.count("tenant") == operation["progress"]["total"]
        progress = next(data for name, data in events if name == "progress")
        assert progress["state"] == "succeeded"
        tenants = [data for name, data in events if name == "tenant"]
        assert {t["state"] for t in tenants} == {"succeeded"}
        counted = [t["message"] for t in tenants if t["message"] != "User count unknown."]
        assert counted
        assert all(re.fullmatch(r"\d+ users \((graph|partner_center)\)", m) for m in counted)
