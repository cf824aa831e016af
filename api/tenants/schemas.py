from __future__ import annotations

import enum
from datetime import datetime

from pydantic import Field

from api.schemas import Input, Output, QueryInput
from api.tenants.models import EmailPermissions, GdapState, PetraStatus, UserCountSource


class TenantAction(enum.StrEnum):
    view = "view"
    request_gdap = "request_gdap"
    onboard = "onboard"
    fix_email = "fix_email"
    exclude = "exclude"


class SortField(enum.StrEnum):
    name = "name"
    tenant_id = "tenant_id"
    gdap = "gdap"
    users = "users"
    status = "status"
    email = "email"
    gdap_end = "gdap_end"
    last_synced = "last_synced"
    excluded = "excluded"


class TenantErrorOut(Output):
    code: str | None
    root_cause: str | None
    message: str | None
    action: str | None
    at: datetime | None


class TenantOut(Output):
    tenant_id: str
    display_name: str
    default_domain: str | None
    gdap_state: GdapState
    gdap_missing_reason: str | None
    gdap_roles: list[str]
    relationship_count: int
    gdap_earliest_end_at: datetime | None
    gdap_latest_end_at: datetime | None
    gdap_auto_extend: bool
    active: bool = Field(description="False once no active GDAP relationship is seen any more")
    last_seen_active_at: datetime | None
    users: int | None
    users_source: UserCountSource
    users_counted_at: datetime | None
    status: PetraStatus
    product: str | None
    email_permissions: EmailPermissions
    excluded: bool
    excluded_at: datetime | None
    excluded_by: str | None
    last_synced_at: datetime | None
    last_error: TenantErrorOut | None
    actions: list[TenantAction]


class RelationshipOut(Output):
    id: str = Field(description="The delegatedAdminRelationship id")
    display_name: str
    status: str
    roles: list[str]
    activated_at: datetime | None
    end_at: datetime | None
    auto_extend_duration: str | None


class TenantDetail(TenantOut):
    relationships: list[RelationshipOut]


class TenantPage(Output):
    items: list[TenantOut]
    total: int
    next_cursor: str | None


class TenantQuery(QueryInput):
    q: str | None = Field(default=None, max_length=200, description="Name, domain or tenant id")
    gdap_state: GdapState | None = None
    status: PetraStatus | None = None
    email_permissions: EmailPermissions | None = None
    excluded: bool | None = None
    active: bool | None = None
    expiring_within_days: int | None = Field(default=None, ge=0, le=3650)
    sort: SortField = SortField.name
    descending: bool = False
    cursor: str | None = Field(default=None, max_length=2048)
    limit: int = Field(default=50, ge=1, le=500)


class TenantUpdate(Input):
    excluded: bool
