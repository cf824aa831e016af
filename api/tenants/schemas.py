from __future__ import annotations

import enum
import uuid
from datetime import datetime

from pydantic import Field

from api.operations.models import ItemState, OperationKind, OperationState
from api.schemas import Input, Output, QueryInput
from api.tenants.models import (
    EmailPermissions,
    GdapState,
    PetraStatus,
    RelationshipKind,
    UserCountSource,
)


class TenantAction(enum.StrEnum):
    view = "view"
    request_gdap = "request_gdap"
    onboard = "onboard"
    # Access lost and back (a new relationship, or the client's consent again): onboard again.
    reconsent = "reconsent"
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
    gdap_state: GdapState = Field(
        description="ready: the connected account holds Global Administrator, Application "
        "Administrator or Cloud Application Administrator here through an access assignment "
        "to one of its groups; missing: it does not (see gdap_missing_code); none: no active "
        "relationship any more (No access); not_applicable: added individually, reached "
        "through its admin's consent, with no GDAP relationship"
    )
    gdap_missing_code: str | None = Field(
        description="roles_missing, roles_not_assigned_to_account or no_active_relationship"
    )
    gdap_missing_reason: str | None
    gdap_roles: list[str] = Field(description="Every role the active relationships carry")
    gdap_account_roles: list[str] = Field(
        description="The roles the connected account holds here through its groups, "
        "Microsoft-led (MLT_) relationships included: those never make the tenant ready"
    )
    relationship_count: int
    gdap_earliest_end_at: datetime | None = Field(
        description="The first moment a role ends: no relationship running longer carries it"
    )
    gdap_ending_roles: list[str] = Field(description="The roles that end at gdap_earliest_end_at")
    gdap_latest_end_at: datetime | None
    gdap_auto_extend: bool = Field(
        description="The relationships ending at gdap_earliest_end_at extend by 180 days (P180D)"
    )
    active: bool = Field(description="False once no active GDAP relationship is seen any more")
    last_seen_active_at: datetime | None
    users: int | None
    users_source: UserCountSource
    users_counted_at: datetime | None
    users_note: str | None = Field(description="Why the user count is unknown")
    status: PetraStatus
    product: str | None
    email_permissions: EmailPermissions
    access_lost_reason: str | None = Field(
        description="With status access_lost: why Petra lost the tenant and what brings it back"
    )
    access_lost_root_cause: str | None = Field(
        description="gdap_lost (the relationship expired or was terminated) or app_removed "
        "(the client removed Petra's app)"
    )
    access_lost_at: datetime | None
    monitored_at: datetime | None = Field(
        description="When the monitoring heartbeat last confirmed Petra's access"
    )
    added_individually: bool = Field(
        description="Added through its Global Administrator's consent to Petra's app (Add "
        "tenants individually) rather than found through GDAP"
    )
    added_individually_at: datetime | None
    excluded: bool
    excluded_at: datetime | None
    excluded_by: str | None
    last_synced_at: datetime | None
    last_error: TenantErrorOut | None
    actions: list[TenantAction]


class AssignmentOut(Output):
    group_id: str = Field(description="The partner's security group the roles are assigned to")
    group_name: str | None = Field(description="The group's name when Graph named it")
    roles: list[str]
    status: str = Field(
        description="pending, active, deleting, deleted or error: only an active one grants"
    )


class RelationshipOut(Output):
    id: str = Field(description="The delegatedAdminRelationship id")
    display_name: str
    kind: RelationshipKind = Field(
        description="ordinary; default (created by Partner Center with a new customer); "
        "microsoft_led (MLT_, Microsoft's DAP-to-GDAP transition, never counted); reseller "
        "(resellerDelegatedAdminRelationship, created by an indirect provider)"
    )
    status: str = Field(
        description="As Microsoft lists it: created, approvalPending, approved, activating, "
        "active, expiring, expired, terminationRequested, terminating, terminated"
    )
    usable: bool = Field(
        description="Its roles count for GDAP readiness: active and not Microsoft-led"
    )
    roles: list[str]
    activated_at: datetime | None
    end_at: datetime | None
    auto_extend_duration: str | None
    auto_extends: bool = Field(description="True only for P180D: PT0S and P0D never extend")
    assignments: list[AssignmentOut] = Field(
        description="Its access assignments as last read: security group -> roles"
    )
    assignments_read_at: datetime | None


class TenantDetail(TenantOut):
    relationships: list[RelationshipOut] = Field(
        description="Every relationship Microsoft lists for the tenant, usable ones first"
    )
    email_permissions_note: str | None = Field(
        default=None,
        description="What Email Perms lack, naming the fix; the onboarding history is at "
        "/api/v1/tenants/{tenant_id}/onboarding",
    )


class TenantOperationOut(Output):
    operation_id: uuid.UUID
    kind: OperationKind
    operation_state: OperationState
    created_at: datetime = Field(description="When the operation started")
    created_by: str | None
    state: ItemState = Field(description="This tenant's outcome in the operation")
    message: str | None
    error_code: str | None
    root_cause: str | None
    finished_at: datetime | None


class TenantOperationList(Output):
    items: list[TenantOperationOut]


class TenantOperationQuery(QueryInput):
    limit: int = Field(default=20, ge=1, le=100)


class TenantPage(Output):
    items: list[TenantOut]
    total: int = Field(
        description="Rows matching the query, counted for the first page; later pages repeat it"
    )
    next_cursor: str | None


class TenantFilter(QueryInput):
    """The table's filters and order: what the CSV export takes (it has no pages)."""

    q: str | None = Field(default=None, max_length=200, description="Name, domain or tenant id")
    gdap_state: GdapState | None = None
    status: PetraStatus | None = None
    email_permissions: EmailPermissions | None = None
    excluded: bool | None = None
    active: bool | None = Field(default=None, description="Active (some relationship) or not")
    last_sync_failed: bool | None = Field(
        default=None, description="Tenants whose last sync failed (true) or did not (false)"
    )
    expiring_within_days: int | None = Field(
        default=None,
        ge=0,
        le=3650,
        description="Tenants with a role ending (gdap_earliest_end_at) within this many days",
    )
    sort: SortField = SortField.name
    descending: bool = False


class TenantQuery(TenantFilter):
    cursor: str | None = Field(default=None, max_length=2048)
    limit: int = Field(default=50, ge=1, le=500)


class TenantUpdate(Input):
    excluded: bool
