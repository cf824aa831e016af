from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import EmailStr, Field

from api.permissions import Role
from api.schemas import Input, Output


class OrganizationOut(Output):
    id: uuid.UUID
    name: str


class MemberOut(Output):
    id: uuid.UUID
    email: str
    display_name: str
    role: Role
    can_manage_tenants: bool
    disabled: bool
    created_at: datetime
    tenant_ids: list[str] = Field(
        default_factory=list, description="For external guests: the tenants they may see"
    )


class MemberCreated(MemberOut):
    initial_password: str | None = Field(
        default=None, description="Shown once, only when the server generated the password."
    )


class MemberCreate(Input):
    email: EmailStr = Field(max_length=320)
    display_name: str = Field(default="", max_length=200)
    role: Role
    can_manage_tenants: bool = True
    password: str | None = Field(default=None, min_length=12, max_length=200)


class MemberUpdate(Input):
    display_name: str | None = Field(default=None, max_length=200)
    role: Role | None = None
    can_manage_tenants: bool | None = None
    disabled: bool | None = None
    tenant_ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=10_000,
        description="External guests only: replace the tenants (Microsoft tenant ids) they see",
    )
