"""What a per-tenant capability hands the engine: how to list its tenants and run one.

The engine owns everything around it (items, batches, concurrency, retries, progress, cancel,
the breaker, closing); a capability owns its Microsoft calls and what it writes about a tenant.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncSession

from api.microsoft.transport import RetryPolicy
from api.operations.models import OperationKind
from api.operations.pace import Pace
from api.resources import Resources

Handle = TypeVar("Handle")
Plan = TypeVar("Plan")


@dataclass(frozen=True)
class OperationHead:
    """The operation as a capability sees it."""

    id: uuid.UUID
    organization_id: uuid.UUID
    kind: OperationKind
    subject: str | None
    params: Mapping[str, Any]


@dataclass(frozen=True)
class ItemSpec:
    tenant_id: str
    display_name: str = ""


@dataclass(frozen=True)
class Done:
    """A tenant's part finished; `message` is what a person reads, `data` goes to `record`."""

    message: str
    data: Any = None


@dataclass(frozen=True)
class Failed:
    code: str
    root_cause: str
    message: str
    action: str

    @property
    def explanation(self) -> str:
        return f"{self.message} {self.action}".strip()


class Abort(Exception):
    """The whole operation cannot go on (the partner sign-in is gone, say): stop every tenant."""

    def __init__(
        self,
        code: str,
        message: str,
        action: str,
        *,
        root_cause: str = "",
        microsoft_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.action = action
        self.root_cause = root_cause or code
        # Microsoft's own code for what stopped the operation (e.g. AADSTS53003), when known.
        self.microsoft_code = microsoft_code


@dataclass(frozen=True)
class Breaker:
    """Pause when at least `threshold` of the last `window` finished tenants failed."""

    window: int = 20
    threshold: float = 0.5


@dataclass
class Outcomes:
    done: dict[str, Done] = field(default_factory=dict)
    failed: dict[str, Failed] = field(default_factory=dict)
    # Tenants Microsoft asked to wait for, with the seconds to wait.
    deferred: dict[str, float] = field(default_factory=dict)
    abort: Abort | None = None


@runtime_checkable
class Weighed(Protocol):
    """A capability that knows which tenants take longest: those start first.

    A batch of tenants ends with its slowest; when one tenant needs forty calls in a row and the
    rest one or two, starting it last adds its whole chain to the operation's time.
    """

    async def weights(
        self, resources: Resources, operation_id: uuid.UUID, tenant_ids: list[str]
    ) -> dict[str, int]: ...


@runtime_checkable
class Paced(Protocol):
    """A capability whose tenants take a slot per Microsoft call, with a priority, instead of
    one slot for their whole run (api/operations/pace.py).

    The engine then starts all of a batch's tenants at once, `concurrency` counts calls at once
    in the process, and `run_paced` replaces `run_item` in a batch.
    """

    async def run_paced(
        self, handle: Any, operation: OperationHead, tenant_id: str, pace: Pace
    ) -> Done: ...


class Capability(Protocol, Generic[Plan, Handle]):
    kind: OperationKind
    # Retries of one tenant (and of the listing): Retry-After first, else capped backoff.
    retry: RetryPolicy
    breaker: Breaker | None

    def batch_size(self, resources: Resources) -> int: ...

    def concurrency(self, resources: Resources) -> int: ...

    async def plan(self, resources: Resources, operation: OperationHead) -> Plan:
        """Microsoft calls that find the tenants; no writes. Raise Abort to stop."""
        ...

    async def apply_plan(
        self, db: AsyncSession, operation: OperationHead, plan: Plan
    ) -> list[ItemSpec]:
        """Write what the plan learned, in the same transaction as the items."""
        ...

    async def open(self, resources: Resources, operation: OperationHead) -> Handle:
        """What a batch of tenants shares (clients for the partner's sign-in). Raise Abort."""
        ...

    async def run_item(self, handle: Handle, operation: OperationHead, tenant_id: str) -> Done:
        """One tenant's Microsoft calls. Raise a MicrosoftError to fail it, Abort to stop all."""
        ...

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        """Write the tenants' outcomes in the transaction that closes their items."""
        ...

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Abort) -> None:
        """Extra writes when the operation stops for good (the connection needs reauth, say)."""
        ...
