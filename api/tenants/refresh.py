"""One tenant's part of a sync: its user count (and domain) from the best source that answers.

What the portal already knows decides which calls are worth making: no call where the account
has no access, no Graph token where the app is known not to be consented (asked again at most
daily), no Partner Center listing without a role that may list users.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.microsoft.errors import RequestError
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


@dataclass(frozen=True)
class Hint:
    """What the table already says about a tenant, read once per operation."""

    account_roles: frozenset[str]
    consented: bool | None
    consent_checked_at: datetime | None
    has_domain: bool

    def graph_worth_trying(self, now: datetime) -> bool:
        if self.consented is not False or self.consent_checked_at is None:
            return True
        return now - self.consent_checked_at >= CONSENT_RECHECK


# A tenant the table does not know yet: every source is worth a try.
UNKNOWN_HINT = Hint(USER_LIST_ROLES, None, None, False)


async def hints_for(db: AsyncSession, organization_id: uuid.UUID) -> dict[str, Hint]:
    rows = await db.execute(
        select(
            ManagedTenant.tenant_id,
            ManagedTenant.account_role_ids,
            ManagedTenant.app_consented,
            ManagedTenant.consent_checked_at,
            ManagedTenant.default_domain.is_not(None),
        ).where(ManagedTenant.organization_id == organization_id, ManagedTenant.active.is_(True))
    )
    return {
        tenant: Hint(frozenset(roles or ()), consented, checked, bool(has_domain))
        for tenant, roles, consented, checked, has_domain in rows.all()
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


async def refresh_tenant(
    clients: PartnerClients, tenant_id: str, hint: Hint, now: datetime
) -> TenantRefresh:
    if not hint.account_roles:
        return TenantRefresh(None, UserCountSource.unknown, app_consented=None, note=NO_ACCESS)
    consented: bool | None = hint.consented
    checked = None
    access_changed = False
    if hint.graph_worth_trying(now):
        try:
            refresh = await _graph(clients, tenant_id, hint)
            refresh.consent_checked_at = now
            return refresh
        except RequestError as exc:
            if exc.root_cause.layer not in FALL_BACK_LAYERS and exc.status not in (401, 403):
                raise
            if exc.root_cause.layer == "consent":
                consented, checked = False, now
            # Microsoft refused access the kept assignments promised.
            access_changed = exc.root_cause.layer == "gdap"
    if not hint.account_roles & USER_LIST_ROLES:
        return TenantRefresh(
            None,
            UserCountSource.unknown,
            consented,
            note=NO_USER_ROLE,
            consent_checked_at=checked,
            access_changed=access_changed,
        )
    try:
        count = await clients.partner_center.customer_user_count(tenant_id)
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
