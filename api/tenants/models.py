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


class GdapState(enum.StrEnum):
    ready = "ready"
    missing = "missing"
    # Every relationship ended: the tenant stays in the table, with no access.
    none = "none"
    # Added individually (its Global Administrator consented to Petra's app): GDAP does not
    # apply until a relationship with the tenant shows up.
    not_applicable = "not_applicable"


class RelationshipKind(enum.StrEnum):
    """The shapes of GDAP relationship a partner's list holds (see api/tenants/gdap.py)."""

    ordinary = "ordinary"
    # Created by Partner Center with a new customer, approved without the customer's admin.
    default = "default"
    # MLT_: Microsoft's DAP-to-GDAP transition. Never counted for readiness.
    microsoft_led = "microsoft_led"
    # resellerDelegatedAdminRelationship: created by an indirect provider for this reseller.
    reseller = "reseller"


class PetraStatus(enum.StrEnum):
    monitoring = "monitoring"
    paused = "paused"
    previously_deleted = "previously_deleted"
    not_protected = "not_protected"
    # Petra was onboarded but can no longer reach the tenant (its GDAP relationship ended, or
    # the client removed the app): the tenant stays, nothing is collected, access_lost_* say why.
    access_lost = "access_lost"


class EmailPermissions(enum.StrEnum):
    ok = "ok"
    needs_fix = "needs_fix"
    unknown = "unknown"


class UserCountSource(enum.StrEnum):
    graph = "graph"
    partner_center = "partner_center"
    unknown = "unknown"


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False)


# One text per tenant that a search looks into: name, default domain and tenant id. Spelled as
# PostgreSQL prints it back, so that `alembic check` sees the migration's index unchanged (the
# migration creates it from `lower(display_name) || ' ' || ...`).
SEARCH_TEXT = (
    "((((lower(display_name::text) || ' '::text) || "
    "lower(COALESCE(default_domain, ''::character varying)::text)) || ' '::text) || "
    "tenant_id::text)"
)
# Filters that the default sort (by name) walks in order within the filtered rows.
FILTERED = ("gdap_state", "status", "email_permissions", "excluded", "active")


def _sort_index(column: str) -> Index:
    return Index(f"ix_managed_tenant_sort_{column}", "organization_id", column, "id")


# A nullable column is sorted through coalesce(), unknowns last in both directions: the sort
# key is never null, so a cursor is one row comparison and an index walk serves each way.
UNKNOWN_LAST = {
    "user_count": ("2147483647", "-1"),
    "earliest_end_at": (
        "'9999-12-31 00:00:00+00'::timestamptz",
        "'0001-01-01 00:00:00+00'::timestamptz",
    ),
    "last_synced_at": (
        "'9999-12-31 00:00:00+00'::timestamptz",
        "'0001-01-01 00:00:00+00'::timestamptz",
    ),
}


def sort_text(column: str, descending: bool) -> str:
    return f"coalesce({column}, {UNKNOWN_LAST[column][int(descending)]})"


def _nullable_sort_indexes(column: str) -> tuple[Index, Index]:
    return (
        Index(
            f"ix_managed_tenant_sort_{column}",
            "organization_id",
            text(sort_text(column, descending=False)),
            "id",
        ),
        Index(
            f"ix_managed_tenant_sort_{column}_desc",
            "organization_id",
            text(sort_text(column, descending=True)),
            "id",
        ),
    )


def _filter_index(column: str) -> Index:
    return Index(
        f"ix_managed_tenant_filter_{column}",
        "organization_id",
        column,
        text("lower(display_name)"),
        "id",
    )


