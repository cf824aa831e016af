"""Issue #12 against the emulator: a Missing tenant gets a GDAP request, the client's admin
approves it on Microsoft's page, the portal assigns the roles to its group and the tenant turns
Ready with nobody touching it again; top-ups, declines, expiry, renewals and bad input."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx

from api.resources import Resources
from api.tenants.roles import (
    CLOUD_APPLICATION_ADMINISTRATOR,
    DIRECTORY_READERS,
    GLOBAL_ADMINISTRATOR,
    ROLE_NAMES,
)
from api.tenants.roles import GLOBAL_READER as GLOBAL_READER_ID
from emulator.browser import approve_relationship
from tests.api.conftest import EMULATOR_URL, Actor, World
from tests.api.test_partner_center_flow import connect, sync, truth_of
from workers.jobs import follow_gdap_requests
from workers.settings import run_burst

RELS = f"{EMULATOR_URL}/graph/v1.0/tenantRelationships/delegatedAdminRelationships"


async def connected(world: World, microsoft: httpx.AsyncClient, worker: Resources) -> Actor:
    admin = await world.admin()
    await connect(admin, microsoft)
    assert (await sync(admin, worker))["state"] == "succeeded"
    return admin


async def missing_tenant(admin: Actor, microsoft: httpx.AsyncClient) -> tuple[str, str]:
    """A Missing tenant of the table and its customer's Global Administrator."""
    table = (await admin.get("/api/v1/tenants", params={"gdap_state": "missing"})).json()
    truth = {c["tenantId"]: c for c in (await truth_of(microsoft))["customers"]}
    for row in table["items"]:
        customer = truth[row["tenant_id"]]
        if not customer["adminCoveredRoles"]:
            return row["tenant_id"], customer["adminUsername"]
    raise AssertionError("the demo scenario has a Missing tenant")


def page_url(link: str) -> str:
    # Browsers do not send the #/... part; the admin center's script turns it into the path.
    return link.replace("/AdminPortal/Home#/", "/AdminPortal/Home/")


async def advance(microsoft: httpx.AsyncClient, seconds: float) -> None:
    resp = await microsoft.post(
        f"{EMULATOR_URL}/_emulator/clock/advance", json={"seconds": seconds}
    )
    assert resp.status_code == 200


async def follow(worker: Resources) -> None:
    """The cron's tick, then the jobs it queued (the follow, and any sync it starts)."""
    await follow_gdap_requests(worker)
    await run_burst(worker, cron_jobs=[])


async def gdap_request(admin: Actor, request_id: str) -> dict[str, Any]:
    resp = await admin.get(f"/api/v1/gdap-requests/{request_id}")
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


async def tenant(admin: Actor, tenant_id: str) -> dict[str, Any]:
    return dict((await admin.get(f"/api/v1/tenants/{tenant_id}")).json())


class TestTemplates:
    async def test_default_template_is_least_privilege(self, world: World) -> None:
        admin = await world.admin()
        templates = (await admin.get("/api/v1/gdap-templates")).json()
        assert len(templates) == 1
        default = templates[0]
        assert default["is_default"] is True
        ids = {r["id"] for r in default["roles"]}
        assert ids == {CLOUD_APPLICATION_ADMINISTRATOR, DIRECTORY_READERS}
        assert GLOBAL_ADMINISTRATOR not in ids
        assert {r["name"] for r in default["roles"]} == {
            "Cloud Application Administrator",
            "Directory Readers",
        }
        assert default["duration_days"] == 730

    async def test_crud_audited_and_refusals(self, world: World) -> None:
        admin = await world.admin()
        body = {
            "name": "Helpdesk",
            "role_ids": ["729827e3-9c14-49f7-bb1b-9608f156bbb8", CLOUD_APPLICATION_ADMINISTRATOR],
            "duration_days": 365,
            "auto_extend": True,
        }
        created = await admin.post("/api/v1/gdap-templates", json=body)
        assert created.status_code == 201, created.text
        template_id = created.json()["id"]
        assert (await admin.post("/api/v1/gdap-templates", json=body)).status_code == 409
        with_ga = await admin.patch(
            f"/api/v1/gdap-templates/{template_id}",
            json={"role_ids": [GLOBAL_ADMINISTRATOR]},
        )
        assert with_ga.status_code == 409
        assert with_ga.json()["code"] == "auto_extend_with_global_admin"
        tier1 = await admin.post(
            "/api/v1/gdap-templates",
            json={**body, "name": "Support", "role_ids": ["4ba39ca4-527c-499a-b93d-d9b492c50246"]},
        )
        assert tier1.status_code == 409
        assert tier1.json()["code"] == "role_not_delegable"
        unknown = await admin.post(
            "/api/v1/gdap-templates",
            json={**body, "name": "Unknown", "role_ids": [str(uuid.uuid4())]},
        )
        assert unknown.status_code == 422
        too_long = await admin.post(
            "/api/v1/gdap-templates", json={**body, "name": "Long", "duration_days": 731}
        )
        assert too_long.status_code == 422
        renamed = await admin.patch(
            f"/api/v1/gdap-templates/{template_id}", json={"name": "Helpdesk tier 1"}
        )
        assert renamed.json()["name"] == "Helpdesk tier 1"
        default = next(
            t for t in (await admin.get("/api/v1/gdap-templates")).json() if t["is_default"]
        )
        assert (await admin.delete(f"/api/v1/gdap-templates/{default['id']}")).status_code == 409
        assert (await admin.delete(f"/api/v1/gdap-templates/{template_id}")).status_code == 204
        events = (await admin.get("/api/v1/audit-events")).json()["items"]
        actions = {e["action"] for e in events}
        assert {"gdap_template.create", "gdap_template.update", "gdap_template.delete"} <= actions


