"""One tenant's part of a sync: its user count (and domain) from the best source that answers.

What the portal already knows decides which calls are worth making: no call where the account
has no access, no Graph token where the app is known not to be consented (asked again at most
daily), no Partner Center listing without a role that may list users.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.microsoft.errors import RequestError
from api.microsoft.partner_center import USER_PAGE_SIZE
from api.operations.pace import Pace
from api.partner_center.clients import PartnerClients
from api.tenants.models import ManagedTenant, UserCountSource
from api.tenants.roles import USER_LIST_ROLES
from api.tenants.store import TenantRefresh

# Graph cannot be used in this tenant (app not consented there, or the GDAP roles do not allow
# it): Partner Center may still know the user count.
FALL_BACK_LAYERS = frozenset({"consent", "gdap"})
CONSENT_RECHECK = timedelta(days=1)
NO_ACCESS = (
    "Unknown: the connected account holds no GDAP role in this tenant through its groups, so "
    "nothing can be read there."
)
NO_USER_ROLE = (
    "Unknown until the tenant is onboarded: the connected account holds none of Directory "
    "Readers, Global Reader or User Administrator here, which Partner Center needs to list "
    "users."
)
REFUSED = "Unknown: Partner Center refused to list this tenant's users ({reason})."
# Which call gets the next free slot (api/operations/pace.py), lowest first: user pages before
# the other calls. The token of a tenant whose first page has a next link goes right after the
# first pages, before any second page: where the app turns out to be consented, Graph counts
# and the paging stops.
USER_PAGES, OTHER_CALLS = 1, 2
# A tenant that has shown this many pages (4,000 users) is one of the long ones.
LONG_AFTER_PAGES = 8


@dataclass(frozen=True)
class Hint:
    """What the table already says about a tenant, read once per operation."""

    account_roles: frozenset[str]
    consented: bool | None
    consent_checked_at: datetime | None
    has_domain: bool
    # User pages Partner Center gave last time (0: not counted there): the longest go first.
    pages: int = 0

    def graph_worth_trying(self, now: datetime) -> bool:
        if self.consented is not False or self.consent_checked_at is None:
            return True
        return now - self.consent_checked_at >= CONSENT_RECHECK


# A tenant the table does not know yet: every source is worth a try.
UNKNOWN_HINT = Hint(USER_LIST_ROLES, None, None, False)


def pages_counted(count: int | None, source: UserCountSource) -> int:
    """The user pages a tenant took last time: a count through Partner Center pages its users
    500 at a time, so a 20,000-user tenant is 40 calls in a row (0: counted otherwise)."""
    if source is not UserCountSource.partner_center:
        return 0
    return math.ceil((count or 0) / USER_PAGE_SIZE)


async def hints_for(db: AsyncSession, organization_id: uuid.UUID) -> dict[str, Hint]:
    rows = await db.execute(
        select(
            ManagedTenant.tenant_id,
            ManagedTenant.account_role_ids,
            ManagedTenant.app_consented,
            ManagedTenant.consent_checked_at,
            ManagedTenant.default_domain.is_not(None),
            ManagedTenant.user_count,
            ManagedTenant.user_count_source,
        ).where(ManagedTenant.organization_id == organization_id, ManagedTenant.active.is_(True))
    )
    return {
        tenant: Hint(
            frozenset(roles or ()),
            consented,
            checked,
            bool(has_domain),
            pages_counted(count, source),
        )
        for tenant, roles, consented, checked, has_domain, count, source in rows.all()
    }


async def _graph(clients: PartnerClients, tenant_id: str, hint: Hint) -> TenantRefresh:
    count = await clients.graph.user_count(tenant_id)
    domain = None
    if not hint.has_domain:
        try:
            domain = (await clients.graph.organization(tenant_id)).default_domain
        except RequestError:
            domain = None
    return TenantRefresh(count, UserCountSource.graph, app_consented=True, default_domain=domain)


def page_rank(known_pages: int, made: int) -> tuple[int, int]:
    """Which of the tenants' user pages goes next, lowest first.

    A tenant whose pages are known from last time goes by them, longest first, and keeps its
    slot to its last page. Where no size is known (a first sync), the tenants that made the
    fewest pages go first: every first page goes out early and says whether more follow, and
    the long tenants are found before most of the short ones are done. Past `LONG_AFTER_PAGES`
    the deepest go first among themselves, so the long ones end one after another instead of
    all at the end (bench/first_sync_orders.py, bench/README.md "fewest pages first").
    """
    if known_pages:
        return (-known_pages, 0)
    return (min(made, LONG_AFTER_PAGES), -made)


async def _count_pages(
    clients: PartnerClients,
    tenant_id: str,
    pace: Pace,
    known_pages: int,
    long: asyncio.Future[bool] | None = None,
) -> int:
    """The tenant's users through Partner Center, a slot per page in the order `page_rank`
    gives; `long` hears whether more pages follow the first (no, if the first never came)."""

    def heard(more: bool) -> None:
        if long is not None and not long.done():
            long.set_result(more)

    pages = clients.partner_center.user_pages(tenant_id)
    try:
        async with pace.slot(USER_PAGES, *page_rank(known_pages, 0)) as turn:
            await pages.read()
            heard(pages.more)
            while pages.more:
                await turn(USER_PAGES, *page_rank(known_pages, pages.pages))
                await pages.read()
        return pages.count
    finally:
        heard(False)


async def _drop(task: asyncio.Task[int] | None) -> None:
    """Stop a count no longer needed; what it raised does not matter any more."""
    if task is None:
        return
    task.cancel()
    await asyncio.wait([task])
    if not task.cancelled():
        task.exception()


async def refresh_tenant(
    clients: PartnerClients,
    tenant_id: str,
    hint: Hint,
    now: datetime,
    pace: Pace,
) -> TenantRefresh:
    if not hint.account_roles:
        return TenantRefresh(None, UserCountSource.unknown, app_consented=None, note=NO_ACCESS)
    may_page = bool(hint.account_roles & USER_LIST_ROLES)
    consented: bool | None = hint.consented
    checked = None
    access_changed = False
    pages: asyncio.Task[int] | None = None
    if hint.graph_worth_trying(now):
        long: asyncio.Future[bool] | None = None
        if may_page and hint.consented is not True:
            # Not known to be consented: Partner Center's pages start beside the token instead
            # of after its refusal, and stop if Graph answers.
            long = asyncio.get_running_loop().create_future()
            pages = asyncio.create_task(_count_pages(clients, tenant_id, pace, hint.pages, long))
        try:
            token: tuple[int, ...]
            if long is not None and await long:
                token = (USER_PAGES, *page_rank(hint.pages, 0), 1)
            else:
                token = (OTHER_CALLS, -hint.pages)
            async with pace.slot(*token):
                refresh = await _graph(clients, tenant_id, hint)
        except RequestError as exc:
            if exc.root_cause.layer not in FALL_BACK_LAYERS and exc.status not in (401, 403):
                await _drop(pages)
                raise
            if exc.root_cause.layer == "consent":
                consented, checked = False, now
            # Microsoft refused access the kept assignments promised.
            access_changed = exc.root_cause.layer == "gdap"
        except BaseException:
            await _drop(pages)
            raise
        else:
            await _drop(pages)
            refresh.consent_checked_at = now
            return refresh
    if not may_page:
        return TenantRefresh(
            None,
            UserCountSource.unknown,
            consented,
            note=NO_USER_ROLE,
            consent_checked_at=checked,
            access_changed=access_changed,
        )
    try:
        count = await (pages or _count_pages(clients, tenant_id, pace, hint.pages))
    except RequestError as exc:
        if exc.status not in (403, 404):
            raise
        return TenantRefresh(
            None,
            UserCountSource.unknown,
            consented,
            note=REFUSED.format(reason=exc.root_cause.summary.rstrip(".")),
            consent_checked_at=checked,
            access_changed=True,
        )
    return TenantRefresh(
        count,
        UserCountSource.partner_center,
        consented,
        consent_checked_at=checked,
        access_changed=access_changed,
    )
