from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Enum,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, IdMixin, TimestampMixin

JSON_TYPE = JSON().with_variant(JSONB(), "postgresql")


class OperationKind(enum.StrEnum):
    sync = "sync"
    onboard = "onboard"
    email_permissions = "email_permissions"
    offboard = "offboard"
    # Follow an organization's open GDAP requests one step further each (items are requests).
    gdap_follow = "gdap_follow"
    scan = "scan"
    # The monitoring heartbeat: confirm Petra's access to Monitoring tenants, repair drift.
    monitor = "monitor"


# Kinds of which an organization may run only one at a time for the same subject: a second
# start returns the live one instead of racing it.
EXCLUSIVE_KINDS = frozenset(
    {
        OperationKind.sync,
        OperationKind.onboard,
        OperationKind.email_permissions,
        OperationKind.offboard,
        OperationKind.gdap_follow,
        OperationKind.monitor,
    }
)


class OperationState(enum.StrEnum):
    queued = "queued"
    running = "running"
    # Stopped by the breaker after a storm of failures; pending items wait for a resume.
    paused = "paused"
    succeeded = "succeeded"
    partially_failed = "partially_failed"
    failed = "failed"
    cancelled = "cancelled"

    @property
    def finished(self) -> bool:
        return self not in UNFINISHED


UNFINISHED = (OperationState.queued, OperationState.running, OperationState.paused)


class ItemState(enum.StrEnum):
    pending = "pending"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"

    @property
    def open(self) -> bool:
        return self in (ItemState.pending, ItemState.running)


class Operation(IdMixin, TimestampMixin, Base):
    """Long-running work. PostgreSQL holds its truth; Redis only carries the job messages."""

    __tablename__ = "operation"
    __table_args__ = (
        UniqueConstraint("organization_id", "idempotency_key"),
        # At most one live operation per (organization, kind, subject) for exclusive kinds:
        # a second start finds the live one.
        Index(
            "uq_operation_live_exclusive_key",
            "organization_id",
            "exclusive_key",
            unique=True,
            postgresql_where=text(
                "exclusive_key IS NOT NULL AND state IN ('queued', 'running', 'paused')"
            ),
        ),
        Index("ix_operation_org_created", "organization_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    kind: Mapped[OperationKind] = mapped_column(
        Enum(OperationKind, name="operation_kind", native_enum=False, length=20)
    )
    state: Mapped[OperationState] = mapped_column(
        Enum(OperationState, name="operation_state", native_enum=False, length=20)
    )
    # What the operation is about when it is not the whole organization (a tenant id, say).
    subject: Mapped[str | None] = mapped_column(String(64), default=None)
    exclusive_key: Mapped[str | None] = mapped_column(String(100), default=None)
    params: Mapped[dict[str, Any]] = mapped_column(JSON_TYPE, default=dict)
    idempotency_key: Mapped[str | None] = mapped_column(String(100), default=None)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("operation.id", ondelete="CASCADE"), default=None
    )
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    actor_label: Mapped[str | None] = mapped_column(String(320), default=None)
    step: Mapped[str | None] = mapped_column(String(80), default=None)
    total: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    error_code: Mapped[str | None] = mapped_column(String(80), default=None)
    error_message: Mapped[str | None] = mapped_column(String(1000), default=None)
    error_action: Mapped[str | None] = mapped_column(String(500), default=None)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON_TYPE, default=dict)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    cancel_requested_at: Mapped[datetime | None] = mapped_column(default=None)
    paused_at: Mapped[datetime | None] = mapped_column(default=None)
    pause_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class OperationItem(Base):
    """One tenant's part of an operation; counts are derived from these rows, never kept twice."""

    __tablename__ = "operation_item"
    __table_args__ = (
        Index("ix_operation_item_state", "operation_id", "state"),
        Index("ix_operation_item_finished", "operation_id", "finished_at"),
        # A tenant's page lists the operations that touched it.
        Index("ix_operation_item_tenant", "tenant_id"),
    )

    operation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("operation.id", ondelete="CASCADE"), primary_key=True
    )
    tenant_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(256), default="")
    state: Mapped[ItemState] = mapped_column(
        Enum(ItemState, name="operation_item_state", native_enum=False, length=20)
    )
    attempts: Mapped[int] = mapped_column(default=0)
    # Attempts made before the last "retry failed": the retry policy counts from here.
    retry_base: Mapped[int] = mapped_column(default=0, server_default="0")
    message: Mapped[str | None] = mapped_column(String(1000), default=None)
    error_code: Mapped[str | None] = mapped_column(String(80), default=None)
    root_cause: Mapped[str | None] = mapped_column(String(80), default=None)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    # A throttled item waits for this moment in a deferred job, holding no worker meanwhile.
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    # The advisory lock key of the worker process running it (api/operations/liveness.py).
    claimed_by: Mapped[int | None] = mapped_column(BigInteger, default=None)
    updated_at: Mapped[datetime] = mapped_column(
        server_default=func.now(), onupdate=func.now(), index=True
    )
