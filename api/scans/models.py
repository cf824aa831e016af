"""What Petra Scan keeps: the features an operator turned on, and one row per tenant scan."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, IdMixin, TimestampMixin

JSON_TYPE = JSON().with_variant(JSONB(), "postgresql")


class OrganizationFeature(Base):
    """A feature available on request: only an operator turns it on (`petra org set-feature`)."""

    __tablename__ = "organization_feature"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )
    feature: Mapped[str] = mapped_column(String(40), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class TenantScan(IdMixin, TimestampMixin, Base):
    """One scan of one tenant: every check's finding, and counts by severity and status."""

    __tablename__ = "tenant_scan"
    __table_args__ = (
        Index("ix_tenant_scan_tenant", "managed_tenant_id", "created_at"),
        Index("ix_tenant_scan_operation", "operation_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    managed_tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("managed_tenant.id", ondelete="CASCADE")
    )
    tenant_id: Mapped[str] = mapped_column(String(36))
    display_name: Mapped[str] = mapped_column(String(256), default="")
    operation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("operation.id", ondelete="SET NULL"), default=None
    )
    catalog_version: Mapped[str] = mapped_column(String(20))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON_TYPE, default=dict)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON_TYPE, default=list)
