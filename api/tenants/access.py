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
from collections.abc import Awaitable, Callable, Iterable
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
    ACTIVE,
    ROLES_NOT_ASSIGNED,
    Account,
    Assignment,
    CustomerSummary,
    RelationshipView,
    account_roles,
    consent_groups,
    granted_roles,
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
    status: str
    role_ids: tuple[str, ...]

    def gives_nothing_to(self, account: Account) -> bool:
        """Kept assignments that give the account none of the relationship's relevant roles:
        read again on every sync, so the read can start before the listing confirms it."""
        if self.status != ACTIVE or self.assignments is None or self.read_at is None:
            return False
        relevant = set(self.role_ids) & RELEVANT_ROLES
        return bool(relevant) and not granted_roles(self.assignments, account) & relevant


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
            GdapRelationship.status,
            GdapRelationship.role_ids,
        ).where(GdapRelationship.organization_id == organization_id)
    )
    return {
        rel: Kept(mod, read, from_json(raw), status, tuple(roles or ()))
        for rel, mod, read, raw, status, roles in rows.all()
    }


async def tenants_with_domain(db: AsyncSession, organization_id: uuid.UUID) -> set[str]:
    rows = await db.execute(
        select(ManagedTenant.tenant_id).where(
            ManagedTenant.organization_id == organization_id,
            ManagedTenant.default_domain.is_not(None),
        )
    )
    return set(rows.scalars())


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


class AssignmentReads:
    """A sync plan's access-assignment and group-name reads, started as soon as each is known.

    The relationship listing pages one page after the other; everything else overlaps it:
    the account's groups and what earlier syncs kept are read beside the first page, kept
    assignments that gave the account nothing (read on every sync) start once both are known,
    each listed relationship's
    read starts when its page arrives, and a group's name is read when an assignment first
    names it. At most `limit` reads are in flight.
    """

    def __init__(self, graph: GraphClient, now: datetime, limit: int):
        self._graph, self._now = graph, now
        self._slots = asyncio.Semaphore(max(1, limit))
        self._reads: dict[str, asyncio.Task[list[Assignment]]] = {}
        self._names: dict[str, asyncio.Task[str]] = {}
        self._kept: dict[str, Kept] | None = None
        self._account: Account | None = None
        self._listed: list[RelationshipView] = []

    def kept_known(self, kept: dict[str, Kept]) -> None:
        """What earlier syncs read (from the database, while the listing's first page is out)."""
        self._kept = kept
        self._start()

    def account_known(self, account: Account) -> None:
        self._account = account
        self._start()

    def found(self, rel: RelationshipView) -> None:
        """A relationship the listing returned (access assignments exist only on active ones)."""
        if rel.status != ACTIVE or rel.id in self._reads:
            return
        if self._kept is None or self._account is None:
            self._listed.append(rel)
        elif _stale(rel, self._kept.get(rel.id), self._account, self._now):
            self._read(rel.id)

    async def assignments(
        self, active: list[RelationshipView]
    ) -> tuple[dict[str, list[Assignment]], dict[str, list[Assignment]]]:
        """(every active relationship's assignments, the ones read now and to be kept)."""
        assert self._kept is not None, "the plan reads the kept assignments first"
        for rel in active:
            self.found(rel)
        fresh = {rel.id: await self._reads[rel.id] for rel in active if rel.id in self._reads}
        known = {r: k.assignments for r, k in self._kept.items() if k.assignments is not None}
        return {**known, **fresh}, fresh

    async def group_names(
        self,
        summaries: Iterable[CustomerSummary],
        access: dict[str, list[Assignment]],
        fresh: dict[str, list[Assignment]],
    ) -> dict[str, str]:
        """Names of the groups holding a consent role the account lacks (the reason names
        them), and of every group in assignments read now (the tenant page names them)."""
        assert self._account is not None
        wanted = {
            group_id
            for summary in summaries
            if summary.missing_code == ROLES_NOT_ASSIGNED
            for group_id in consent_groups(summary.relationships, access)
        }
        wanted |= {a.group_id for read in fresh.values() for a in read}
        wanted -= set(self._account.groups)
        ordered = sorted(wanted)
        return {group_id: await self._name(group_id) for group_id in ordered}

    def close(self) -> None:
        """Stop what the plan no longer needs (a speculative read, or all after a failure)."""
        for task in [*self._reads.values(), *self._names.values()]:
            if not task.done():
                task.cancel()
            elif not task.cancelled():
                task.exception()  # retrieved: a read nobody waits for is not an error

    def _start(self) -> None:
        """Once both the kept assignments and the account are known: read again those that gave
        the account nothing, and whatever the listing returned meanwhile."""
        if self._kept is None or self._account is None:
            return
        for rel_id, kept in self._kept.items():
            if kept.gives_nothing_to(self._account):
                self._read(rel_id)
        listed, self._listed = self._listed, []
        for rel in listed:
            self.found(rel)

    def _read(self, rel_id: str) -> None:
        task = asyncio.create_task(self._bounded(_read, self._graph, rel_id))
        task.add_done_callback(self._name_groups)
        self._reads[rel_id] = task

    def _name_groups(self, task: asyncio.Task[list[Assignment]]) -> None:
        if task.cancelled() or task.exception() is not None or self._account is None:
            return
        for assignment in task.result():
            if assignment.group_id not in self._account.groups:
                self._name(assignment.group_id)

    def _name(self, group_id: str) -> asyncio.Task[str]:
        if group_id not in self._names:
            call = self._bounded(_group_name, self._graph, group_id)
            self._names[group_id] = asyncio.create_task(call)
        return self._names[group_id]

    async def _bounded(
        self, read: Callable[[GraphClient, str], Awaitable[T]], graph: GraphClient, key: str
    ) -> T:
        async with self._slots:
            return await read(graph, key)


async def _group_name(graph: GraphClient, group_id: str) -> str:
    try:
        return (await graph.group(group_id)).display_name or group_id
    except RequestError:
        return group_id


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
