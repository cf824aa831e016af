from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from api.orgs.schemas import OrganizationOut
from api.permissions import Action, ApiKeyScope, Role
from api.schemas import Input, Output


class LoginIn(Input):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=200)
    organization_id: uuid.UUID | None = None


class MeOut(Output):
    organization: OrganizationOut
    actor_type: Literal["member", "api_key"] = Field(
        description="'member' for a signed-in person, 'api_key' for a key"
    )
    member_id: uuid.UUID | None = None
    email: str | None = None
    display_name: str | None = None
    role: Role | None = None
    can_manage_tenants: bool = False
    api_key_id: uuid.UUID | None = None
    api_key_scope: ApiKeyScope | None = None
    permissions: list[Action]
    csrf_token: str | None = Field(
        default=None, description="Send it as X-CSRF-Token on unsafe requests made with the cookie"
    )


class ApiKeyCreate(Input):
    name: str = Field(min_length=1, max_length=100)
    scope: ApiKeyScope


class ApiKeyOut(Output):
    id: uuid.UUID
    name: str
    prefix: str
    scope: ApiKeyScope
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="The secret; shown once and never again")