class ManagedTenant(IdMixin, TimestampMixin, Base):
    """A client tenant of the organization, one row per Microsoft tenant id."""

    __tablename__ = "managed_tenant"
    __table_args__ = (
        UniqueConstraint("organization_id", "tenant_id"),
        # Every sort of the table walks one of these in order and stops at the page's end.
        Index("ix_managed_tenant_org_name", "organization_id", text("lower(display_name)"), "id"),
        *(
            _sort_index(column)
            for column in ("tenant_id", "gdap_state", "status", "email_permissions", "excluded")
        ),
        *(
            index
            for column in ("user_count", "earliest_end_at", "last_synced_at")
            for index in _nullable_sort_indexes(column)
        ),
        *(_filter_index(column) for column in FILTERED),
        Index(
            "ix_managed_tenant_filter_failed",
            "organization_id",
            text("lower(display_name)"),
            "id",
            postgresql_where=text("last_error_code IS NOT NULL"),
        ),
        # Search by any substring of the name, the domain or the tenant id (pg_trgm; btree_gin
        # lets the organization narrow the same index scan).
        Index(
            "ix_managed_tenant_search",
            "organization_id",
            text(SEARCH_TEXT),
            postgresql_using="gin",
            postgresql_ops={SEARCH_TEXT: "gin_trgm_ops"},
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    tenant_id: Mapped[str] = mapped_column(String(36))
    display_name: Mapped[str] = mapped_column(String(256), default="")
    default_domain: Mapped[str | None] = mapped_column(String(256), default=None)
    gdap_state: Mapped[GdapState] = mapped_column(_enum(GdapState, "gdap_state"))
    gdap_missing_code: Mapped[str | None] = mapped_column(String(40), default=None)
    gdap_missing_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    gdap_role_ids: Mapped[list[str]] = mapped_column(JSON_TYPE, default=list)
    # The roles the connected account holds here through access assignments to its groups.
    account_role_ids: Mapped[list[str]] = mapped_column(JSON_TYPE, default=list)
    ending_role_ids: Mapped[list[str]] = mapped_column(JSON_TYPE, default=list)
    relationship_count: Mapped[int] = mapped_column(default=0)
    earliest_end_at: Mapped[datetime | None] = mapped_column(default=None)
    latest_end_at: Mapped[datetime | None] = mapped_column(default=None)
    auto_extend: Mapped[bool] = mapped_column(default=False)
    # The earliest_end_at an "ending within 30 days" event was sent for (sent once per date).
    ending_notified_for: Mapped[datetime | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(default=True)
    last_seen_active_at: Mapped[datetime | None] = mapped_column(default=None)
    user_count: Mapped[int | None] = mapped_column(default=None)
    user_count_source: Mapped[UserCountSource] = mapped_column(
        _enum(UserCountSource, "user_count_source"), default=UserCountSource.unknown
    )
    user_count_at: Mapped[datetime | None] = mapped_column(default=None)
    # Why the count is unknown, in words a person can act on.
    user_count_note: Mapped[str | None] = mapped_column(String(300), default=None)
    app_consented: Mapped[bool | None] = mapped_column(default=None)
    consent_checked_at: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[PetraStatus] = mapped_column(
        _enum(PetraStatus, "petra_status"), default=PetraStatus.not_protected
    )
    product: Mapped[str | None] = mapped_column(String(20), default=None)
    email_permissions: Mapped[EmailPermissions] = mapped_column(
        _enum(EmailPermissions, "email_permissions"), default=EmailPermissions.unknown
    )
    # What Email Perms lacks (or why it is unknown), naming the fix.
    email_permissions_note: Mapped[str | None] = mapped_column(String(500), default=None)
    # Why a Monitoring tenant lost Petra's access, with the root cause's label and when.
    access_lost_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    access_lost_root_cause: Mapped[str | None] = mapped_column(String(80), default=None)
    access_lost_at: Mapped[datetime | None] = mapped_column(default=None)
    # The last monitoring heartbeat that confirmed the app's access.
    monitored_at: Mapped[datetime | None] = mapped_column(default=None)
    # Added through the client's own admin consent rather than found through GDAP: a sync
    # never marks it "No access" for want of a relationship.
    added_individually: Mapped[bool] = mapped_column(default=False, server_default="false")
    added_individually_at: Mapped[datetime | None] = mapped_column(default=None)
    excluded: Mapped[bool] = mapped_column(default=False)
    excluded_at: Mapped[datetime | None] = mapped_column(default=None)
    excluded_by_label: Mapped[str | None] = mapped_column(String(320), default=None)
    last_synced_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error_code: Mapped[str | None] = mapped_column(String(80), default=None)
    last_error_root_cause: Mapped[str | None] = mapped_column(String(80), default=None)
    last_error_message: Mapped[str | None] = mapped_column(String(1000), default=None)
    last_error_action: Mapped[str | None] = mapped_column(String(500), default=None)
    last_error_at: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class GdapRelationship(IdMixin, Base):
    """A mirror of one delegatedAdminRelationship as Graph last showed it."""

    __tablename__ = "gdap_relationship"
    __table_args__ = (UniqueConstraint("organization_id", "relationship_id"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    managed_tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("managed_tenant.id", ondelete="CASCADE"), index=True
    )
    relationship_id: Mapped[str] = mapped_column(String(80))
    display_name: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(40))
    kind: Mapped[RelationshipKind] = mapped_column(
        _enum(RelationshipKind, "relationship_kind"), server_default=RelationshipKind.ordinary.value
    )
    role_ids: Mapped[list[str]] = mapped_column(JSON_TYPE, default=list)
    activated_at: Mapped[datetime | None] = mapped_column(default=None)
    end_at: Mapped[datetime | None] = mapped_column(default=None)
    auto_extend_duration: Mapped[str | None] = mapped_column(String(20), default=None)
    modified_at: Mapped[datetime | None] = mapped_column(default=None)
    # Its access assignments as last read ([{group_id, role_ids, status}]); None: never read.
    assignments: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON_TYPE, default=None)
    assignments_read_at: Mapped[datetime | None] = mapped_column(default=None)
    last_seen_at: Mapped[datetime]


class TenantAssignment(Base):
    """Which tenants an external guest may see."""

    __tablename__ = "tenant_assignment"

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    managed_tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("managed_tenant.id", ondelete="CASCADE"), primary_key=True
    )