class TestRequestJourney:
    async def test_missing_to_ready_without_touching_it_again(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await connected(world, microsoft, worker)
        tenant_id, customer_admin = await missing_tenant(admin, microsoft)
        assert (await tenant(admin, tenant_id))["gdap_state"] == "missing"

        created = await admin.post(f"/api/v1/tenants/{tenant_id}/gdap-requests", json={})
        assert created.status_code == 201, created.text
        req = created.json()
        assert req["state"] == "approval_pending"
        assert req["tenant_id"] == tenant_id
        assert {r["name"] for r in req["roles"]} == {
            "Cloud Application Administrator",
            "Directory Readers",
        }
        rel_id = req["relationship_id"]
        assert req["approval_link"] == (
            f"{EMULATOR_URL}/admin/AdminPortal/Home#/partners/invitation/"
            f"granularAdminRelationships/{rel_id}"
        )
        assert req["link_expires_at"]
        assert len(req["display_name"]) <= 50
        assert req["timeline"][0]["state"] == "approval_pending"

        again = await admin.post(f"/api/v1/tenants/{tenant_id}/gdap-requests", json={})
        assert again.status_code == 200
        assert again.json()["id"] == req["id"]

        # Nothing changes while the client has not answered.
        await follow(worker)
        assert (await gdap_request(admin, req["id"]))["state"] == "approval_pending"

        said = await approve_relationship(microsoft, page_url(req["approval_link"]), customer_admin)
        assert "activating" in said
        await advance(microsoft, 5)
        await follow(worker)
        assigning = await gdap_request(admin, req["id"])
        assert assigning["state"] == "assigning", assigning
        assert assigning["group_name"] == "Petra GDAP access"
        await advance(microsoft, 5)
        await follow(worker)
        ready = await gdap_request(admin, req["id"])
        assert ready["state"] == "ready", ready
        assert [e["state"] for e in ready["timeline"]] == [
            "approval_pending",
            "active",
            "assigning",
            "ready",
        ]
        assert ready["relationship_end_at"]
        row = await tenant(admin, tenant_id)
        assert row["gdap_state"] == "ready", row
        assert "Cloud Application Administrator" in row["gdap_account_roles"]
        events = (await admin.get("/api/v1/audit-events", params={"limit": 200})).json()
        actions = [e["action"] for e in events["items"]]
        assert {"gdap_request.create", "gdap_request.active", "gdap_request.ready"} <= set(actions)

    async def test_top_up_asks_only_for_missing_roles(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await connected(world, microsoft, worker)
        table = (await admin.get("/api/v1/tenants", params={"limit": 500})).json()["items"]
        holder = next(t for t in table if t["gdap_account_roles"])
        ids = {name: role_id for role_id, name in ROLE_NAMES.items()}
        held = ids[holder["gdap_account_roles"][0]]
        lacking = next(
            r
            for r in (DIRECTORY_READERS, GLOBAL_READER_ID, CLOUD_APPLICATION_ADMINISTRATOR)
            if ROLE_NAMES[r] not in holder["gdap_account_roles"]
        )
        template = await admin.post(
            "/api/v1/gdap-templates",
            json={"name": "Top-up check", "role_ids": [held, lacking]},
        )
        assert template.status_code == 201, template.text
        created = await admin.post(
            f"/api/v1/tenants/{holder['tenant_id']}/gdap-requests",
            json={"top_up": True, "template_id": template.json()["id"]},
        )
        assert created.status_code == 201, created.text
        assert [r["id"] for r in created.json()["roles"]] == [lacking]
        assert created.json()["top_up"] is True

    async def test_declined_and_expired_requests_end_in_their_states(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await connected(world, microsoft, worker)
        table = (await admin.get("/api/v1/tenants", params={"gdap_state": "missing"})).json()
        truth = {c["tenantId"]: c for c in (await truth_of(microsoft))["customers"]}
        first, second = [t["tenant_id"] for t in table["items"]][:2]
        declined = (await admin.post(f"/api/v1/tenants/{first}/gdap-requests")).json()
        lapsing = (await admin.post(f"/api/v1/tenants/{second}/gdap-requests")).json()
        said = await approve_relationship(
            microsoft,
            page_url(declined["approval_link"]),
            truth[first]["adminUsername"],
            approve=False,
        )
        assert "terminated" in said
        await follow(worker)
        ended = await gdap_request(admin, declined["id"])
        assert ended["state"] == "terminated"
        assert ended["error"]["root_cause"] == "declined_by_customer"
        assert ended["error"]["action"]
        # A new request is possible once the first ended.
        again = await admin.post(f"/api/v1/tenants/{first}/gdap-requests")
        assert again.status_code == 201

        # Ninety days without approval, in two steps so the partner sign-in stays in use.
        await advance(microsoft, 60 * 86400)
        await follow(worker)
        assert (await gdap_request(admin, lapsing["id"]))["state"] == "approval_pending"
        await advance(microsoft, 31 * 86400)
        await follow(worker)
        lapsed = await gdap_request(admin, lapsing["id"])
        assert lapsed["state"] == "expired", lapsed
        assert lapsed["error"]["root_cause"] == "not_approved_in_time"
        listed = (await admin.get("/api/v1/gdap-requests", params={"state": "expired"})).json()
        assert {r["id"] for r in listed["items"]} == {lapsing["id"], again.json()["id"]}

    async def test_new_client_without_tenant_id_binds_on_approval(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await connected(world, microsoft, worker)
        created = await admin.post(
            "/api/v1/gdap-requests", json={"customer_name": "Fabrikam (new client)"}
        )
        assert created.status_code == 201, created.text
        req = created.json()
        assert req["tenant_id"] is None
        customer = next(
            c for c in (await truth_of(microsoft))["customers"] if not c["adminCoveredRoles"]
        )
        await approve_relationship(
            microsoft, page_url(req["approval_link"]), customer["adminUsername"]
        )
        await advance(microsoft, 5)
        await follow(worker)
        await advance(microsoft, 5)
        await follow(worker)
        done = await gdap_request(admin, req["id"])
        assert done["tenant_id"] == customer["tenantId"]
        assert done["state"] == "ready", done

    async def test_racing_requests_make_one(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await connected(world, microsoft, worker)
        tenant_id, _ = await missing_tenant(admin, microsoft)
        url = f"/api/v1/tenants/{tenant_id}/gdap-requests"
        answers = await asyncio.gather(admin.post(url, json={}), admin.post(url, json={}))
        assert sorted(a.status_code for a in answers) == [200, 201]
        assert len({a.json()["id"] for a in answers}) == 1
        rels = await truth_of(microsoft)
        names = [
            r["displayName"]
            for c in rels["customers"]
            if c["tenantId"] == tenant_id
            for r in c["relationships"]
        ]
        assert len([n for n in names if n == answers[0].json()["display_name"]]) == 1


class TestBadInput:
    async def test_unknown_template_and_other_organizations(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await connected(world, microsoft, worker)
        tenant_id, _ = await missing_tenant(admin, microsoft)
        unknown = await admin.post(
            f"/api/v1/tenants/{tenant_id}/gdap-requests", json={"template_id": str(uuid.uuid4())}
        )
        assert unknown.status_code == 404
        assert unknown.json()["code"] == "template_not_found"
        other = await world.admin("Other MSP")
        foreign = await other.post(f"/api/v1/tenants/{tenant_id}/gdap-requests", json={})
        assert foreign.status_code == 404
        req = (await admin.post(f"/api/v1/tenants/{tenant_id}/gdap-requests", json={})).json()
        assert (await other.get(f"/api/v1/gdap-requests/{req['id']}")).status_code == 404
        assert (await other.get("/api/v1/gdap-requests")).json()["items"] == []
        assert (await admin.post(f"/api/v1/gdap-requests/{req['id']}/refresh")).status_code == 202

    async def test_not_connected_is_a_conflict(self, world: World) -> None:
        admin = await world.admin()
        resp = await admin.post("/api/v1/gdap-requests", json={"customer_name": "Someone"})
        assert resp.status_code == 409
        assert resp.json()["code"] == "partner_center_not_connected"


class TestRenewal:
    async def test_renew_asks_again_for_the_roles_that_end_first(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await connected(world, microsoft, worker)
        table = (await admin.get("/api/v1/tenants", params={"limit": 500})).json()["items"]
        ending = min(
            (t for t in table if t["gdap_ending_roles"] and not t["gdap_auto_extend"]),
            key=lambda t: t["gdap_earliest_end_at"],
        )
        renewed = await admin.post(
            f"/api/v1/tenants/{ending['tenant_id']}/gdap-requests", json={"renew": True}
        )
        assert renewed.status_code == 201, renewed.text
        body = renewed.json()
        assert sorted(r["name"] for r in body["roles"]) == sorted(ending["gdap_ending_roles"])
        assert body["auto_extend"] is False
        assert body["state"] == "approval_pending"
        nothing = next((t for t in table if not t["gdap_ending_roles"]), None)
        if nothing is not None:
            refused = await admin.post(
                f"/api/v1/tenants/{nothing['tenant_id']}/gdap-requests", json={"renew": True}
            )
            assert refused.status_code == 409


class TestEndingSoon:
    async def test_relationships_ending_within_30_days_are_flagged_once(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await connected(world, microsoft, worker)
        soon = (
            await admin.get("/api/v1/tenants", params={"expiring_within_days": 30, "limit": 500})
        ).json()["items"]
        expected = {
            t["tenant_id"]
            for t in soon
            if not t["gdap_auto_extend"] and t["gdap_earliest_end_at"] and t["active"]
        }
        await follow_gdap_requests(worker)
        await follow_gdap_requests(worker)
        events = (
            await admin.get(
                "/api/v1/audit-events",
                params={"action": "gdap_relationship.ending", "limit": 200},
            )
        ).json()["items"]
        flagged = [e["target_id"] for e in events]
        assert sorted(flagged) == sorted(expected - {None})
        assert len(flagged) == len(set(flagged))
        assert expected, "the demo scenario has a relationship ending soon"


async def fault(microsoft: httpx.AsyncClient, **spec: Any) -> str:
    rule = await microsoft.post(f"{EMULATOR_URL}/_emulator/faults", json=spec)
    assert rule.status_code == 201, rule.text
    return str(rule.json()["id"])


class TestFaults:
    async def test_microsoft_refusing_the_relationship_ends_failed_with_the_fix(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await connected(world, microsoft, worker)
        tenant_id, _ = await missing_tenant(admin, microsoft)
        await fault(
            microsoft,
            path="/graph/v1.0/tenantRelationships/delegatedAdminRelationships",
            method="POST",
            rate_error=1.0,
            error_status=400,
            error_code="BadRequest",
        )
        resp = await admin.post(f"/api/v1/tenants/{tenant_id}/gdap-requests", json={})
        assert resp.status_code == 201, resp.text
        body = resp.json()
        assert body["state"] == "failed"
        assert body["error"]["root_cause"]
        assert body["error"]["action"]
        assert body["approval_link"] is None
        # A failed request does not block the next one.
        await microsoft.delete(f"{EMULATOR_URL}/_emulator/faults")
        again = await admin.post(f"/api/v1/tenants/{tenant_id}/gdap-requests", json={})
        assert again.status_code == 201
        assert again.json()["state"] == "approval_pending"

    async def test_an_account_the_group_cannot_take_is_named_with_who_to_add(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await connected(world, microsoft, worker)
        tenant_id, customer_admin = await missing_tenant(admin, microsoft)
        req = (await admin.post(f"/api/v1/tenants/{tenant_id}/gdap-requests", json={})).json()
        rule = await fault(
            microsoft,
            path="/graph/v1.0/groups/*/members/$ref",
            method="POST",
            rate_error=1.0,
            error_status=403,
            error_code="Authorization_RequestDenied",
        )
        await approve_relationship(microsoft, page_url(req["approval_link"]), customer_admin)
        await advance(microsoft, 5)
        await follow(worker)
        await advance(microsoft, 5)
        await follow(worker)
        stuck = await gdap_request(admin, req["id"])
        assert stuck["state"] == "assigning"
        assert stuck["error"]["root_cause"] == "account_not_in_group"
        assert "Petra GDAP access" in stuck["error"]["action"]
        assert "admin@" in stuck["error"]["action"]
        await microsoft.delete(f"{EMULATOR_URL}/_emulator/faults/{rule}")
        refreshed = await admin.post(f"/api/v1/gdap-requests/{req['id']}/refresh")
        assert refreshed.status_code == 202
        await run_burst(worker, cron_jobs=[])
        done = await gdap_request(admin, req["id"])
        assert done["state"] == "ready", done
        assert done["error"] is None
