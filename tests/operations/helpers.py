"""Starting operations, running the worker and reading what a user of the API would see."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

import httpx

from api.operations import service
from api.operations.capability import ItemSpec
from api.operations.models import OperationKind
from api.resources import Resources
from tests.api.conftest import EMULATOR_URL, Actor
from tests.api.test_partner_center_flow import truth_of
from tests.operations.capabilities import Gate
from workers.settings import run_burst

FINISHED = ("succeeded", "partially_failed", "failed", "cancelled")


def tenant_ids(count: int) -> list[str]:
    return [f"00000000-0000-4000-8000-{i:012d}" for i in range(1, count + 1)]


async def start(
    worker: Resources,
    organization_id: uuid.UUID,
    tenants: Sequence[str] | None,
    *,
    subject: str | None = None,
) -> tuple[uuid.UUID, bool]:
    """Start an operation over `tenants` (None: the capability lists them) the way a cron
    would; returns its id and whether it is new."""
    async with worker.transaction() as db:
        operation, created = await service.start(
            db,
            worker.queue,
            organization_id=organization_id,
            kind=OperationKind.sync,
            principal=None,
            subject=subject,
            items=None if tenants is None else [item(tenant) for tenant in tenants],
        )
        return operation.id, created


def item(tenant_id: str) -> ItemSpec:
    return ItemSpec(tenant_id, f"Customer {tenant_id[-2:]}")


async def drain(worker: Resources, **overrides: Any) -> int:
    """Run queued jobs (deferred ones when due) until none is left; returns how many ran.

    To stop between jobs, pass `max_burst_jobs=1` per call: arq counts a job that just finished
    twice until its next poll, so a larger limit can stop one job early.
    """
    return await asyncio.wait_for(run_burst(worker, cron_jobs=[], **overrides), timeout=60)


async def operation(actor: Actor, operation_id: uuid.UUID) -> dict[str, Any]:
    answer = await actor.get(f"/api/v1/operations/{operation_id}")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def items(actor: Actor, operation_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    """Every item of the operation by tenant id, read page by page as the SPA would."""
    found: dict[str, dict[str, Any]] = {}
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 10, **({"cursor": cursor} if cursor else {})}
        answer = await actor.get(f"/api/v1/operations/{operation_id}/items", params=params)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        found.update({item["tenant_id"]: item for item in page["items"]})
        cursor = page["next_cursor"]
        if not cursor:
            return found


async def events(actor: Actor, operation_id: uuid.UUID) -> list[tuple[str, dict[str, Any]]]:
    """The server-sent events of the operation, from the request until its `end`."""
    answer = await actor.get(f"/api/v1/operations/{operation_id}/events")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/event-stream")
    received = []
    for block in re.split(r"\r?\n\r?\n", answer.text):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if line and not line.startswith(":")
        )
        if "event" in fields:
            received.append((fields["event"], json.loads(fields["data"])))
    return received


async def graph_tenants(microsoft: httpx.AsyncClient) -> dict[str, int]:
    """Customers whose user count Graph answers for the partner admin, with that count."""
    truth = await truth_of(microsoft)
    return {
        customer["tenantId"]: customer["userCount"]
        for customer in truth["customers"]
        if customer["appConsented"]
        and customer["adminCoveredRoles"]
        and any(r["status"] == "active" for r in customer["relationships"])
    }


async def throttle(microsoft: httpx.AsyncClient, tenant: str, retry_after: float) -> str:
    """Every Graph call in `tenant` answers 429 with this Retry-After; returns the rule's id."""
    rule = await microsoft.post(
        f"{EMULATOR_URL}/_emulator/faults",
        json={"path": "/graph/*", "tenant": tenant, "rate_429": 1.0, "retry_after": [retry_after]},
    )
    assert rule.status_code == 201, rule.text
    return str(rule.json()["id"])


async def throttled_calls(microsoft: httpx.AsyncClient, tenant: str) -> int:
    counters = await microsoft.get(
        f"{EMULATOR_URL}/_emulator/counters", params={"tenant": tenant, "status": 429}
    )
    return int(counters.json()["total"])


async def until(
    check: Callable[[], Awaitable[bool]], *, within: float = 20.0, every: float = 0.05
) -> None:
    """Poll `check` until it holds; fail after `within` seconds."""
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {within:.0f} s")
        await asyncio.sleep(every)


def moment(value: str | None) -> datetime:
    """A timestamp the API sent, which must be there."""
    assert value is not None
    return datetime.fromisoformat(value)


async def cancel_while_one_waits(
    admin: Actor,
    worker: Resources,
    gate: Gate,
    tenants: list[str],
    *,
    before_opening: float = 0.0,
) -> tuple[uuid.UUID, dict[str, Any]]:
    """Start the operation, one job at a time; cancel it once a tenant waits at `gate`, open the
    gate (`before_opening` seconds later) and let the jobs finish. Returns the operation's id
    and what the cancel answered."""
    operation_id, _ = await start(worker, admin.organization_id, tenants)
    working = asyncio.create_task(drain(worker, max_jobs=1))
    try:
        await asyncio.wait_for(gate.someone_entered.wait(), timeout=20)
        answer = await admin.post(f"/api/v1/operations/{operation_id}/cancel")
        await asyncio.sleep(before_opening)
    finally:
        gate.opened.set()
    assert answer.status_code == 200, answer.text
    await asyncio.wait_for(working, timeout=30)
    return operation_id, dict(answer.json())
