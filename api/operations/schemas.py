from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from api.operations.models import ItemState, OperationKind, OperationState
from api.schemas import Output, QueryInput


class ProgressOut(Output):
    total: int
    pending: int = 0
    running: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0
    waiting_on_microsoft: int = Field(
        default=0, description="Pending tenants Microsoft throttled, waiting for their next try"
    )
    next_retry_at: datetime | None = Field(
        default=None, description="When the first throttled tenant is tried again"
    )
    eta_seconds: float | None = Field(
        default=None, description="Time left at the pace measured so far; null until measured"
    )


class OperationOut(Output):
    id: uuid.UUID
    kind: OperationKind
    state: OperationState
    subject: str | None = Field(description="What the operation is about, when not every tenant")
    step: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    cancel_requested_at: datetime | None
    paused_at: datetime | None
    pause_reason: str | None = Field(description="Why the breaker paused it, and what to do")
    created_by: str | None = Field(
        description="Who started it: a member, an API key or the scheduler"
    )
    attempts: int
    error_code: str | None
    error_message: str | None
    error_action: str | None
    progress: ProgressOut


class OperationPage(Output):
    items: list[OperationOut]
    next_cursor: str | None


class OperationItemOut(Output):
    tenant_id: str
    display_name: str
    state: ItemState
    attempts: int
    message: str | None
    error_code: str | None
    root_cause: str | None
    started_at: datetime | None
    finished_at: datetime | None
    next_attempt_at: datetime | None
    updated_at: datetime


class OperationItemPage(Output):
    items: list[OperationItemOut]
    next_cursor: str | None


class OperationQuery(QueryInput):
    kind: OperationKind | None = None
    state: OperationState | None = None
    cursor: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=50, ge=1, le=200)


class OperationItemQuery(QueryInput):
    state: ItemState | None = None
    cursor: str | None = Field(default=None, max_length=36, description="The last tenant id seen")
    limit: int = Field(default=100, ge=1, le=500)
