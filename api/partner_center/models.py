from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, LargeBinary, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, IdMixin, TimestampMixin

JSON_TYPE = JSON().with_variant(JSONB(), "postgresql")


class ConnectionState(enum.StrEnum):
    connected = "connected"
    needs_reauth = "needs_reauth"
    disconnected = "disconnected"


class PartnerConnection(IdMixin, TimestampMixin, Base):
    """One per organization: the Partner Center account and its sealed refresh token."""

    __tablename__ = "partner_connection"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[ConnectionState] = mapped_column(
        Enum(ConnectionState, name="connection_state", native_enum=False)
    )
    partner_tenant_id: Mapped[str | None] = mapped_column(String(36), default=None)
    account_username: Mapped[str | None] = mapped_column(String(320), default=None)
    account_object_id: Mapped[str | None] = mapped_column(String(36), default=None)
    refresh_token_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    scopes: Mapped[str] = mapped_column(String(2000), default="")
    connected_at: Mapped[datetime | None] = mapped_column(default=None)
    connected_by_member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), default=None
    )
    connected_by_label: Mapped[str | None] = mapped_column(String(320), default=None)
    # When Microsoft last handed us a new refresh token: its 90-day inactivity clock starts here.
    last_refreshed_at: Mapped[datetime | None] = mapped_column(default=None)
    reauth_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    reauth_root_cause: Mapped[str | None] = mapped_column(String(80), default=None)
    last_sync_operation_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # A partner-level failure (every tenant would fail the same): shown once, as the
    # connection's banner, until a sync or a check gets through again.
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSON_TYPE, default=None)
    # The last error Microsoft answered, partner-level or one tenant's, with its cause.
    last_error: Mapped[dict[str, Any] | None] = mapped_column(JSON_TYPE, default=None)
    last_check: Mapped[dict[str, Any] | None] = mapped_column(JSON_TYPE, default=None)
    last_checked_at: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class OAuthPurpose(enum.StrEnum):
    connect = "connect"
    reauthenticate = "reauthenticate"
    # A client's Global Administrator consents to Petra's app (adds a tenant individually).
    individual = "individual"


class OAuthState(TimestampMixin, Base):
    """A one-time `state` for the Microsoft sign-in, bound to the browser session that asked."""

    __tablename__ = "oauth_state"

    state_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    session_token_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    # The PKCE verifier of a sign-in; an admin consent redeems no code and has none.
    code_verifier_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    purpose: Mapped[OAuthPurpose] = mapped_column(
        Enum(OAuthPurpose, name="oauth_purpose", native_enum=False)
    )
    return_to: Mapped[str] = mapped_column(String(20))
    # The product an admin consent was asked for.
    product: Mapped[str | None] = mapped_column(String(20), default=None)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None] = mapped_column(default=None)
