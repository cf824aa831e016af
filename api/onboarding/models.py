"""What onboarding keeps per tenant: one record per change to Petra's presence in the tenant."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, IdMixin, TimestampMixin

JSON_TYPE = JSON().with_variant(JSONB(), "postgresql")


class RecordKind(enum.StrEnum):
    onboard = "onboard"
    email_check = "email_check"
    email_fix = "email_fix"
    offboard = "offboard"
    pause = "pause"
    resume = "resume"


class RecordState(enum.StrEnum):
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


class StepState(enum.StrEnum):
    pending = "pending"
    running = "running"
    waiting = "waiting"
    done = "done"
    needs_fix = "needs_fix"
    failed = "failed"


class OnboardingRecord(IdMixin, TimestampMixin, Base):
    """One onboarding, email check or fix, offboarding, pause or resume of a tenant.

    `steps` holds [{name, state, attempts, message, root_cause, started_at, finished_at}] in
    the order they run; a retry of the same operation resumes at the first step not done.
    """

    __tablename__ = "onboarding_record"
    __table_args__ = (
        Index("ix_onboarding_record_tenant", "managed_tenant_id", "created_at"),
        Index("ix_onboarding_record_operation", "operation_id", "tenant_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    managed_tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("managed_tenant.id", ondelete="CASCADE")
    )
    tenant_id: Mapped[str] = mapped_column(String(36))
    operation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("operation.id", ondelete="SET NULL"), default=None
    )
    kind: Mapped[str] = mapped_column(String(20))
    product: Mapped[str | None] = mapped_column(String(20), default=None)
    catalog_version: Mapped[str | None] = mapped_column(String(20), default=None)
    state: Mapped[str] = mapped_column(String(20))
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON_TYPE, default=list)
    message: Mapped[str | None] = mapped_column(String(1000), default=None)
    actor_label: Mapped[str | None] = mapped_column(String(320), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
