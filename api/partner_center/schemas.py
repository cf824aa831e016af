from __future__ import annotations

import enum
import uuid
from datetime import datetime

from pydantic import Field

from api.operations.models import OperationState
from api.partner_center.models import ConnectionState
from api.schemas import Input, Output


class ReturnTo(enum.StrEnum):
    portal = "portal"
    onboarding = "onboarding"


class ConnectIn(Input):
    return_to: ReturnTo = ReturnTo.portal


class AuthorizationOut(Output):
    authorization_url: str = Field(description="Send the browser here to sign in at Microsoft")


class LastSyncOut(Output):
    operation_id: uuid.UUID
    state: OperationState
    started_at: datetime | None
    finished_at: datetime | None
    error_code: str | None
    error_message: str | None


class CauseOut(Output):
    """A Microsoft failure with its labelled root cause and the one action that fixes it."""

    label: str = Field(description="Stable root-cause label, e.g. partner_center_mfa_required")
    summary: str
    action: str
    layer: str = Field(description="partner_sign_in, gdap, consent, client_policy, microsoft, ...")
    code: str | None = Field(default=None, description="Microsoft's code, e.g. AADSTS53003")
    message: str | None = None
    tenant_id: str | None = Field(
        default=None, description="The customer tenant it happened at; null: the partner level"
    )
    at: datetime


class ConnectionCheckOut(Output):
    """What the connection self-check found, fact by fact (null: could not be told)."""

    checked_at: datetime
    ok: bool
    account: str | None = None
    partner_tenant_id: str | None = None
    mfa: bool | None = Field(default=None, description="The sign-in's token lists MFA in amr")
    admin_agent: bool | None = Field(
        default=None, description="The account is in the partner tenant's AdminAgents group"
    )
    gdap_groups: list[str] = Field(
        default_factory=list, description="Security groups the account's GDAP access comes through"
    )
    refresh_token_days_left: int | None = None
    last_error: CauseOut | None = None
    problem: CauseOut | None = Field(default=None, description="What the check found wrong first")


class ConnectionOut(Output):
    state: ConnectionState
    account: str | None = None
    partner_tenant_id: str | None = None
    connected_at: datetime | None = None
    connected_by: str | None = None
    last_token_refresh_at: datetime | None = None
    refresh_token_days_left: int | None = Field(
        default=None,
        description="Days before the stored sign-in would expire from inactivity (90-day window)",
    )
    reauth_reason: str | None = None
    reauth_root_cause: str | None = None
    last_sync: LastSyncOut | None = None
    problem: CauseOut | None = Field(
        default=None,
        description="A partner-level failure: every tenant fails with it, so it is shown once",
    )
    last_error: CauseOut | None = None
    last_check: ConnectionCheckOut | None = None
