"""The emulated world: tenants, GDAP relationships, consents, tokens, and the rules between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from emulator import catalog
from emulator.faults import Counters, FaultSet
from emulator.model import (
    AppRegistration,
    AppRoleAssignment,
    AuthCode,
    Clock,
    Group,
    PendingFlow,
    PermissionGrant,
    RefreshToken,
    Relationship,
    ServicePrincipal,
    Tenant,
    User,
    new_id,
)

AUTO_EXTEND_DAYS = 180
UNAPPROVED_LIFETIME = timedelta(days=90)
DEFAULT_PROPAGATION_SECONDS = 3.0


@dataclass
class World:
    """Everything a scenario seeds; replaced wholesale on reset or load."""

    partner_tenant_id: str
    tenants: dict[str, Tenant] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)
    apps: dict[str, AppRegistration] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    admin_agents_group_id: str = ""
    codes: dict[str, AuthCode] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    flows: dict[str, PendingFlow] = field(default_factory=dict)
    _domains: dict[str, str] = field(default_factory=dict)
    _by_customer: dict[str, list[str]] = field(default_factory=dict)
    _next_deadline: datetime | None = None

    @property
    def partner(self) -> Tenant:
        return self.tenants[self.partner_tenant_id]

    def add_tenant(self, tenant: Tenant) -> None:
        self.tenants[tenant.id] = tenant
        self._domains[tenant.domain.lower()] = tenant.id

    def add_user(self, tenant: Tenant, user: User) -> None:
        tenant.users[user.id] = user
        self.users[user.id] = user

    def add_relationship(self, rel: Relationship) -> None:
        self.relationships[rel.id] = rel
        if rel.customer_tenant_id:
            self._by_customer.setdefault(rel.customer_tenant_id, []).append(rel.id)
        self._next_deadline = None

    def set_customer(self, rel: Relationship, tenant: Tenant) -> None:
        rel.customer_tenant_id = tenant.id
        rel.customer_name = tenant.display_name
        self._by_customer.setdefault(tenant.id, []).append(rel.id)

    def tenant(self, key: str) -> Tenant | None:
        tid = self._domains.get(key.lower(), key.lower())
        return self.tenants.get(tid)

    def find_user(self, upn: str) -> User | None:
        domain = upn.rpartition("@")[2]
        tenant = self.tenant(domain)
        return tenant.user_by_upn(upn) if tenant else None

    def customer_relationships(self, tenant_id: str) -> list[Relationship]:
        return [self.relationships[r] for r in self._by_customer.get(tenant_id, [])]

    def groups_of(self, member_id: str) -> set[str]:
        """The partner groups a user (or group) belongs to, directly or through nested groups,
        as Graph's transitiveMemberOf lists them."""
        found: set[str] = set()
        frontier = {member_id}
        while frontier:
            parents = {
                gid
                for gid, group in self.partner.groups.items()
                if group.members & frontier and gid not in found
            }
            found |= parents
            frontier = parents
        return found

    def is_admin_agent(self, user_id: str) -> bool:
        return self.admin_agents_group_id in self.groups_of(user_id)

    def covered_roles(self, user_id: str, customer_id: str) -> set[str]:
        """Roles the partner user holds in a customer tenant through active GDAP assignments to
        a group the user belongs to, nested groups included."""
        roles: set[str] = set()
        groups = self.groups_of(user_id)
        for rel in self.customer_relationships(customer_id):
            if rel.status != "active":
                continue
            for aa in rel.assignments.values():
                if aa.status == "active" and aa.group_id in groups:
                    roles |= set(aa.roles) & set(rel.roles)
        return roles

    def roles_in(self, user: User, tenant_id: str) -> set[str]:
        if user.tenant_id == tenant_id:
            return set(user.roles)
        return self.covered_roles(user.id, tenant_id)

    def ensure_builtins(self, tenant: Tenant) -> None:
        if tenant.builtins_ready:
            return
        tenant.builtins_ready = True
        apps = catalog.PARTNER_BUILTIN_APPS if tenant.is_partner else catalog.CUSTOMER_BUILTIN_APPS
        for app_id in apps:
            if app_id in tenant.absent_apps:
                continue
            res = catalog.RESOURCE_APPS[app_id]
            sp = ServicePrincipal(
                id=new_id(),
                app_id=app_id,
                display_name=res.name,
                app_owner_tenant_id=catalog.MICROSOFT_TENANT_ID,
                app_roles=res.app_roles,
                scopes=res.scopes,
                visible_at=tenant.created,
            )
            tenant.service_principals[sp.id] = sp

    def service_principal(
        self, tenant: Tenant, app_id: str, now: datetime
    ) -> ServicePrincipal | None:
        self.ensure_builtins(tenant)
        for sp in tenant.service_principals.values():
            if sp.app_id == app_id and sp.visible_at <= now:
                return sp
        return None

    def consented_scopes(
        self, tenant: Tenant, client_id: str, resource_app_id: str, user_id: str, now: datetime
    ) -> set[str] | None:
        """Delegated scopes granted to the client for the resource; None if the app is absent."""
        client = self.service_principal(tenant, client_id, now)
        if client is None:
            return None
        resource = self.service_principal(tenant, resource_app_id, now)
        scopes: set[str] = set()
        if resource is None:
            return scopes
        for grant in tenant.grants.values():
            if grant.client_id != client.id or grant.resource_id != resource.id:
                continue
            if grant.visible_at > now:
                continue
            if grant.consent_type == "AllPrincipals" or grant.principal_id == user_id:
                scopes |= set(grant.scope.split())
        return scopes

    def consent(
        self,
        tenant: Tenant,
        app: AppRegistration,
        grants: dict[str, list[str]],
        visible_at: datetime,
    ) -> ServicePrincipal:
        """Install the app's service principal and AllPrincipals delegated grants."""
        self.ensure_builtins(tenant)
        sp = next(
            (s for s in tenant.service_principals.values() if s.app_id == app.client_id), None
        )
        if sp is None:
            sp = ServicePrincipal(
                id=new_id(),
                app_id=app.client_id,
                display_name=app.display_name,
                app_owner_tenant_id=app.home_tenant_id,
                app_roles=[],
                scopes=[],
                visible_at=visible_at,
            )
            tenant.service_principals[sp.id] = sp
        for resource_app_id, scopes in grants.items():
            resource = next(
                s for s in tenant.service_principals.values() if s.app_id == resource_app_id
            )
            existing = next(
                (
                    g
                    for g in tenant.grants.values()
                    if g.client_id == sp.id
                    and g.resource_id == resource.id
                    and g.consent_type == "AllPrincipals"
                ),
                None,
            )
            if existing is not None:
                merged = existing.scope.split() + [s for s in scopes if s not in existing.scope]
                existing.scope = " ".join(merged)
                continue
            grant = PermissionGrant(
                id=new_id(),
                client_id=sp.id,
                consent_type="AllPrincipals",
                resource_id=resource.id,
                scope=" ".join(scopes),
                principal_id=None,
                visible_at=visible_at,
            )
            tenant.grants[grant.id] = grant
        return sp

    def grant_app_roles(
        self, tenant: Tenant, client: ServicePrincipal, resource_app_id: str, values: list[str]
    ) -> list[AppRoleAssignment]:
        """Assign the client the resource's app roles named by value, skipping those it holds;
        nothing when the resource's service principal is not in the tenant."""
        self.ensure_builtins(tenant)
        resource = next(
            (s for s in tenant.service_principals.values() if s.app_id == resource_app_id), None
        )
        if resource is None:
            return []
        ids = {r["value"]: r["id"] for r in resource.app_roles}
        held = {
            a.app_role_id
            for a in tenant.app_role_assignments.values()
            if a.principal_id == client.id and a.resource_id == resource.id
        }
        made = []
        for value in values:
            role_id = ids.get(value)
            if role_id is None or role_id in held:
                continue
            assignment = AppRoleAssignment(
                id=new_id(),
                app_role_id=role_id,
                principal_id=client.id,
                principal_type="ServicePrincipal",
                principal_display_name=client.display_name,
                resource_id=resource.id,
                resource_display_name=resource.display_name,
                created=client.visible_at,
            )
            tenant.app_role_assignments[assignment.id] = assignment
            held.add(role_id)
            made.append(assignment)
        return made

    def remove_app(self, tenant: Tenant, app_id: str) -> bool:
        """Delete the app's service principal with its grants and assignments."""
        sp = next((s for s in tenant.service_principals.values() if s.app_id == app_id), None)
        if sp is None:
            return False
        del tenant.service_principals[sp.id]
        tenant.grants = {
            k: g for k, g in tenant.grants.items() if sp.id not in (g.client_id, g.resource_id)
        }
        tenant.app_role_assignments = {
            k: a
            for k, a in tenant.app_role_assignments.items()
            if sp.id not in (a.principal_id, a.resource_id)
        }
        tenant.role_assignments = {
            k: r for k, r in tenant.role_assignments.items() if r.principal_id != sp.id
        }
        return True

    def tick(self, now: datetime) -> None:
        """Move relationships along Microsoft's clock-driven transitions."""
        if self._next_deadline is not None and now < self._next_deadline:
            return
        deadline: datetime | None = None
        for rel in self.relationships.values():
            self._advance(rel, now)
            due = _deadline(rel)
            if due is not None and (deadline is None or due < deadline):
                deadline = due
        self._next_deadline = deadline or now + timedelta(days=3650)

    def touch(self) -> None:
        self._next_deadline = None

    def _advance(self, rel: Relationship, now: datetime) -> None:
        if rel.status == "activating" and rel.activates_at is not None and rel.activates_at <= now:
            rel.status = "active"
            rel.activated = rel.activates_at
            rel.end = rel.activates_at + timedelta(days=rel.duration_days)
            rel.modified = rel.activates_at
        for aa in rel.assignments.values():
            if aa.status == "pending" and aa.active_at is not None and aa.active_at <= now:
                aa.status, aa.modified = "active", aa.active_at
        if rel.status == "active" and rel.end is not None:
            while rel.end <= now and rel.auto_extend == "P180D":
                rel.end += timedelta(days=AUTO_EXTEND_DAYS)
            if rel.end <= now:
                rel.status = "expired"
                rel.modified = rel.end
        elif (
            rel.status == "approvalPending"
            and rel.locked_at is not None
            and rel.locked_at + UNAPPROVED_LIFETIME <= now
        ):
            rel.status = "expired"
            rel.modified = rel.locked_at + UNAPPROVED_LIFETIME


