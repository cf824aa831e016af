"""Capabilities for the engine's own tests: each tenant does what the test scripts.

`Scripted` never calls Microsoft: a script decides, call by call, whether a tenant succeeds,
fails with a Microsoft error, stops the operation or waits on a gate. `UserCounts` makes one real
Graph call per tenant through the project's clients, so throttling comes from the emulator.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from api.microsoft.errors import MicrosoftError, RequestError
from api.microsoft.graph import GraphClient
from api.microsoft.settings import MicrosoftEndpoints
from api.microsoft.transport import RetryPolicy
from api.operations.capability import Abort, Breaker, Done, ItemSpec, OperationHead, Outcomes
from api.operations.models import OperationKind
from api.partner_center.clients import clients_for_sign_in
from api.partner_center.tokens import connection_of
from api.resources import Resources

# Short waits when Microsoft names none, so a failing tenant's tries add up to well under a second.
QUICK_RETRY = RetryPolicy(max_attempts=3, backoff_base=0.05, backoff_cap=0.1)


@dataclass(frozen=True)
class Call:
    """One run of one tenant, as the capability saw it."""

    tenant_id: str
    attempt: int  # this tenant's n-th run
    number: int  # the n-th run of any tenant


Script = Callable[[Call], Awaitable[Done]]


def denied() -> MicrosoftError:
    """What Graph answers when the partner's GDAP roles do not allow the call."""
    return RequestError(
        "Insufficient privileges to complete the operation.",
        service="graph",
        status=403,
        code="Authorization_RequestDenied",
    )


# The root cause `denied()` maps to, as items and the breaker name it.
DENIED_ROOT_CAUSE = "gdap_role_missing"


async def succeed(call: Call) -> Done:
    return Done(f"Done on try {call.attempt}.")


def fail_when(predicate: Callable[[Call], bool]) -> Script:
    """Fail the calls the predicate picks with `denied()`; the others succeed."""

    async def run(call: Call) -> Done:
        if predicate(call):
            raise denied()
        return await succeed(call)

    return run


def abort_on(number: int, abort: Abort) -> Script:
    """The `number`-th run of any tenant stops the whole operation."""

    async def run(call: Call) -> Done:
        if call.number == number:
            raise abort
        return await succeed(call)

    return run


@dataclass
class Gate:
    """Tenants wait here until the test opens it; `entered` says who got that far."""

    opened: asyncio.Event = field(default_factory=asyncio.Event)
    someone_entered: asyncio.Event = field(default_factory=asyncio.Event)
    entered: list[str] = field(default_factory=list)

    async def __call__(self, call: Call) -> Done:
        self.entered.append(call.tenant_id)
        self.someone_entered.set()
        await self.opened.wait()
        return await succeed(call)


@dataclass
class Scripted:
    """A capability whose tenants do what `script` says; it remembers everything it was asked."""

    script: Script = succeed
    breaker: Breaker | None = None
    size: int = 5
    parallel: int = 5
    retry: RetryPolicy = QUICK_RETRY
    listing: list[ItemSpec] = field(default_factory=list)
    kind: OperationKind = OperationKind.sync
    calls: list[Call] = field(default_factory=list)
    recorded: list[Outcomes] = field(default_factory=list)
    aborted: list[Abort] = field(default_factory=list)

    def batch_size(self, resources: Resources) -> int:
        return self.size

    def concurrency(self, resources: Resources) -> int:
        return self.parallel

    async def plan(self, resources: Resources, operation: OperationHead) -> list[ItemSpec]:
        return list(self.listing)

    async def apply_plan(
        self, db: AsyncSession, operation: OperationHead, plan: list[ItemSpec]
    ) -> list[ItemSpec]:
        return plan

    async def open(self, resources: Resources, operation: OperationHead) -> None:
        return None

    async def run_item(self, handle: None, operation: OperationHead, tenant_id: str) -> Done:
        attempt = 1 + sum(call.tenant_id == tenant_id for call in self.calls)
        call = Call(tenant_id, attempt, len(self.calls) + 1)
        self.calls.append(call)
        return await self.script(call)

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        self.recorded.append(outcomes)

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Abort) -> None:
        self.aborted.append(abort)

    def runs_of(self, tenant_id: str) -> int:
        return sum(call.tenant_id == tenant_id for call in self.calls)


# Microsoft's Retry-After past this is not waited for inline: the tenant leaves its batch.
INLINE_BUDGET = RetryPolicy(max_attempts=2, max_inline_wait=0.1)


@dataclass
class UserCounts:
    """Each tenant's user count from Graph, through the partner sign-in the organization holds."""

    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(max_attempts=3))
    breaker: Breaker | None = None
    kind: OperationKind = OperationKind.sync
    counts: dict[str, int] = field(default_factory=dict)

    def batch_size(self, resources: Resources) -> int:
        return 5

    def concurrency(self, resources: Resources) -> int:
        return 5

    async def plan(self, resources: Resources, operation: OperationHead) -> list[ItemSpec]:
        return []

    async def apply_plan(
        self, db: AsyncSession, operation: OperationHead, plan: list[ItemSpec]
    ) -> list[ItemSpec]:
        return plan

    async def open(self, resources: Resources, operation: OperationHead) -> GraphClient:
        async with resources.sessionmaker() as db:
            connection = await connection_of(db, operation.organization_id)
        if connection is None or not connection.partner_tenant_id:
            raise Abort("partner_center_not_connected", "Connect Partner Center.", "Connect it.")
        clients = clients_for_sign_in(
            resources,
            operation.organization_id,
            connection.partner_tenant_id,
            connection.connected_at,
        )
        endpoints = MicrosoftEndpoints.from_settings(resources.settings)
        return GraphClient(resources.http, endpoints, clients.tokens, policy=INLINE_BUDGET)

    async def run_item(self, handle: GraphClient, operation: OperationHead, tenant_id: str) -> Done:
        count = await handle.user_count(tenant_id)
        return Done(f"{count} users", count)

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        self.counts.update({tenant: done.data for tenant, done in outcomes.done.items()})

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Abort) -> None:
        return None
