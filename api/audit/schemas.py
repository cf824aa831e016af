from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from api.audit.models import Outcome
from api.schemas import Output, QueryInput


class ActorType(enum.StrEnum):
    member = "member"
    api_key = "api_key"
    # A request made before anyone was identified: a failed sign-in, say.
    anonymous = "anonymous"
    # The portal itself: a scheduled job moving a GDAP request along, say.
    system = "system"
    # Petra's own staff, from the command line (turning on a feature available on request).
    operator = "operator"


class AuditEventOut(Output):
    id: uuid.UUID
    created_at: datetime
    actor_type: ActorType
    actor_id: uuid.UUID | None
    actor_label: str | None
    action: str
    target_type: str | None
    target_id: str | None
    outcome: Outcome
    status_code: int | None
    error_code: str | None
    ip: str | None
    user_agent: str | None
    correlation_id: str | None
    details: dict[str, Any]


class AuditEventPage(Output):
    items: list[AuditEventOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next, older page")


class AuditFilters(QueryInput):
    actor_id: uuid.UUID | None = None
    action: str | None = Field(default=None, max_length=80)
    outcome: Outcome | None = None
    target_type: str | None = Field(default=None, max_length=40)
    target_id: str | None = Field(default=None, max_length=80)
    since: datetime | None = None
    until: datetime | None = None


class AuditQuery(AuditFilters):
    cursor: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=50, ge=1, le=200)