def _deadline(rel: Relationship) -> datetime | None:
    dues = [aa.active_at for aa in rel.assignments.values() if aa.status == "pending"]
    if rel.status == "activating":
        dues.append(rel.activates_at)
    if rel.status == "active":
        dues.append(rel.end)
    if rel.status == "approvalPending" and rel.locked_at is not None:
        dues.append(rel.locked_at + UNAPPROVED_LIFETIME)
    found = [due for due in dues if due is not None]
    return min(found) if found else None


class EmulatorState:
    """What app.state.emulator holds: the world plus clock, faults, counters and settings."""

    def __init__(
        self,
        *,
        public_url: str,
        redirect_uris: list[str] | None,
        control_enabled: bool,
    ) -> None:
        self.public_url = public_url.rstrip("/")
        self.redirect_uris = redirect_uris
        self.control_enabled = control_enabled
        self.clock = Clock()
        self.faults = FaultSet()
        self.counters = Counters()
        self.propagation_delay = DEFAULT_PROPAGATION_SECONDS
        self.scenario_name = "demo"
        self.seed = 1
        self.size: int | None = None
        self.world = World(partner_tenant_id="")

    def now(self) -> datetime:
        return self.clock.now()

    def load(self, name: str, seed: int, size: int | None) -> None:
        from emulator.scenario import build_world

        self.world = build_world(
            name, seed=seed, size=size, now=self.now(), redirect_uris=self.redirect_uris
        )
        self.scenario_name, self.seed, self.size = name, seed, size

    def reset(self) -> None:
        self.clock = Clock()
        self.faults = FaultSet()
        self.counters = Counters()
        self.propagation_delay = DEFAULT_PROPAGATION_SECONDS
        self.load(self.scenario_name, self.seed, self.size)

    def url(self, prefix: str, path: str) -> str:
        return f"{self.public_url}/{prefix}/{path.lstrip('/')}"


__all__ = ["EmulatorState", "Group", "World"]
