"""Each customer tenant's security posture, as Petra Scan's checks read it.

A tenant is either hardened or exposed, drawn from its id so the same tenant always looks the
same (and a test can tell which it is with `exposed(tenant_id)`). The directory's synthetic
users, their MFA registration, sign-ins, roles and inbox rules, the tenant's Conditional Access
policies and whether unified audit logging is on all follow from it; nothing here is stored, so
reading it never writes. The one stored part is the consent of a third-party app in exposed
tenants (`seed`), since the consent APIs serve the world's own grants.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from emulator import catalog
from emulator.model import AppRegistration, Tenant
from emulator.state import World

USERS = 12
GLOBAL_READER = catalog.GLOBAL_READER
# A multitenant app published by another organization (the usual illicit-consent bait).
RISKY_APP_ID = "5f2c9d0e-7d5b-4f34-9c61-1a2b3c4d5e6f"
RISKY_APP_NAME = "Mail Sync Pro"
RISKY_APP_HOME = "9e1b7c55-2f0d-4c1e-8a6b-3d4e5f607182"
RISKY_SCOPES = ["Mail.ReadWrite", "Directory.ReadWrite.All", "offline_access"]


def exposed(tenant_id: str) -> bool:
    return hashlib.sha256(tenant_id.lower().encode()).digest()[0] % 2 == 1


@dataclass
class SyntheticUser:
    id: str
    upn: str
    display_name: str
    user_type: str = "Member"
    roles: set[str] = field(default_factory=set)
    mfa_registered: bool = True
    last_sign_in_days: int = 2
    forward_to: str | None = None


def _user(tenant: Tenant, k: int, **kwargs: object) -> SyntheticUser:
    uid = str(uuid.uuid5(uuid.UUID(tenant.id), f"posture-user-{k}"))
    return SyntheticUser(uid, f"user{k}@{tenant.domain}", f"User {k}", **kwargs)  # type: ignore[arg-type]


def users(tenant: Tenant) -> list[SyntheticUser]:
    """The tenant's own users (its seeded admin first) and the synthetic ones."""
    out = [
        SyntheticUser(u.id, u.upn, u.display_name, roles=set(u.roles))
        for u in tenant.users.values()
    ]
    bad = exposed(tenant.id)
    for k in range(1, USERS + 1):
        user = _user(tenant, k)
        if k == 1 or (bad and k <= 4):
            user.roles.add(catalog.GLOBAL_ADMIN)
        if bad and k in (5, 6, 7, 8, 9):
            user.mfa_registered = False
        if bad and k == 3:
            user.last_sign_in_days = 200
        if bad and k == 2:
            user.forward_to = "collector@outlook-mail.example"
        if not bad and k == 2:
            user.forward_to = f"assistant@{tenant.domain}"
        out.append(user)
    guests = 3 if bad else 1
    for g in range(guests):
        uid = str(uuid.uuid5(uuid.UUID(tenant.id), f"posture-guest-{g}"))
        upn = f"guest{g}_contractor.example#EXT#@{tenant.domain}"
        guest = SyntheticUser(uid, upn, f"Guest {g}", user_type="Guest", last_sign_in_days=10)
        if bad and g == 0:
            guest.roles.add(GLOBAL_READER)
        out.append(guest)
    return out


def audit_logging_on(tenant: Tenant) -> bool:
    return not exposed(tenant.id)


def conditional_access(tenant: Tenant, now: datetime) -> list[dict[str, object]]:
    """conditionalAccessPolicy objects (learn.microsoft.com/graph/api/resources/
    conditionalaccesspolicy): MFA for all users and a legacy-authentication block."""
    if exposed(tenant.id):
        return []
    created = (now - timedelta(days=120)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def policy(name: str, apps: list[str], grant: list[str]) -> dict[str, object]:
        return {
            "id": str(uuid.uuid5(uuid.UUID(tenant.id), name)),
            "displayName": name,
            "createdDateTime": created,
            "modifiedDateTime": created,
            "state": "enabled",
            "conditions": {
                "clientAppTypes": apps,
                "applications": {"includeApplications": ["All"], "excludeApplications": []},
                "users": {
                    "includeUsers": ["All"],
                    "excludeUsers": [],
                    "includeGroups": [],
                    "excludeGroups": [],
                    "includeRoles": [],
                    "excludeRoles": [],
                },
            },
            "grantControls": {"operator": "OR", "builtInControls": grant},
            "sessionControls": None,
        }

    return [
        policy("Require MFA for all users", ["all"], ["mfa"]),
        policy("Block legacy authentication", ["exchangeActiveSync", "other"], ["block"]),
    ]


def seed(world: World, now: datetime) -> None:
    """Exposed tenants consented a third-party app high-privilege delegated permissions."""
    app = AppRegistration(
        client_id=RISKY_APP_ID,
        client_secret="",
        display_name=RISKY_APP_NAME,
        home_tenant_id=RISKY_APP_HOME,
        redirect_uris=[],
        required_scopes={},
    )
    for tenant in list(world.tenants.values()):
        if tenant.is_partner or not exposed(tenant.id):
            continue
        world.consent(tenant, app, {catalog.GRAPH_APP_ID: RISKY_SCOPES}, now - timedelta(days=30))
