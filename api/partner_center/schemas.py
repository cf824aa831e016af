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
