"""Onboarding's Microsoft calls in a client tenant, one function per step.

Every step reads before it writes and treats "already there" as done, so running it twice
changes nothing (learn.microsoft.com/partner-center/developer/
gdap-and-secure-application-model, "Explicit multitenant application + user consent").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from api.microsoft.app_tokens import AppTokens
from api.microsoft.errors import MicrosoftError, RequestError, TransientError
from api.microsoft.graph import GraphClient
from api.microsoft.graph_models import ServicePrincipal
from api.microsoft.partner_center import ApplicationGrant, ConsentOutcome
from api.microsoft.root_causes import (
    APP_NOT_AUTHORIZED,
    APP_NOT_FOUND,
    CONSENT_MISSING,
    NOT_ADMIN_AGENT,
    RootCause,
    Service,
)
from api.onboarding.access import APP_REMOVED
from api.onboarding.products import EXCHANGE_ONLINE, RESOURCE_NAMES, AppPermission, Product
from api.partner_center.check import ADMIN_AGENTS
from api.partner_center.clients import PartnerClients

APP_DISPLAY_NAME = "Petra"
# The app's service principal appears some seconds after the consent. It is looked for again
# on this schedule (seconds between looks): every second at first, since it usually takes a
# few seconds and each second past its arrival is a second the tenant waits for nothing, then
# less and less often; after the last look (about two minutes in) the onboarding gives up.
SP_WAITS = (0.5, *(1.0,) * 9, 2.0, 2.0, 4.0, 4.0, 8.0, 8.0, 15.0, 15.0, 30.0, 30.0)
SP_LOOKUPS = len(SP_WAITS) + 1
# A look due already (the ones before took longer than their waits) still yields the worker.
SP_MIN_WAIT = 0.05
SP_NOT_FOUND = RootCause(
    "service_principal_missing",
    "Petra's app did not appear in the tenant after Partner Center's consent.",
    "Onboard again; if it keeps failing, remove the app in the tenant and onboard again.",
    "consent",
)

# Partner Center refused the consent to an account in AdminAgents: this tenant's GDAP does not
# give it a role that may consent (any more: a relationship can expire or be terminated after
# the sync that found the tenant Ready).
CONSENT_GDAP_MISSING = RootCause(
    "gdap_not_ready",
    "Partner Center refused the consent: the connected account has no active GDAP relationship "
    "with Global Administrator, Application Administrator or Cloud Application Administrator "
    "in this tenant (it may have expired or been terminated since the last sync).",
    "Sync to see the tenant's GDAP as it is now; send the client a GDAP request with one of "
    "those roles, assigned to a security group the account belongs to, then onboard again.",
    "gdap",
)


ADMIN_CONSENT_MISSING = RootCause(
    "admin_consent_missing",
    "Petra's app is not in the tenant: its Global Administrator's consent did not reach it, or "
    "the app was removed there since.",
    "Add the tenant individually again and have its Global Administrator accept.",
    "consent",
)
ADMIN_CONSENT_INCOMPLETE = RootCause(
    "admin_consent_incomplete",
    "The admin consent did not grant every application permission the product needs.",
    "Add the tenant individually again and have its Global Administrator accept every permission.",
    "consent",
)


@dataclass
class TenantWork:
    """What one tenant's steps share: the partner's clients (None for a tenant added
    individually, read with the app's own token only), the app's, and what was read."""

    clients: PartnerClients | None
    app_graph: GraphClient
    app_tokens: AppTokens
    client_id: str
    tenant_id: str
    product: Product
    found: dict[str, ServicePrincipal] = field(default_factory=dict)

    @property
    def graph(self) -> GraphClient:
        return self.clients.graph if self.clients is not None else self.app_graph

    @property
    def partner(self) -> PartnerClients:
        if self.clients is None:
            raise RuntimeError("This step needs the partner's sign-in (GDAP).")
        return self.clients


async def consent(work: TenantWork) -> str:
    """Partner Center creates the app's service principal and its delegated grants."""
    grants = [
        ApplicationGrant(
            enterprise_application_id=resource, scopes=work.product.delegated_for(resource)
        )
        for resource in dict.fromkeys(p.resource_app_id for p in work.product.delegated)
    ]
    try:
        outcome = await work.partner.partner_center.create_application_consent(
            work.tenant_id, work.client_id, grants, display_name=APP_DISPLAY_NAME
        )
    except RequestError as exc:
        if exc.status == 403:
            await _refused_consent(work, exc)
        raise
    # The partner's tokens for this tenant were issued before the consent.
    work.partner.tokens.invalidate(work.tenant_id)
    if outcome is ConsentOutcome.already_exists:
        return "Petra's app was already consented in the tenant."
    return "Partner Center consented Petra's app in the tenant."


async def _refused_consent(work: TenantWork, exc: RequestError) -> None:
    """Partner Center answers a consent 403 alike for an account outside AdminAgents and for
    GDAP without a consent-capable role: one look at the account's groups tells the first
    (which stops every tenant) from the second (this tenant's relationship)."""
    try:
        groups = await work.partner.graph.my_groups()
    except MicrosoftError:
        return
    cause = CONSENT_GDAP_MISSING if ADMIN_AGENTS in groups.values() else NOT_ADMIN_AGENT
    raise RequestError(
        cause.summary, service="partner_center", status=403, code=exc.code, root_cause=cause
    ) from exc


def failure(cause: RootCause, *, service: Service, status: int) -> RequestError:
    """A step's failure that is its root cause, labelled and worded by it."""
    return RequestError(
        cause.summary, service=service, status=status, code=cause.label, root_cause=cause
    )


def sp_wait(attempt: int, waited: float = 0.0) -> float:
    """The wait after the `attempt`-th look found no app, `waited` seconds after the first.

    The schedule counts from the first look, so the time each look takes (a token refused
    while the app propagates, the deferral's pickup) does not push every later look back.
    """
    due = sum(SP_WAITS[: min(len(SP_WAITS), max(1, attempt))])
    return max(SP_MIN_WAIT, due - waited)


async def app_service_principal(
    work: TenantWork, attempt: int | None = None, waited: float = 0.0
) -> ServicePrincipal:
    """The app's service principal; while it has not appeared yet, wait for it (deferred):
    `attempt` is the look's number and `waited` the seconds since the first.

    Without `attempt`, the app was seen in the tenant earlier in this onboarding: gone now, it
    was removed there (by the client's admin), which no wait brings back.
    """
    if (hit := work.found.get(work.client_id)) is not None:
        return hit
    try:
        sp = await work.graph.service_principal(work.tenant_id, work.client_id)
    except RequestError as exc:
        # Until the app appears, the partner's token for the tenant is refused for it.
        if exc.root_cause not in (APP_NOT_AUTHORIZED, CONSENT_MISSING):
            raise
        sp = None
    if sp is None:
        if attempt is None:
            raise failure(APP_REMOVED, service="graph", status=404)
        if attempt >= SP_LOOKUPS:
            raise failure(SP_NOT_FOUND, service="graph", status=404)
        raise TransientError(
            "Waiting for Petra's app to appear in the tenant.",
            service="graph",
            status=None,
            code="service_principal_pending",
            retry_after=sp_wait(attempt, waited),
        )
    work.found[work.client_id] = sp
    return sp


async def resource_service_principal(work: TenantWork, app_id: str) -> ServicePrincipal:
    if (hit := work.found.get(app_id)) is not None:
        return hit
    sp = await work.graph.service_principal(work.tenant_id, app_id)
    if sp is None:
        sp = await work.graph.create_service_principal(work.tenant_id, app_id)
    work.found[app_id] = sp
    return sp


async def resource_service_principals(work: TenantWork) -> str:
    """Microsoft's APIs the product uses need a service principal in the tenant to be granted."""
    created = []
    for app_id in work.product.resources:
        if app_id in work.found:
            continue
        sp = await work.graph.service_principal(work.tenant_id, app_id)
        if sp is None:
            sp = await work.graph.create_service_principal(work.tenant_id, app_id)
            created.append(RESOURCE_NAMES.get(app_id, app_id))
        work.found[app_id] = sp
    if created:
        return f"Created the service principal of {', '.join(created)}."
    return "Every API Petra uses is present in the tenant."


async def app_roles(work: TenantWork, permissions: list[AppPermission]) -> list[str]:
    """Assign the application permissions the app lacks; returns the names it assigned."""
    app = await app_service_principal(work)
    held = {
        (a.resource_id, a.app_role_id.lower())
        for a in await work.graph.app_role_assignments(work.tenant_id, app.id)
    }
    assigned = []
    for permission in permissions:
        resource = await resource_service_principal(work, permission.resource_app_id)
        if (resource.id, permission.app_role_id) in held:
            continue
        await work.graph.grant_app_role(
            work.tenant_id,
            resource_sp_id=resource.id,
            principal_id=app.id,
            app_role_id=permission.app_role_id,
        )
        assigned.append(permission.name)
    return assigned


async def application_permissions(work: TenantWork) -> str:
    permissions = [p for p in work.product.application if p.resource_app_id != EXCHANGE_ONLINE]
    assigned = await app_roles(work, permissions)
    if assigned:
        return f"Granted {', '.join(assigned)}."
    return "Every application permission was already granted."


async def delegated_grants(work: TenantWork) -> str:
    """One AllPrincipals grant per API, created or extended (PATCH with the whole scope)."""
    app = await app_service_principal(work)
    grants = await work.graph.oauth2_permission_grants(work.tenant_id, app.id)
    changed = []
    for app_id in dict.fromkeys(p.resource_app_id for p in work.product.delegated):
        wanted = work.product.delegated_for(app_id)
        resource = await resource_service_principal(work, app_id)
        grant = next(
            (
                g
                for g in grants
                if g.resource_id == resource.id and g.consent_type == "AllPrincipals"
            ),
            None,
        )
        if grant is None:
            await work.graph.create_oauth2_permission_grant(
                work.tenant_id, client_id=app.id, resource_id=resource.id, scopes=wanted
            )
            changed.append(RESOURCE_NAMES.get(app_id, app_id))
        elif missing := [s for s in wanted if s not in grant.scopes]:
            await work.graph.update_oauth2_permission_grant(
                work.tenant_id, grant.id, scopes=[*grant.scopes, *missing]
            )
            changed.append(RESOURCE_NAMES.get(app_id, app_id))
    if changed:
        work.partner.tokens.invalidate(work.tenant_id)
        return f"Granted delegated permissions on {', '.join(changed)}."
    return "Every delegated permission was already granted."


async def verify(work: TenantWork) -> str:
    """A call with the app's own token proves the tenant answers Petra, not only the partner."""
    # A token cached before the last grants would lack their roles.
    work.app_tokens.invalidate(work.tenant_id)
    organization = await work.app_graph.organization(work.tenant_id)
    return f"Petra's app reads {organization.display_name or work.tenant_id} with its own token."


async def consented_app(work: TenantWork, attempt: int = 1) -> ServicePrincipal:
    """Added individually: the app's service principal, read with the app's own token.

    Until the admin consent reaches the tenant Microsoft refuses the app a token there
    (AADSTS700016, "the application has not been installed by the administrator of the
    tenant"): looked for again with growing waits, then a labelled failure.
    """
    try:
        return await app_service_principal(work, attempt)
    except RequestError as exc:
        if exc.root_cause is not APP_NOT_FOUND:
            raise
    if attempt >= SP_LOOKUPS:
        raise failure(ADMIN_CONSENT_MISSING, service="identity", status=400)
    raise TransientError(
        "Waiting for the admin consent to reach the tenant.",
        service="identity",
        status=None,
        code="admin_consent_pending",
        retry_after=sp_wait(attempt),
    )


async def missing_app_roles(work: TenantWork, permissions: list[AppPermission]) -> list[str]:
    """The permissions the app does not hold, read only (the app's token cannot grant)."""
    app = await consented_app(work)
    held = {
        (a.resource_id, a.app_role_id.lower())
        for a in await work.graph.app_role_assignments(work.tenant_id, app.id)
    }
    missing = []
    for permission in permissions:
        resource = work.found.get(permission.resource_app_id)
        if resource is None:
            resource = await work.graph.service_principal(
                work.tenant_id, permission.resource_app_id
            )
        if resource is None or (resource.id, permission.app_role_id) not in held:
            missing.append(permission.name)
            continue
        work.found[permission.resource_app_id] = resource
    return missing


async def consented_permissions(work: TenantWork) -> str:
    """Added individually: the admin consent granted every application permission the product
    reads with (Exchange's is Email Perms' business)."""
    permissions = [p for p in work.product.application if p.resource_app_id != EXCHANGE_ONLINE]
    missing = await missing_app_roles(work, permissions)
    if missing:
        message = f"{ADMIN_CONSENT_INCOMPLETE.summary} Missing: {', '.join(missing)}."
        raise RequestError(
            message,
            service="graph",
            status=None,
            code=ADMIN_CONSENT_INCOMPLETE.label,
            root_cause=RootCause(
                ADMIN_CONSENT_INCOMPLETE.label,
                message,
                ADMIN_CONSENT_INCOMPLETE.action,
                ADMIN_CONSENT_INCOMPLETE.layer,
            ),
        )
    return "The admin consent granted " + ", ".join(p.name for p in permissions) + "."
