"""What the GDAP relationships say about each customer for the connected account.

Which shape each relationship is, Ready, Missing (and why), the roles the account really holds,
when roles end, auto-extend. Data in, decision out: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from api.tenants.models import GdapState, RelationshipKind
from api.tenants.roles import CONSENT_ROLES, role_list

# Microsoft's DAP-to-GDAP transition created relationships named MLT_<guid>, with eight default
# roles assigned to predefined CSP groups: Microsoft's stopgap, not access the partner asked for.
# https://learn.microsoft.com/en-us/partner-center/gdap-microsoft-led-transition
MICROSOFT_LED_TRANSITION_PREFIX = "MLT_"
# Partner Center creates a default GDAP relationship with every new customer, approved without
# the customer's admin. Its name prefix is UNCONFIRMED in Microsoft's pages: a relationship not
# named so is treated as an ordinary one, which is what it otherwise is.
# https://learn.microsoft.com/en-us/partner-center/customers/gdap-introduction
DEFAULT_RELATIONSHIP_PREFIX = "Default_"
# A relationship an indirect provider created for the partner as its indirect reseller: the
# list returns it with this @odata.type (and indirectProviderTenantId, isPartnerConsentPending).
# https://learn.microsoft.com/en-us/graph/api/resources/resellerdelegatedadminrelationship
RESELLER_ODATA_TYPE = "#microsoft.graph.resellerDelegatedAdminRelationship"
# The only status whose roles reach anyone. Every other documented value (created,
# approvalPending, approved, activating, expiring, expired, terminationRequested, terminating,
# terminated, unknownFutureValue) grants nothing the portal may count on.
# https://learn.microsoft.com/en-us/graph/api/resources/delegatedadminrelationship
ACTIVE = "active"
# The only autoExtendDuration that extends: PT0S (the default) and P0D do not.
AUTO_EXTENDS = "P180D"
ROLES_MISSING = "roles_missing"
ROLES_NOT_ASSIGNED = "roles_not_assigned_to_account"
NO_ACTIVE_RELATIONSHIP = "no_active_relationship"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RelationshipView:
    """The fields of a delegatedAdminRelationship that the portal keeps."""

    id: str
    display_name: str
    status: str
    customer_tenant_id: str
    customer_name: str
    role_ids: list[str]
    end_at: datetime | None
    activated_at: datetime | None
    auto_extend_duration: str | None
    modified_at: datetime | None = None
    kind: RelationshipKind = RelationshipKind.ordinary


def classify(display_name: str, odata_type: str | None) -> RelationshipKind:
    """The shape of a relationship from what Graph lists; the type wins over the name."""
    if odata_type == RESELLER_ODATA_TYPE:
        return RelationshipKind.reseller
    if display_name.startswith(MICROSOFT_LED_TRANSITION_PREFIX):
        return RelationshipKind.microsoft_led
    if display_name.lower().startswith(DEFAULT_RELATIONSHIP_PREFIX.lower()):
        return RelationshipKind.default
    return RelationshipKind.ordinary


@dataclass(frozen=True)
class Assignment:
    """One access assignment: a partner security group holds these roles in the customer."""

    group_id: str
    role_ids: tuple[str, ...]
    status: str = "active"


@dataclass(frozen=True)
class Account:
    """The connected partner account: who it is and its groups (transitive), by id -> name."""

    name: str
    groups: Mapping[str, str]


@dataclass
class CustomerSummary:
    tenant_id: str
    display_name: str
    gdap_state: GdapState
    missing_code: str | None
    missing_reason: str | None
    role_ids: list[str]
    # Roles the connected account holds through access assignments to one of its groups.
    account_role_ids: list[str]
    # The first moment a role ends (no later relationship carries it), and those roles.
    earliest_end_at: datetime | None
    ending_role_ids: list[str]
    latest_end_at: datetime | None
    auto_extend: bool
    # The active ones: what the account may use today (Microsoft-led ones included).
    relationships: list[RelationshipView] = field(default_factory=list)
    # Every relationship Graph lists for the customer, whatever its status.
    listed: list[RelationshipView] = field(default_factory=list)


def auto_extends(duration: str | None) -> bool:
    return duration == AUTO_EXTENDS


def account_roles(
    rel: RelationshipView, assignments: Iterable[Assignment], account: Account
) -> set[str]:
    """A role reaches a person only through an active assignment to one of their groups, and
    only if the relationship itself carries it."""
    return granted_roles(assignments, account) & set(rel.role_ids)


def granted_roles(assignments: Iterable[Assignment], account: Account) -> set[str]:
    """The roles active assignments give the account's groups."""
    granted: set[str] = set()
    for assignment in assignments:
        if assignment.status == "active" and assignment.group_id in account.groups:
            granted |= set(assignment.role_ids)
    return granted


def _role_ends(rels: list[RelationshipView]) -> dict[str, datetime | None]:
    """When each role ends: the latest end among the relationships carrying it (None: never)."""
    ends: dict[str, datetime | None] = {}
    for rel in rels:
        for role in rel.role_ids:
            if role in ends and (ends[role] is None or rel.end_at is None):
                ends[role] = None
            elif role in ends:
                ends[role] = max(ends[role], rel.end_at)  # type: ignore[type-var]
            else:
                ends[role] = rel.end_at
    return ends


