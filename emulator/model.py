"""The in-memory objects behind every emulated service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

PASSWORD = "emulator"  # noqa: S105 - every seeded account shares the documented password


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"


def new_id() -> str:
    return str(uuid.uuid4())


class Clock:
    """Wall time plus an offset the control API can move forward."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


@dataclass
class User:
    id: str
    upn: str
    display_name: str
    tenant_id: str
    password: str = PASSWORD
    roles: set[str] = field(default_factory=set)
    # Whether the account has an MFA method registered: its sign-in then runs an MFA step and
    # its tokens say so in `amr`.
    mfa: bool = True


@dataclass
class Group:
    id: str
    display_name: str
    members: set[str] = field(default_factory=set)


@dataclass
class ServicePrincipal:
    id: str
    app_id: str
    display_name: str
    app_owner_tenant_id: str | None
    app_roles: list[dict[str, Any]]
    scopes: list[dict[str, Any]]
    visible_at: datetime


@dataclass
class PermissionGrant:
    id: str
    client_id: str
    consent_type: str
    resource_id: str
    scope: str
    principal_id: str | None
    visible_at: datetime


@dataclass
class AppRoleAssignment:
    id: str
    app_role_id: str
    principal_id: str
    principal_type: str
    principal_display_name: str
    resource_id: str
    resource_display_name: str
    created: datetime


@dataclass
class RoleAssignment:
    id: str
    principal_id: str
    role_definition_id: str
    directory_scope_id: str = "/"


@dataclass
class Tenant:
    id: str
    domain: str
    display_name: str
    user_count: int
    is_partner: bool = False
    users: dict[str, User] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    service_principals: dict[str, ServicePrincipal] = field(default_factory=dict)
    grants: dict[str, PermissionGrant] = field(default_factory=dict)
    app_role_assignments: dict[str, AppRoleAssignment] = field(default_factory=dict)
    role_assignments: dict[str, RoleAssignment] = field(default_factory=dict)
    builtins_ready: bool = False
    # First-party APIs whose service principal this tenant lacks until someone creates it
    # (learn.microsoft.com/partner-center/developer/gdap-and-secure-application-model: the
    # consent fails for such an API; POST /servicePrincipals {appId} adds it).
    absent_apps: set[str] = field(default_factory=set)
    created: datetime = field(default_factory=lambda: datetime(2019, 3, 1, tzinfo=UTC))
    # A Microsoft 365 tenant that is not a customer of the partner: no Partner Center customer
    # record and no GDAP relationship. Its own admin can still consent to the portal's app.
    direct: bool = False

    def user_by_upn(self, upn: str) -> User | None:
        return next((u for u in self.users.values() if u.upn.lower() == upn.lower()), None)


@dataclass
class AccessAssignment:
    id: str
    group_id: str
    roles: list[str]
    status: str
    created: datetime
    modified: datetime
    # Microsoft answers "pending" and activates the assignment a little later.
    active_at: datetime | None = None


@dataclass
class RelationshipRequest:
    id: str
    action: str
    status: str
    created: datetime


@dataclass
class Relationship:
    id: str
    display_name: str
    duration_days: int
    roles: list[str]
    status: str
    auto_extend: str
    created: datetime
    modified: datetime
    customer_tenant_id: str | None = None
    customer_name: str | None = None
    activated: datetime | None = None
    end: datetime | None = None
    locked_at: datetime | None = None
    # Set on a resellerDelegatedAdminRelationship: the indirect provider that created it for
    # this partner, and whether this partner (the reseller) has yet to review it.
    indirect_provider_tenant_id: str | None = None
    partner_consent_pending: bool | None = None
    # Approved by the customer: "activating" until this moment, then "active".
    activates_at: datetime | None = None
    assignments: dict[str, AccessAssignment] = field(default_factory=dict)
    requests: dict[str, RelationshipRequest] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        stamp = int(self.modified.timestamp() * 1_000_000)
        return f'W/"{stamp:x}"'


@dataclass
class AppRegistration:
    client_id: str
    client_secret: str
    display_name: str
    home_tenant_id: str
    redirect_uris: list[str]
    required_scopes: dict[str, tuple[str, ...]]
    # The application permissions (app roles) of the registration's required permissions, by
    # resource app id: what an admin consent with `/.default` grants besides the scopes
    # (learn.microsoft.com/entra/identity-platform/v2-admin-consent).
    required_app_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class AuthCode:
    code: str
    client_id: str
    redirect_uri: str
    user_id: str
    tenant_id: str
    scopes: list[str]
    code_challenge: str | None
    code_challenge_method: str | None
    nonce: str | None
    issued: datetime
    used: bool = False
    # How the person signed in: access tokens redeemed from this code carry it as `amr`.
    amr: list[str] = field(default_factory=lambda: ["pwd"])


@dataclass
class RefreshToken:
    value: str
    user_id: str
    home_tenant_id: str
    client_id: str
    issued: datetime
    last_used: datetime
    revoked: bool = False
    # A refresh token keeps the authentication methods of the sign-in that started it.
    amr: list[str] = field(default_factory=lambda: ["pwd"])


@dataclass
class PendingFlow:
    id: str
    kind: str
    tenant: str
    params: dict[str, str]
    user_id: str | None = None
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    mfa_done: bool = False
