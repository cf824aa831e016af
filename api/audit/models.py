from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, IdMixin, utcnow


class Outcome(enum.StrEnum):
    success = "success"
    failure = "failure"


class AuditEvent(IdMixin, Base):
    """Append-only: nothing in the code updates or deletes these rows (a trigger enforces it)."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_org_time", "organization_id", "created_at", "id"),)

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # No foreign keys: the trail must outlive the organization, member or key it names.
    organization_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    actor_label: Mapped[str | None] = mapped_column(String(320), default=None)
    action: Mapped[str] = mapped_column(String(80))
    target_type: Mapped[str | None] = mapped_column(String(40), default=None)
    target_id: Mapped[str | None] = mapped_column(String(80), default=None)
    outcome: Mapped[Outcome] = mapped_column(Enum(Outcome, name="audit_outcome", native_enum=False))
    status_code: Mapped[int | None] = mapped_column(default=None)
    error_code: Mapped[str | None] = mapped_column(String(80), default=None)
    ip: Mapped[str | None] = mapped_column(String(64), default=None)
    user_agent: Mapped[str | None] = mapped_column(String(400), default=None)
    correlation_id: Mapped[str | None] = mapped_column(String(64), default=None)
    details: Mapped[dict[str, Any]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), default=dict
    )