def _expiry(rels: list[RelationshipView]) -> tuple[datetime | None, list[str], bool]:
    ends = _role_ends(rels)
    dated = {role: end for role, end in ends.items() if end is not None}
    if not dated:
        return None, [], False
    first = min(dated.values())
    ending = sorted(role for role, end in dated.items() if end == first)
    # Shown only where every relationship ending then with one of those roles will extend.
    closing = [r for r in rels if r.end_at == first and set(r.role_ids) & set(ending)]
    return first, ending, all(auto_extends(r.auto_extend_duration) for r in closing)


def consent_groups(
    rels: Iterable[RelationshipView], access: Mapping[str, list[Assignment]]
) -> dict[str, set[str]]:
    """The groups an active assignment gives a consent role to, with those roles."""
    groups: dict[str, set[str]] = {}
    for rel in rels:
        for assignment in access.get(rel.id, []):
            held = set(assignment.role_ids) & set(rel.role_ids) & CONSENT_ROLES
            if assignment.status == "active" and held:
                groups.setdefault(assignment.group_id, set()).update(held)
    return groups


def _missing(
    rels: list[RelationshipView],
    access: Mapping[str, list[Assignment]],
    account: Account,
    group_names: Mapping[str, str],
) -> tuple[str, str]:
    roles = {role for rel in rels for role in rel.role_ids}
    if not roles & CONSENT_ROLES:
        found = role_list(roles) or "no roles"
        return ROLES_MISSING, (
            "No active GDAP relationship holds Global Administrator, Application Administrator "
            f"or Cloud Application Administrator (found: {found}). Request GDAP with one of them."
        )
    groups = consent_groups(rels, access)
    consent = role_list(roles & CONSENT_ROLES)
    if not groups:
        return ROLES_NOT_ASSIGNED, (
            f"The relationship holds {consent}, but no security group is assigned that role. "
            f"Assign it to a group {account.name} belongs to."
        )
    named = "; ".join(
        f"{role_list(held)} to '{group_names.get(gid) or gid}'"
        for gid, held in sorted(groups.items(), key=lambda kv: group_names.get(kv[0], kv[0]))
    )
    return ROLES_NOT_ASSIGNED, (
        f"The relationship assigns {named}, a group {account.name} is not a member of. "
        "Add the account to that group, or assign the role to one of its groups."
    )


def _summary(
    tenant_id: str,
    listed: list[RelationshipView],
    access: Mapping[str, list[Assignment]],
    account: Account,
    group_names: Mapping[str, str],
) -> CustomerSummary:
    """Only counted relationships make a customer Ready, date its roles and name them."""
    active = [rel for rel in listed if rel.status == ACTIVE]
    rels = [rel for rel in active if counted(rel)]
    roles = sorted({role for rel in rels for role in rel.role_ids})
    # What the account can really do here (a Microsoft-led relationship's roles work too, e.g.
    # for listing users), and what readiness may count on: usable relationships only.
    held = set().union(*(account_roles(rel, access.get(rel.id, []), account) for rel in active))
    counted_held = set().union(
        *(account_roles(rel, access.get(rel.id, []), account) for rel in rels)
    )
    ready = bool(counted_held & CONSENT_ROLES)
    code = reason = None
    if not ready:
        code, reason = _missing(rels, access, account, group_names)
    ends = [rel.end_at for rel in rels if rel.end_at is not None]
    newest = max(rels, key=lambda r: (r.end_at is not None, r.end_at or _EPOCH))
    earliest, ending, extends = _expiry(rels)
    return CustomerSummary(
        tenant_id=tenant_id,
        display_name=newest.customer_name,
        gdap_state=GdapState.ready if ready else GdapState.missing,
        missing_code=code,
        missing_reason=reason,
        role_ids=roles,
        account_role_ids=sorted(held),
        earliest_end_at=earliest,
        ending_role_ids=ending,
        latest_end_at=max(ends) if ends else None,
        auto_extend=extends,
        relationships=active,
        listed=listed,
    )


def usable(status: str, kind: RelationshipKind) -> bool:
    """Whose roles readiness may count on: active, and never Microsoft's MLT_ transition."""
    return status == ACTIVE and kind is not RelationshipKind.microsoft_led


def counted(rel: RelationshipView) -> bool:
    return usable(rel.status, rel.kind)


def summarize(
    relationships: Iterable[RelationshipView],
    access: Mapping[str, list[Assignment]],
    account: Account,
    group_names: Mapping[str, str] | None = None,
) -> dict[str, CustomerSummary]:
    """One summary per customer with at least one counted relationship."""
    names = {**(group_names or {}), **account.groups}
    return {
        tenant: _summary(tenant, rels, access, account, names)
        for tenant, rels in by_customer(relationships).items()
        if any(counted(rel) for rel in rels)
    }


def counted_customers(relationships: Iterable[RelationshipView]) -> set[str]:
    """The customers `summarize` gives a summary, known before any assignment is read."""
    return {
        tenant
        for tenant, rels in by_customer(relationships).items()
        if any(counted(rel) for rel in rels)
    }


def by_customer(relationships: Iterable[RelationshipView]) -> dict[str, list[RelationshipView]]:
    """Every listed relationship under its customer; one not yet approved may have none."""
    grouped: dict[str, list[RelationshipView]] = {}
    for rel in relationships:
        if rel.customer_tenant_id:
            grouped.setdefault(rel.customer_tenant_id.lower(), []).append(rel)
    return grouped
