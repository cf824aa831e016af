from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import BeforeValidator, Field

from api.gdap_requests.models import RequestState
from api.schemas import Input, Output, QueryInput
from api.tenants.roles import NON_DELEGABLE_ROLES, ROLE_NAMES

# Microsoft's role template ids the portal knows, by name; the ones GDAP cannot delegate are
# listed too, so that asking for one is answered with why rather than an unknown value.
RoleId = enum.StrEnum(  # type: ignore[misc]
    "RoleId", {name: role_id for role_id, name in {**ROLE_NAMES, **NON_DELEGABLE_ROLES}.items()}
)


def _whole(value: Any) -> Any:
    # JSON Schema's integer includes 26.0; the strict body rules would refuse it otherwise.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Days = Annotated[int, Ge(1), Le(730), BeforeValidator(_whole)]


class RoleOut(Output):
    id: str = Field(description="Microsoft's role template id (roleDefinitionId)")
    name: str


class TemplateOut(Output):
    id: uuid.UUID
    name: str
    roles: list[RoleOut]
    duration_days: int
    auto_extend: bool
    group_id: str | None = Field(description="The partner security group receiving the roles")
    group_name: str | None = Field(
        description="None with no group_id: the portal's own group 'Petra GDAP access'"
    )
    is_default: bool


class TemplateCreate(Input):
    name: str = Field(min_length=1, max_length=100)
    role_ids: list[RoleId] = Field(min_length=1, max_length=40)
    duration_days: Days = 730
    auto_extend: bool = False
    group_id: uuid.UUID | None = None
    group_name: str | None = Field(default=None, max_length=256)


class TemplateUpdate(Input):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    role_ids: list[RoleId] | None = Field(default=None, min_length=1, max_length=40)
    duration_days: Days | None = None
    auto_extend: bool | None = None
    group_id: uuid.UUID | None = None
    group_name: str | None = Field(default=None, max_length=256)


class TenantRequestCreate(Input):
    template_id: uuid.UUID | None = Field(
        default=None, description="The role template; the organization's default if omitted"
    )
    top_up: bool = Field(
        default=False, description="Ask only for the template's roles the tenant is missing"
    )
    renew: bool = Field(
        default=False, description="Ask again for the roles of the relationship ending first"
    )


class NewClientRequestCreate(Input):
    template_id: uuid.UUID | None = None
    tenant_id: uuid.UUID | None = Field(
        default=None,
        description="The client's tenant id; without it the link works for whichever tenant "
        "accepts it",
    )
    customer_name: str | None = Field(default=None, min_length=1, max_length=200)


class TimelineEntry(Output):
    at: datetime
    state: RequestState
    message: str


class RequestErrorOut(Output):
    code: str | None
    root_cause: str | None
    message: str | None
    action: str | None


class GdapRequestOut(Output):
    id: uuid.UUID
    tenant_id: str | None
    customer_name: str
    template_id: uuid.UUID | None
    template_name: str
    relationship_id: str | None
    display_name: str
    roles: list[RoleOut] = Field(description="The roles asked for")
    duration_days: int
    auto_extend: bool
    top_up: bool
    group_id: str | None
    group_name: str | None
    state: RequestState = Field(
        description="approval_pending -> active -> assigning -> ready; or expired (not "
        "approved within 90 days), terminated (declined or ended), failed (see error)"
    )
    approval_link: str | None = Field(
        description="Microsoft's admin center link for the client's Global Administrator"
    )
    link_expires_at: datetime | None
    relationship_end_at: datetime | None
    reminder: str | None = Field(
        description="approval_pending_7_days or relationship_ending_30_days"
    )
    error: RequestErrorOut | None
    timeline: list[TimelineEntry]
    requested_by: str | None
    created_at: datetime
    last_checked_at: datetime | None
    finished_at: datetime | None


class GdapRequestPage(Output):
    items: list[GdapRequestOut]


class GdapRequestQuery(QueryInput):
    state: RequestState | None = None
    tenant_id: uuid.UUID | None = None
    limit: int = Field(default=100, ge=1, le=500)
