from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from api.operations.models import ItemState, OperationKind, OperationState
from api.schemas import Input, Output


class ProgressOut(Output):
    total: int
    pending: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0


class OperationOut(Output):
    id: uuid.UUID
    kind: OperationKind
    state: OperationState
    step: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    cancel_requested_at: datetime | None
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
    updated_at: datetime


class OperationQuery(Input):
    kind: OperationKind | None = None
    state: OperationState | None = None
    cursor: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=50, ge=1, le=200)
