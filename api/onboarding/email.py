"""Email Perms: whether Petra's app can read mail settings through Exchange Online app-only.

Exchange Online's app-only access needs the `Exchange.ManageAsApp` app role of Office 365
Exchange Online on the app's service principal, and an Entra role Exchange supports for app-only
access (Exchange Administrator here) on the same service principal
(learn.microsoft.com/powershell/exchange/app-only-auth-powershell-v2, "Assign Microsoft Entra
roles to the application"). Assigning a directory role needs Privileged Role Administrator
(learn.microsoft.com/graph/api/rbacapplication-post-roleassignments), which the partner holds
only through GDAP.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.microsoft.errors import RequestError
from api.onboarding.products import (
    EXCHANGE_ADMINISTRATOR,
    EXCHANGE_MANAGE_AS_APP,
    EXCHANGE_ONLINE,
    ProductName,
)
from api.onboarding.products import EXCHANGE_MANAGE as MANAGE_AS_APP_PERMISSION
from api.onboarding.steps import TenantWork, app_roles
from api.tenants.models import EmailPermissions

MISSING_APP_ROLE = "Exchange.ManageAsApp on Office 365 Exchange Online"
MISSING_DIRECTORY_ROLE = "the Exchange Administrator role for Petra's app"
NO_APP = "Petra's app is no longer in the tenant (removed there): onboard the tenant again."
NOT_NEEDED = f"Petra {ProductName.scan.value.title()} does not read mail settings."
NEEDS_PRIVILEGED_ROLE_ADMIN = (
    "The connected account lacks Privileged Role Administrator in this tenant through GDAP, "
    "which Microsoft requires to give Petra's app the Exchange Administrator role. Send the "
    "client a GDAP request that includes Privileged Role Administrator, assign it to one of the "
    "account's security groups, then Fix Email Perms."
)


@dataclass(frozen=True)
class EmailState:
    value: EmailPermissions
    note: str | None = None
    # Petra's app is not in the tenant (removed by the client's admin, say).
    app_missing: bool = False

    @property
    def message(self) -> str:
        return self.note or "Email Perms are in place."


def _missing_note(missing: list[str]) -> str:
    return f"Missing {' and '.join(missing)}. Fix Email Perms to grant it."


async def read_email(work: TenantWork) -> tuple[EmailState, list[str]]:
    """The tenant's Email Perms as Microsoft shows them now, with what is missing."""
    app = await work.graph.service_principal(work.tenant_id, work.client_id)
    if app is None:
        return EmailState(EmailPermissions.unknown, NO_APP, app_missing=True), []
    work.found[work.client_id] = app
    exchange = await work.graph.service_principal(work.tenant_id, EXCHANGE_ONLINE)
    assignments = await work.graph.app_role_assignments(work.tenant_id, app.id)
    roles = await work.graph.directory_role_assignments(work.tenant_id, app.id)
    missing = []
    if exchange is None or not any(
        a.resource_id == exchange.id and a.app_role_id.lower() == EXCHANGE_MANAGE_AS_APP
        for a in assignments
    ):
        missing.append(MISSING_APP_ROLE)
    if not any(r.role_definition_id == EXCHANGE_ADMINISTRATOR for r in roles):
        missing.append(MISSING_DIRECTORY_ROLE)
    if missing:
        return EmailState(EmailPermissions.needs_fix, _missing_note(missing)), missing
    return EmailState(EmailPermissions.ok), []


async def fix_email(work: TenantWork) -> EmailState:
    """Grant exactly what is missing; without the GDAP role to do so, say which one."""
    state, missing = await read_email(work)
    if state.value is not EmailPermissions.needs_fix:
        return state
    if MISSING_APP_ROLE in missing:
        await app_roles(work, [MANAGE_AS_APP_PERMISSION])
    if MISSING_DIRECTORY_ROLE in missing:
        app = work.found[work.client_id]
        try:
            await work.graph.assign_directory_role(
                work.tenant_id, principal_id=app.id, role_definition_id=EXCHANGE_ADMINISTRATOR
            )
        except RequestError as exc:
            if exc.status != 403:
                raise
            return EmailState(EmailPermissions.needs_fix, NEEDS_PRIVILEGED_ROLE_ADMIN)
    return EmailState(EmailPermissions.ok)


async def read_individual_email(work: TenantWork) -> EmailState:
    """Email Perms of a tenant added individually: read with the app's own token. Without GDAP
    Petra cannot grant what is missing; the note says what the client's admin does."""
    state, missing = await read_email(work)
    if state.value is not EmailPermissions.needs_fix:
        return state
    fixes = []
    if MISSING_APP_ROLE in missing:
        fixes.append("add the tenant individually again and accept Exchange.ManageAsApp")
    if MISSING_DIRECTORY_ROLE in missing:
        fixes.append(
            "assign Petra's app the Exchange Administrator role (Microsoft Entra admin center, "
            "Roles and administrators)"
        )
    note = (
        f"Missing {' and '.join(missing)}. Petra has no GDAP role in this tenant to grant it: "
        f"the client's Global Administrator needs to {' and '.join(fixes)}."
    )
    return EmailState(EmailPermissions.needs_fix, note)
