"""The partner-level reads a sync's plan makes besides the relationships.

Who the connected account is (its groups, nested ones too), which groups each relationship's
access assignments give roles to, and the customers' default domains. Assignments change
rarely and cost one call per relationship, so they are kept between syncs and read again only
when they may have changed.
"""

from __future__ import annotations

import asyncio
import uuid
import zlib
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.microsoft.errors import RequestError, SignInError
from api.microsoft.graph import GraphClient
from api.microsoft.partner_center import PartnerCenterClient
from api.tenants.gdap import (
    ROLES_NOT_ASSIGNED,
    Account,
    Assignment,
    CustomerSummary,
    RelationshipView,
    account_roles,
    consent_groups,
)
from api.tenants.models import GdapRelationship, ManagedTenant
from api.tenants.roles import CONSENT_ROLES, USER_LIST_ROLES

log = structlog.get_logger(__name__)
T = TypeVar("T")
# Only these roles change what the table shows (Ready, user counts): other relationships'
# assignments are not read.
RELEVANT_ROLES = CONSENT_ROLES | USER_LIST_ROLES
# Kept assignments are read again after six to seven days (spread by relationship, so a
# nightly sync re-reads a seventh of them), at once when Graph shows the relationship changed,
# and on every sync while they give the account none of its relevant roles: a person who fixes
# an assignment sees the fix on the next sync.
MAX_AGE = timedelta(days=6)
SPREAD_SECONDS = 86_400
CUSTOMER_PAGE = 500


@dataclass(frozen=True)
class Kept:
    modified_at: datetime | None
    read_at: datetime | None
    assignments: list[Assignment] | None


def to_json(
    assignments: Iterable[Assignment], names: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Kept with the group's name as read then: the tenant page shows names, not ids."""
    return [
        {
            "group_id": a.group_id,
            "group_name": (names or {}).get(a.group_id),
            "role_ids": list(a.role_ids),
            "status": a.status,
        }
        for a in assignments
    ]


def from_json(raw: list[dict[str, Any]] | None) -> list[Assignment] | None:
    if raw is None:
        return None
    return [Assignment(a["group_id"], tuple(a["role_ids"]), a.get("status", "active")) for a in raw]


def _stale(rel: RelationshipView, kept: Kept | None, account: Account, now: datetime) -> bool:
    if not set(rel.role_ids) & RELEVANT_ROLES:
        return False
    if kept is None or kept.assignments is None or kept.read_at is None:
        return True
    if rel.modified_at != kept.modified_at:
        return True
    if not account_roles(rel, kept.assignments, account) & RELEVANT_ROLES:
        return True
    spread = timedelta(seconds=zlib.crc32(rel.id.encode()) % SPREAD_SECONDS)
    return now - kept.read_at > MAX_AGE + spread


async def kept_assignments(db: AsyncSession, organization_id: uuid.UUID) -> dict[str, Kept]:
    rows = await db.execute(
        select(
            GdapRelationship.relationship_id,
            GdapRelationship.modified_at,
            GdapRelationship.assignments_read_at,
            GdapRelationship.assignments,
        ).where(GdapRelationship.organization_id == organization_id)
    )
    return {rel: Kept(mod, read, from_json(raw)) for rel, mod, read, raw in rows.all()}


async def tenants_with_domain(db: AsyncSession, organization_id: uuid.UUID) -> set[str]:
    rows = await db.execute(
        select(ManagedTenant.tenant_id).where(
            ManagedTenant.organization_id == organization_id,
            ManagedTenant.default_domain.is_not(None),
        )
    )
    return set(rows.scalars())


async def _bounded(calls: Iterable[Awaitable[T]], limit: int) -> list[T]:
    slots = asyncio.Semaphore(max(1, limit))

    async def one(call: Awaitable[T]) -> T:
        async with slots:
            return await call

    return list(await asyncio.gather(*(one(c) for c in calls)))


async def _read(graph: GraphClient, rel_id: str) -> list[Assignment]:
    try:
        found = await graph.access_assignments(rel_id)
    except RequestError as exc:
        if exc.status == 404:  # ended between the listing and this read
            return []
        raise
    return [
        Assignment(
            a.access_container.access_container_id, tuple(a.access_details.role_ids), a.status
        )
        for a in found
    ]


async def read_assignments(
    graph: GraphClient,
    relationships: list[RelationshipView],
    kept: dict[str, Kept],
    account: Account,
    now: datetime,
    limit: int,
) -> tuple[dict[str, list[Assignment]], dict[str, list[Assignment]]]:
    """(every relationship's assignments, the ones read now and to be kept)."""
    stale = [r for r in relationships if _stale(r, kept.get(r.id), account, now)]
    fresh = dict(
        zip(
            (r.id for r in stale),
            await _bounded((_read(graph, r.id) for r in stale), limit),
            strict=True,
        )
    )
    known = {rel: k.assignments for rel, k in kept.items() if k.assignments is not None}
    return {**known, **fresh}, fresh


async def group_names(
    graph: GraphClient,
    summaries: Iterable[CustomerSummary],
    access: dict[str, list[Assignment]],
    account: Account,
    limit: int,
    fresh: dict[str, list[Assignment]] | None = None,
) -> dict[str, str]:
    """Names of the groups holding a consent role the account lacks (the reason names them),
    and of every group in assignments read now (the tenant page names them)."""
    wanted = {
        group_id
        for summary in summaries
        if summary.missing_code == ROLES_NOT_ASSIGNED
        for group_id in consent_groups(summary.relationships, access)
    }
    wanted |= {a.group_id for read in (fresh or {}).values() for a in read}
    wanted -= set(account.groups)

    async def name(group_id: str) -> str:
        try:
            return (await graph.group(group_id)).display_name or group_id
        except RequestError:
            return group_id

    ordered = sorted(wanted)
    return dict(zip(ordered, await _bounded((name(g) for g in ordered), limit), strict=True))


async def domains(pc: PartnerCenterClient, missing: set[str]) -> dict[str, str]:
    """Default domains from Partner Center's customer profiles, when some tenant lacks one."""
    if not missing:
        return {}
    found: dict[str, str] = {}
    try:
        async for customer in pc.customers(page_size=CUSTOMER_PAGE):
            if customer.company_profile.domain and customer.tenant_id.lower() in missing:
                found[customer.tenant_id.lower()] = customer.company_profile.domain.lower()
    except SignInError:
        # Partner Center refusing the sign-in itself (no MFA claim, 900421) is the partner's
        # problem, not a missing domain.
        raise
    except RequestError as exc:
        # Customers with GDAP only are not Partner Center customers; Graph names their domain
        # once the app is consented there.
        log.info("customer_domains_unavailable", status=exc.status, code=exc.code)
    return found
