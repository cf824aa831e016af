"""What the GDAP relationships say about each customer: Ready or Missing, dates, auto-extend."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from api.tenants.models import GdapState

GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10"
APPLICATION_ADMINISTRATOR = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"
CLOUD_APPLICATION_ADMINISTRATOR = "158c047a-c907-4556-b7ef-446551a6b5f7"
# Partner Center's consent API accepts a caller holding any one of these.
CONSENT_ROLES = frozenset(
    {GLOBAL_ADMINISTRATOR, APPLICATION_ADMINISTRATOR, CLOUD_APPLICATION_ADMINISTRATOR}
)
ROLE_NAMES = {
    GLOBAL_ADMINISTRATOR: "Global Administrator",
    APPLICATION_ADMINISTRATOR: "Application Administrator",
    CLOUD_APPLICATION_ADMINISTRATOR: "Cloud Application Administrator",
    "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
    "31392ffb-586c-42d1-9346-e59415a2cc4e": "Exchange Recipient Administrator",
    "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
    "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
    "fdd7a751-b60b-444a-984c-02652fe8fa1c": "Groups Administrator",
    "729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
    "966707d0-3269-4727-9be2-8c3a10f19b9d": "Password Administrator",
    "c4e39bd9-1100-46d3-8c65-fb160da0071f": "Authentication Administrator",
    "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
    "5d6b6bb7-de71-4623-b4af-96380a352509": "Security Reader",
    "f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
    "88d8e3e3-8f55-4a1e-953a-9b9898b8876b": "Directory Readers",
    "3a2c62db-5318-420d-8d74-23affee5d9d5": "Intune Administrator",
    "69091246-20e8-4a56-aa4d-066075b2a7a8": "Teams Administrator",
    "f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
    "4d6ac14f-3453-41d0-bef9-a3e0c569773a": "License Administrator",
    "f023fd81-a637-4b56-95fd-791ac0226033": "Service Support Administrator",
}
MICROSOFT_LED_TRANSITION_PREFIX = "MLT_"
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


@dataclass
class CustomerSummary:
    tenant_id: str
    display_name: str
    gdap_state: GdapState
    missing_reason: str | None
    role_ids: list[str]
    earliest_end_at: datetime | None
    latest_end_at: datetime | None
    auto_extend: bool
    relationships: list[RelationshipView] = field(default_factory=list)


def role_name(role_id: str) -> str:
    return ROLE_NAMES.get(role_id, role_id)


def _auto_extends(duration: str | None) -> bool:
    return bool(duration) and duration not in ("PT0S", "P0D")


def _summary(tenant_id: str, rels: list[RelationshipView]) -> CustomerSummary:
    roles = sorted({role for rel in rels for role in rel.role_ids})
    ends = [rel.end_at for rel in rels if rel.end_at is not None]
    newest = max(rels, key=lambda r: (r.end_at is not None, r.end_at or _EPOCH))
    ready = bool(CONSENT_ROLES & set(roles))
    reason = None
    if not ready:
        found = ", ".join(role_name(r) for r in roles) or "no roles"
        reason = (
            "No active GDAP relationship holds Global Administrator, Application Administrator "
            f"or Cloud Application Administrator (found: {found})."
        )
    return CustomerSummary(
        tenant_id=tenant_id,
        display_name=newest.customer_name,
        gdap_state=GdapState.ready if ready else GdapState.missing,
        missing_reason=reason,
        role_ids=roles,
        earliest_end_at=min(ends) if ends else None,
        latest_end_at=max(ends) if ends else None,
        auto_extend=any(_auto_extends(rel.auto_extend_duration) for rel in rels),
        relationships=rels,
    )


def summarize(relationships: Iterable[RelationshipView]) -> dict[str, CustomerSummary]:
    """Group active, partner-created relationships by customer; MLT_ ones are Microsoft's own."""
    grouped: dict[str, list[RelationshipView]] = {}
    for rel in relationships:
        if rel.status != "active" or rel.display_name.startswith(MICROSOFT_LED_TRANSITION_PREFIX):
            continue
        grouped.setdefault(rel.customer_tenant_id.lower(), []).append(rel)
    return {tenant: _summary(tenant, rels) for tenant, rels in grouped.items()}
