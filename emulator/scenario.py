"""Deterministic scenarios: a partner tenant, its customers and their GDAP relationships."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from emulator import catalog as c
from emulator import posture
from emulator.model import (
    PASSWORD,
    AccessAssignment,
    AppRegistration,
    Group,
    Relationship,
    Tenant,
    User,
)
from emulator.state import World

SCENARIOS = ("demo", "empty", "generated")
DEMO_SIZE = 40
MAX_SIZE = 10_000
DEFAULT_REDIRECT_PATHS = (
    "/api/v1/partner-center/callback",
    "/api/v1/tenants/individual/callback",
)
# Tenants that are not the partner's customers (no Partner Center record, no GDAP): their own
# Global Administrator can still add them to the portal by consenting to its app.
DIRECT_TENANTS = 2
DEFAULT_REDIRECT_URIS = [
    f"{host}{path}"
    for path in DEFAULT_REDIRECT_PATHS
    for host in ("http://127.0.0.1:8000", "http://localhost:8000")
]

# The first word of a generated company name (the benchmarks draw from it too).
COMPANY_WORDS = [
    "Northwind",
    "Fabrikam",
    "Contoso",
    "Tailspin",
    "Litware",
    "Adatum",
    "Proseware",
    "Wingtip",
    "Lucerne",
    "Margie",
    "Alpine",
    "Coho",
    "Fourth",
    "Graphic",
    "Humongous",
    "Trey",
    "Woodgrove",
    "Blue",
    "Relecloud",
    "Wide",
]
_NOUN = [
    "Traders",
    "Health",
    "Logistics",
    "Dental",
    "Legal",
    "Builders",
    "Foods",
    "Energy",
    "Design",
    "Travel",
    "Labs",
    "Media",
    "Motors",
    "Farms",
    "Partners",
    "Clinic",
    "Realty",
    "Academy",
    "Bakery",
    "Brewing",
]
_SUFFIX = ("Inc", "Ltd", "LLC", "GmbH", "Group", "Co")

# Category -> weight for customers beyond the first pass (which takes one of each, in order).
CATEGORIES: dict[str, int] = {
    "global_admin": 30,
    "app_admin": 12,
    "cloud_app_admin": 8,
    "helpdesk_only": 12,
    "renewed": 8,
    "ending_soon": 8,
    "not_covered": 4,
    "mlt": 4,
    "pending": 5,
    "terminated": 3,
    "expired": 3,
    "two_active": 3,
}
_ROLESETS = {
    "global_admin": [c.GLOBAL_ADMIN],
    "app_admin": [c.APP_ADMIN, c.USER_ADMIN, c.EXCHANGE_ADMIN],
    "cloud_app_admin": [c.CLOUD_APP_ADMIN, c.DIRECTORY_READERS, c.SECURITY_READER],
    "helpdesk_only": [c.HELPDESK_ADMIN, c.PASSWORD_ADMIN],
    "mlt": [c.DIRECTORY_READERS, c.GLOBAL_READER],
}
# Every this-many customers (from the second) lacks the Office 365 Management APIs' service
# principal, as tenants that never used the audit log do.
ABSENT_MANAGEMENT_EVERY = 4
_CONSENTABLE = {"global_admin", "app_admin", "cloud_app_admin", "two_active", "renewed"}
# Partner Center's default relationship for a new customer: approved without the customer's
# admin, with no access assignment until the partner makes one. The role set and the name
# prefix follow what partners report; Microsoft's pages leave both UNCONFIRMED.
# https://learn.microsoft.com/en-us/partner-center/customers/gdap-introduction
DEFAULT_ROLES = [
    c.DIRECTORY_READERS,
    c.DIRECTORY_WRITERS,
    c.USER_ADMIN,
    c.PRIVILEGED_ROLE_ADMIN,
    c.HELPDESK_ADMIN,
    "4d6ac14f-3453-41d0-bef9-a3e0c569773a",  # License Administrator
    "f023fd81-a637-4b56-95fd-791ac0226033",  # Service Support Administrator
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",  # Privileged Authentication Administrator
]
# Every other shape and documented status, each once, on a customer the first pass already
# made (by index), so that which customers the table holds and how they read stay as they were:
# (customer, shape, status). Statuses between two steps are a snapshot: Microsoft documents no
# time for them, so the emulator leaves them where they are.
# https://learn.microsoft.com/en-us/graph/api/resources/delegatedadminrelationship
EXTRA_SHAPES = (
    (0, "default", "active"),
    (1, "reseller", "active"),
    (2, "reseller", "approvalPending"),
    (3, "ordinary", "terminationRequested"),
    (4, "ordinary", "expiring"),
    (5, "ordinary", "created"),
    (6, "ordinary", "approved"),
    (7, "ordinary", "activating"),
    (11, "ordinary", "terminating"),
)


@dataclass(frozen=True)
class PortalApp:
    client_id: str
    client_secret: str
    partner_tenant_id: str
    partner_domain: str
    admin_username: str
    non_agent_username: str
    password: str
    partner_name: str
    # An admin agent with no MFA method: Partner Center refuses its App+User calls (900421).
    no_mfa_username: str = ""


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def portal_app(seed: int = 1) -> PortalApp:
    rng = random.Random(f"partner:{seed}")
    tenant_id, client_id = _uuid(rng), _uuid(rng)
    secret = "emu~" + uuid.UUID(int=rng.getrandbits(128)).hex
    word = rng.choice(COMPANY_WORDS)
    domain = f"{word.lower()}msp{seed}.onmicrosoft.com"
    return PortalApp(
        client_id=client_id,
        client_secret=secret,
        partner_tenant_id=tenant_id,
        partner_domain=domain,
        admin_username=f"admin@{domain}",
        non_agent_username=f"helpdesk@{domain}",
        password=PASSWORD,
        partner_name=f"{word} Managed Services",
        no_mfa_username=f"agent-nomfa@{domain}",
    )


class _Builder:
    def __init__(self, seed: int, size: int, now: datetime, redirect_uris: list[str]) -> None:
        self.rng = random.Random(f"customers:{seed}:{size}")
        self.now = now
        self.size = size
        self.portal = portal_app(seed)
        self.world = World(partner_tenant_id=self.portal.partner_tenant_id)
        self.redirect_uris = redirect_uris
        self.gdap_group = ""
        self.helpdesk_group = ""
        self.nested_group = ""
        self.app = self._partner()

    def _partner(self) -> AppRegistration:
        p, rng = self.portal, self.rng
        partner = Tenant(p.partner_tenant_id, p.partner_domain, p.partner_name, 25, is_partner=True)
        self.world.add_tenant(partner)
        admin = User(_uuid(rng), p.admin_username, "Partner Admin", partner.id)
        admin.roles.add(c.GLOBAL_ADMIN)
        helpdesk = User(_uuid(rng), p.non_agent_username, "Helpdesk Agent", partner.id)
        # Its id comes from the partner's so the customers' random draws stay as they were.
        no_mfa = User(
            str(uuid.uuid5(uuid.UUID(partner.id), p.no_mfa_username)),
            p.no_mfa_username,
            "Admin Agent without MFA",
            partner.id,
            mfa=False,
        )
        for user in (admin, helpdesk, no_mfa):
            self.world.add_user(partner, user)
        agents = Group(_uuid(rng), "AdminAgents", {admin.id, no_mfa.id})
        gdap = Group(_uuid(rng), "GDAP Administrators", {admin.id, no_mfa.id})
        tier1 = Group(_uuid(rng), "GDAP Helpdesk Tier 1", {helpdesk.id})
        # Holds the administrators' group: its members belong to it only transitively. Its id
        # comes from the partner's, so the customers' random draws stay as they were.
        nested_id = str(uuid.uuid5(uuid.UUID(partner.id), "GDAP Application Admins"))
        nested = Group(nested_id, "GDAP Application Admins", {gdap.id})
        for group in (agents, gdap, tier1, nested):
            partner.groups[group.id] = group
        self.world.admin_agents_group_id = agents.id
        self.gdap_group, self.helpdesk_group = gdap.id, tier1.id
        self.nested_group = nested.id
        app = AppRegistration(
            client_id=p.client_id,
            client_secret=p.client_secret,
            display_name="Petra M365 Security Analyzer",
            home_tenant_id=partner.id,
            redirect_uris=list(self.redirect_uris),
            required_scopes={
                c.GRAPH_APP_ID: c.PORTAL_GRAPH_SCOPES,
                c.PARTNER_CENTER_APP_ID: c.PORTAL_PARTNER_CENTER_SCOPES,
            },
            required_app_roles=dict(c.PORTAL_APPLICATION_PERMISSIONS),
        )
        self.world.apps[app.client_id] = app
        grants = {k: list(v) for k, v in app.required_scopes.items()}
        self.world.consent(partner, app, grants, partner.created)
        return app

    def customers(self) -> None:
        names = list(CATEGORIES)
        weights = list(CATEGORIES.values())
        made: list[Tenant] = []
        for i in range(self.size):
            category = names[i] if i < len(names) else self.rng.choices(names, weights)[0]
            tenant = self._customer(i)
            made.append(tenant)
            if i % ABSENT_MANAGEMENT_EVERY == 1:
                # Drawn from the index, not the generator: the other draws stay as they were.
                tenant.absent_apps.add(c.O365_MANAGEMENT_APP_ID)
            self._relationships(tenant, category, i)
            if category in _CONSENTABLE and (i < 2 or self.rng.random() < 0.15):
                scopes = [s for s in c.PORTAL_GRAPH_SCOPES if not s.startswith("DelegatedAdmin")]
                self.world.consent(tenant, self.app, {c.GRAPH_APP_ID: scopes}, tenant.created)
        self._shapes(made)

    def direct(self) -> None:
        """Tenants with no GDAP relationship and no Partner Center record, from a generator of
        their own (the customers keep theirs): a Global Administrator and a user without an
        admin role each."""
        if self.size == 0:
            return
        rng = random.Random(f"direct:{self.portal.partner_tenant_id}")
        for i in range(DIRECT_TENANTS):
            word, noun = COMPANY_WORDS[(i * 7 + 3) % len(COMPANY_WORDS)], _NOUN[(i * 5 + 2) % 20]
            domain = f"{word.lower()}{noun.lower()}direct{i + 1}.onmicrosoft.com"
            name = f"{word} {noun} Direct"
            tenant = Tenant(_uuid(rng), domain, name, 10 + 15 * i, direct=True)
            self.world.add_tenant(tenant)
            admin = User(_uuid(rng), f"admin@{domain}", f"{name} Admin", tenant.id)
            admin.roles.add(c.GLOBAL_ADMIN)
            user = User(_uuid(rng), f"user@{domain}", f"{name} User", tenant.id)
            self.world.add_user(tenant, admin)
            self.world.add_user(tenant, user)

    def _shapes(self, made: list[Tenant]) -> None:
        """The extra shapes draw from a generator of their own: the customers keep theirs."""
        rng = random.Random(f"shapes:{self.portal.partner_tenant_id}")
        provider = _uuid(rng)
        for index, shape, status in EXTRA_SHAPES:
            if index >= len(made):
                continue
            tenant = made[index]
            short = tenant.display_name.split()[0][:12]
            if shape == "default":
                name = f"Default_{short}_{index + 1}"
                rel = self._rel(tenant, name, DEFAULT_ROLES, status, rng=rng, assign=False)
            elif shape == "reseller":
                name = f"{short}_{index + 1}_reseller_{status}"
                roles = _ROLESETS["helpdesk_only"]
                rel = self._rel(tenant, name, roles, status, rng=rng)
                rel.indirect_provider_tenant_id = provider
                rel.partner_consent_pending = status == "approvalPending"
            else:
                name = f"{short}_{index + 1}_{status}"
                rel = self._rel(tenant, name, _ROLESETS["helpdesk_only"], status, rng=rng)
            if status in ("created", "approved", "activating"):
                # Not active yet: no dates until activation.
                rel.activated = rel.end = None
            elif status == "expiring":
                # Past its end date, on its way to expired.
                rel.end = self.now - timedelta(hours=1)

    def _customer(self, i: int) -> Tenant:
        rng = self.rng
        adj, noun = rng.choice(COMPANY_WORDS), rng.choice(_NOUN)
        name = f"{adj} {noun} {rng.choice(_SUFFIX)}"
        domain = f"{adj.lower()}{noun.lower()}{i + 1}.onmicrosoft.com"
        users = int(3 * (20_000 / 3) ** (rng.random() ** 1.8))
        tenant = Tenant(_uuid(rng), domain, name, users)
        self.world.add_tenant(tenant)
        admin = User(_uuid(rng), f"admin@{domain}", f"{name} Admin", tenant.id)
        admin.roles.add(c.GLOBAL_ADMIN)
        self.world.add_user(tenant, admin)
        return tenant

    def _relationships(self, tenant: Tenant, category: str, i: int) -> None:
        short = tenant.display_name.split()[0][:12]
        label = f"{short}_{i + 1}"
        if category == "renewed":
            self._rel(tenant, f"{label}_old", [c.GLOBAL_ADMIN], "expired")
            self._rel(tenant, f"{label}_new", _ROLESETS["app_admin"], "active")
        elif category == "two_active":
            self._rel(tenant, f"{label}_helpdesk", _ROLESETS["helpdesk_only"], "active")
            self._rel(tenant, f"{label}_admin", [c.GLOBAL_ADMIN], "active")
        elif category == "mlt":
            self._rel(tenant, f"MLT_{label}_{i:05d}", _ROLESETS["mlt"], "active")
            self._rel(tenant, label, _ROLESETS["cloud_app_admin"], "active")
        elif category == "ending_soon":
            roles = self.rng.choice([[c.GLOBAL_ADMIN], _ROLESETS["app_admin"]])
            rel = self._rel(tenant, label, roles, "active")
            rel.end = self.now + timedelta(days=self.rng.randint(1, 29), hours=3)
            rel.activated = rel.end - timedelta(days=rel.duration_days)
        elif category == "not_covered":
            self._rel(tenant, label, [c.GLOBAL_ADMIN], "active", group=self.helpdesk_group)
        elif category == "cloud_app_admin":
            self._rel(tenant, label, _ROLESETS[category], "active", group=self.nested_group)
        elif category in ("pending", "terminated", "expired"):
            status = "approvalPending" if category == "pending" else category
            self._rel(tenant, label, _ROLESETS["app_admin"], status)
        else:
            self._rel(tenant, label, _ROLESETS[category], "active")

    def _rel(
        self,
        tenant: Tenant,
        name: str,
        roles: list[str],
        status: str,
        group: str | None = None,
        *,
        rng: random.Random | None = None,
        assign: bool = True,
    ) -> Relationship:
        rng = rng or self.rng
        duration = rng.choice((365, 730, 180, 90))
        created = self.now - timedelta(days=rng.randint(5, 300), minutes=rng.randint(0, 1440))
        auto = "P180D" if c.GLOBAL_ADMIN not in roles and rng.random() < 0.5 else "PT0S"
        rel = Relationship(
            id=f"{_uuid(rng)}-{self.portal.partner_tenant_id}",
            display_name=name[:50],
            duration_days=duration,
            roles=list(roles),
            status=status,
            auto_extend=auto,
            created=created,
            modified=created,
            customer_tenant_id=tenant.id,
            customer_name=tenant.display_name,
        )
        if status == "approvalPending":
            rel.locked_at = self.now - timedelta(days=rng.randint(0, 60))
            rel.modified = rel.locked_at
        elif status == "expired":
            rel.end = self.now - timedelta(days=rng.randint(1, 200))
            rel.activated = rel.end - timedelta(days=duration)
            rel.auto_extend = "PT0S"
            rel.created = rel.modified = rel.activated - timedelta(days=1)
        else:
            rel.activated = created + timedelta(hours=rng.randint(1, 72))
            rel.end = rel.activated + timedelta(days=duration)
            if rel.end <= self.now:
                rel.end = self.now + timedelta(days=rng.randint(30, 300))
            rel.modified = rel.activated
        if status == "active" and assign:
            aa = AccessAssignment(
                _uuid(rng), group or self.gdap_group, list(roles), "active", created, created
            )
            rel.assignments[aa.id] = aa
        self.world.add_relationship(rel)
        return rel


def scenario_size(name: str, size: int | None) -> int:
    if name == "demo":
        return DEMO_SIZE if size is None else size
    if name == "empty":
        return 0
    if name == "generated":
        if size is None or not 1 <= size <= MAX_SIZE:
            raise ValueError(f"scenario 'generated' needs a size from 1 to {MAX_SIZE}")
        return size
    raise ValueError(f"unknown scenario {name!r}; expected one of {', '.join(SCENARIOS)}")


def build_world(
    name: str,
    *,
    seed: int,
    size: int | None,
    now: datetime,
    redirect_uris: list[str] | None = None,
) -> World:
    builder = _Builder(
        seed,
        scenario_size(name, size),
        now.replace(microsecond=0),
        redirect_uris or DEFAULT_REDIRECT_URIS,
    )
    builder.customers()
    builder.direct()
    posture.seed(builder.world, builder.now)
    builder.world.tick(now)
    return builder.world
