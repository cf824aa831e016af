from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, UniqueConstraint, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, IdMixin, TimestampMixin

JSON_TYPE = JSON().with_variant(JSONB(), "postgresql")


class RequestState(enum.StrEnum):
    # The relationship exists and waits for the client's admin.
    approval_pending = "approval_pending"
    # The client approved; the portal assigns the roles to its group next.
    active = "active"
    # Access assignments made, waiting for Microsoft to apply them (and the account's group).
    assigning = "assigning"
    ready = "ready"
    expired = "expired"
    terminated = "terminated"
    failed = "failed"

    @property
    def open(self) -> bool:
        return self in OPEN_STATES


OPEN_STATES = (RequestState.approval_pending, RequestState.active, RequestState.assigning)


class RoleTemplate(IdMixin, TimestampMixin, Base):
    """What an organization asks its clients for: roles, duration, auto-extend, the group."""

    __tablename__ = "gdap_role_template"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(100))
    role_ids: Mapped[list[str]] = mapped_column(JSON_TYPE, default=list)
    duration_days: Mapped[int] = mapped_column(default=730)
    auto_extend: Mapped[bool] = mapped_column(default=False)
    # The partner security group receiving the roles; None: the portal's own group.
    group_id: Mapped[str | None] = mapped_column(String(36), default=None)
    group_name: Mapped[str | None] = mapped_column(String(256), default=None)
    is_default: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class GdapRequest(IdMixin, TimestampMixin, Base):
    """One relationship asked of a client, followed until its tenant is Ready (or it ends)."""

    __tablename__ = "gdap_request"
    __table_args__ = (
        # One open request per client tenant: a second request (or a racing one) finds it.
        Index(
            "uq_gdap_request_open_tenant",
            "organization_id",
            "tenant_id",
            unique=True,
            postgresql_where=text(
                "tenant_id IS NOT NULL AND state IN ('approval_pending', 'active', 'assigning')"
            ),
        ),
        Index("ix_gdap_request_org_created", "organization_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    template_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("gdap_role_template.id", ondelete="SET NULL"), default=None
    )
    template_name: Mapped[str] = mapped_column(String(100), default="")
    # None until a client accepts an invitation made without a tenant.
    tenant_id: Mapped[str | None] = mapped_column(String(36), default=None)
    customer_name: Mapped[str] = mapped_column(String(256), default="")
    relationship_id: Mapped[str | None] = mapped_column(String(80), default=None)
    display_name: Mapped[str] = mapped_column(String(50))
    role_ids: Mapped[list[str]] = mapped_column(JSON_TYPE, default=list)
    duration_days: Mapped[int] = mapped_column(default=730)
    auto_extend: Mapped[bool] = mapped_column(default=False)
    top_up: Mapped[bool] = mapped_column(default=False)
    group_id: Mapped[str | None] = mapped_column(String(36), default=None)
    group_name: Mapped[str | None] = mapped_column(String(256), default=None)
    state: Mapped[RequestState] = mapped_column(
        Enum(RequestState, name="gdap_request_state", native_enum=False, length=20)
    )
    approval_link: Mapped[str | None] = mapped_column(String(500), default=None)
    link_expires_at: Mapped[datetime | None] = mapped_column(default=None)
    relationship_end_at: Mapped[datetime | None] = mapped_column(default=None)
    # Why it failed or what is in its way, in words a person can act on.
    error_code: Mapped[str | None] = mapped_column(String(80), default=None)
    root_cause: Mapped[str | None] = mapped_column(String(80), default=None)
    error_message: Mapped[str | None] = mapped_column(String(1000), default=None)
    error_action: Mapped[str | None] = mapped_column(String(500), default=None)
    # [{at, state, message}] oldest first.
    timeline: Mapped[list[dict[str, Any]]] = mapped_column(JSON_TYPE, default=list)
    requested_by_label: Mapped[str | None] = mapped_column(String(320), default=None)
    last_checked_at: Mapped[datetime | None] = mapped_column(default=None)
    reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
