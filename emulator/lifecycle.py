"""What a customer's admin (or time) does to a GDAP relationship."""

from __future__ import annotations

from datetime import datetime, timedelta

from emulator.model import Relationship, Tenant
from emulator.state import World


class TransitionError(ValueError):
    pass


def approve(
    world: World,
    rel: Relationship,
    tenant: Tenant,
    now: datetime,
    activation: timedelta = timedelta(),
) -> None:
    """The customer's Global Administrator accepts. Microsoft shows the relationship as
    `activating` until its roles are in place, then `active` with endDateTime = activated +
    duration
    (https://learn.microsoft.com/en-us/graph/api/resources/delegatedadminrelationship, status)."""
    if rel.status != "approvalPending":
        raise TransitionError(f"relationship is {rel.status}, not approvalPending")
    if rel.customer_tenant_id and rel.customer_tenant_id != tenant.id:
        raise TransitionError("relationship was created for another customer")
    if not rel.customer_tenant_id:
        world.set_customer(rel, tenant)
    rel.modified = now
    if activation > timedelta():
        rel.status = "activating"
        rel.activates_at = now + activation
    else:
        rel.status = "active"
        rel.activated = now
        rel.end = now + timedelta(days=rel.duration_days)
    world.touch()


def reject(world: World, rel: Relationship, now: datetime) -> None:
    if rel.status != "approvalPending":
        raise TransitionError(f"relationship is {rel.status}, not approvalPending")
    rel.status = "terminated"
    rel.modified = now
    world.touch()


def terminate(world: World, rel: Relationship, now: datetime) -> None:
    if rel.status not in ("active", "approvalPending"):
        raise TransitionError(f"relationship is {rel.status}; only active ones can be terminated")
    rel.status = "terminated"
    rel.modified = now
    for aa in rel.assignments.values():
        aa.status, aa.modified = "deleted", now
    world.touch()


def expire(world: World, rel: Relationship, now: datetime) -> None:
    if rel.status not in ("active", "approvalPending", "created"):
        raise TransitionError(f"relationship is already {rel.status}")
    rel.status = "expired"
    rel.end = now if rel.end is None or rel.end > now else rel.end
    rel.auto_extend = "PT0S"
    rel.modified = now
    world.touch()
