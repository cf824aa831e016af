"""The crons: lost jobs are re-driven, the nightly sync runs, partner sign-ins stay alive."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import httpx
from redis.asyncio import Redis
from sqlalchemy import select, update

from api.db import utcnow
from api.operations.models import Operation
from api.partner_center.models import PartnerConnection
from api.resources import Resources
from tests.api.conftest import EMULATOR_URL, PORTAL_APP, World
from tests.api.test_partner_center_flow import all_tenants, connect, expected_table, truth_of
from workers.context import CONTEXT_KEY, job
from workers.jobs import nightly_sync, reconcile_operations, refresh_partner_tokens
from workers.settings import run_burst


async def _run(function: Callable[[Resources], Awaitable[int]], worker: Resources) -> int:
    """Run a cron as arq would, in this test's worker."""
    return await job(function)({CONTEXT_KEY: worker, "job_try": 1})


class TestReconciler:
    async def test_a_sync_survives_redis_losing_everything(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        started = (await admin.post("/api/v1/tenants/sync")).json()
        redis = Redis.from_url(worker.settings.require_redis_url())
        await redis.flushdb()
        await redis.aclose()
        assert await run_burst(worker, cron_jobs=[]) == 0
        operation = (await admin.get(f"/api/v1/operations/{started['id']}")).json()
        assert operation["state"] == "queued"

        async with world.sessions() as db:
            await db.execute(update(Operation).values(updated_at=utcnow() - timedelta(minutes=5)))
            await db.commit()
        assert await _run(reconcile_operations, worker) == 1
        await run_burst(worker, cron_jobs=[])
        operation = (await admin.get(f"/api/v1/operations/{started['id']}")).json()
        assert operation["state"] == "succeeded"
        expected = expected_table(await truth_of(microsoft))
        assert {t["tenant_id"] for t in await all_tenants(admin)} == set(expected)

    async def test_fresh_operations_are_left_alone(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        await admin.post("/api/v1/tenants/sync")
        assert await _run(reconcile_operations, worker) == 0


class TestNightlySync:
    async def test_syncs_every_connected_organization_once(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        await world.admin("Not connected MSP")
        assert await _run(nightly_sync, worker) == 1
        assert await _run(nightly_sync, worker) == 0
        await run_burst(worker, cron_jobs=[])
        operations = (await admin.get("/api/v1/operations")).json()["items"]
        assert [(op["state"], op["created_by"]) for op in operations] == [
            ("succeeded", "scheduler")
        ]
        connection = (await admin.get("/api/v1/partner-center/connection")).json()
        assert connection["last_sync"]["state"] == "succeeded"


class TestTokenRefresh:
    async def _age(self, world: World, days: int) -> None:
        async with world.sessions() as db:
            await db.execute(
                update(PartnerConnection).values(last_refreshed_at=utcnow() - timedelta(days=days))
            )
            await db.commit()

    async def test_old_sign_ins_are_refreshed(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        assert await _run(refresh_partner_tokens, worker) == 0
        await self._age(world, 30)
        assert await _run(refresh_partner_tokens, worker) == 1
        connection = (await admin.get("/api/v1/partner-center/connection")).json()
        assert connection["refresh_token_days_left"] >= 89

    async def test_a_revoked_sign_in_asks_for_reauthentication(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        await microsoft.post(
            f"{EMULATOR_URL}/_emulator/users/{PORTAL_APP.admin_username}/revoke-refresh-tokens"
        )
        await self._age(world, 30)
        assert await _run(refresh_partner_tokens, worker) == 0
        async with world.sessions() as db:
            connection = (await db.execute(select(PartnerConnection))).scalar_one()
        assert connection.state.value == "needs_reauth"
        assert connection.reauth_root_cause == "partner_sign_in_revoked"
        banner = (await admin.get("/api/v1/partner-center/connection")).json()["problem"]
        assert (banner["label"], banner["code"]) == ("partner_sign_in_revoked", "AADSTS50173")
