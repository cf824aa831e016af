"""The whole permission matrix: which role (or API-key scope) may take which action.

Every route declares exactly one action through `Require(action)`; nothing else decides access.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass


class Role(enum.StrEnum):
    admin = "admin"
    full_member = "full_member"
    external_guest = "external_guest"
    billing = "billing"


class ApiKeyScope(enum.StrEnum):
    read = "read"
    read_write = "read_write"


class Action(enum.StrEnum):
    me_read = "me.read"
    session_end = "session.end"
    members_read = "members.read"
    members_manage = "members.manage"
    api_keys_read = "api_keys.read"
    api_keys_manage = "api_keys.manage"
    audit_read = "audit.read"
    tenants_read = "tenants.read"
    tenants_manage = "tenants.manage"
    # Start a client's admin consent that adds its tenant (the answer comes back to a browser).
    tenants_add_individually = "tenants.add_individually"
    partner_center_read = "partner_center.read"
    partner_center_manage = "partner_center.manage"
    partner_center_connect = "partner_center.connect"
    operations_read = "operations.read"
    operations_manage = "operations.manage"


# Reads an API key with the read scope may perform.
READ_ACTIONS = frozenset(
    {
        Action.me_read,
        Action.audit_read,
        Action.tenants_read,
        Action.partner_center_read,
        Action.operations_read,
    }
)
# Managing people and credentials needs a person: API keys are refused here whatever their scope.
SESSION_ONLY = frozenset(
    {
        Action.session_end,
        Action.members_read,
        Action.members_manage,
        Action.api_keys_read,
        Action.api_keys_manage,
        # The Microsoft sign-in comes back to a browser session; a key has none.
        Action.partner_center_connect,
        Action.tenants_add_individually,
    }
)

_TENANT_WORK = frozenset(
    {
        Action.tenants_read,
        Action.tenants_manage,
        Action.tenants_add_individually,
        Action.partner_center_read,
        Action.partner_center_manage,
        Action.partner_center_connect,
        Action.operations_read,
        Action.operations_manage,
    }
)

_EVERYONE = frozenset({Action.me_read, Action.session_end})

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.admin: frozenset(Action),
    Role.full_member: _EVERYONE | _TENANT_WORK,
    Role.external_guest: _EVERYONE | {Action.tenants_read, Action.operations_read},
    Role.billing: _EVERYONE,
}
# Full members whose "can manage tenants" switch is off keep read access only.
_NEEDS_TENANT_MANAGEMENT = frozenset(
    {
        Action.tenants_manage,
        Action.tenants_add_individually,
        Action.partner_center_read,
        Action.partner_center_manage,
        Action.partner_center_connect,
        Action.operations_manage,
    }
)


@dataclass(frozen=True)
class Principal:
    organization_id: uuid.UUID
    member_id: uuid.UUID | None = None
    role: Role | None = None
    can_manage_tenants: bool = False
    api_key_id: uuid.UUID | None = None
    api_key_scope: ApiKeyScope | None = None
    session_token_hash: bytes | None = None
    label: str = ""

    @property
    def actor_type(self) -> str:
        return "api_key" if self.api_key_id else "member"

    @property
    def actor_id(self) -> uuid.UUID | None:
        return self.api_key_id or self.member_id

    @property
    def tenant_scoped(self) -> bool:
        """External guests see only the tenants assigned to them."""
        return self.role is Role.external_guest


def allowed(principal: Principal, action: Action) -> bool:
    if principal.api_key_id is not None:
        if action in SESSION_ONLY:
            return False
        if principal.api_key_scope is ApiKeyScope.read:
            return action in READ_ACTIONS
        return True
    if principal.role is None or action not in ROLE_ACTIONS[principal.role]:
        return False
    if principal.role is Role.full_member and action in _NEEDS_TENANT_MANAGEMENT:
        return principal.can_manage_tenants
    return True
