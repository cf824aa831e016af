from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from api.permissions import Role
from tests.api.conftest import World


class TestAuditTrail:
    async def test_state_changes_are_recorded_with_who_what_and_where(self, world: World) -> None:
        admin = await world.admin()
        created = await admin.post(
            "/api/v1/members",
            json={"email": "tech@example.com", "role": "full_member"},
            headers={"User-Agent": "curl/8"},
        )
        assert created.status_code == 201
        assert created.json()["initial_password"]
        events = (
            await admin.get("/api/v1/audit-events", params={"action": "member.create"})
        ).json()
        [event] = events["items"]
        assert event["outcome"] == "success"
        assert event["actor_id"] == str(admin.member_id)
        assert event["target_id"] == created.json()["id"]
        assert event["user_agent"] == "curl/8"
        assert event["ip"]
        assert event["details"] == {"email": "tech@example.com", "role": "full_member"}

    async def test_failures_are_recorded_too(self, world: World) -> None:
        admin = await world.admin()
        guest = await world.as_role(admin, Role.external_guest)
        refused = await guest.post(
            "/api/v1/members", json={"email": "x@example.com", "role": "admin"}
        )
        assert refused.status_code == 403
        bad = await admin.patch(f"/api/v1/members/{admin.member_id}", json={"role": "billing"})
        assert bad.status_code == 409
        assert bad.json()["code"] == "last_admin"
        failures = (await admin.get("/api/v1/audit-events", params={"outcome": "failure"})).json()
        summary = {(e["action"], e["status_code"], e["error_code"]) for e in failures["items"]}
        assert ("create_member", 403, "forbidden") in summary
        assert ("member.update", 409, "last_admin") in summary

    async def test_cursor_paging_walks_every_event_once(self, world: World) -> None:
        admin = await world.admin()
        for i in range(7):
            await admin.post("/api/v1/api-keys", json={"name": f"k{i}", "scope": "read"})
        seen, cursor = [], None
        while True:
            params = {"limit": 3, "action": "api_key.create"}
            if cursor:
                params["cursor"] = cursor
            page = (await admin.get("/api/v1/audit-events", params=params)).json()
            seen += [e["details"]["name"] for e in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == [f"k{i}" for i in reversed(range(7))]

    async def test_bad_cursor_is_a_clear_error(self, world: World) -> None:
        admin = await world.admin()
        response = await admin.get("/api/v1/audit-events", params={"cursor": "!!!"})
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_cursor"

    async def test_csv_export_follows_filters_and_defuses_formulas(self, world: World) -> None:
        admin = await world.admin()
        await admin.post("/api/v1/api-keys", json={"name": "=HYPERLINK(1)", "scope": "read"})
        await admin.post("/api/v1/members", json={"email": "a@example.com", "role": "billing"})
        response = await admin.get(
            "/api/v1/audit-events/export.csv", params={"action": "member.create"}
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["action"] for r in rows] == ["member.create"]
        assert rows[0]["actor_label"] == admin.email

    async def test_the_trail_cannot_be_edited(self, world: World) -> None:
        admin = await world.admin()
        async with world.sessions() as db:
            with pytest.raises(DBAPIError, match="append-only"):
                await db.execute(text("update audit_event set action = 'nothing'"))
            await db.rollback()
            with pytest.raises(DBAPIError, match="append-only"):
                await db.execute(text("delete from audit_event"))
        assert (await admin.get("/api/v1/audit-events")).json()["items"]
