"""Email Perms checks and fixes, and offboarding: the other per-tenant work on Petra's app."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.microsoft.errors import RequestError
from api.microsoft.root_causes import APP_NOT_AUTHORIZED, CONSENT_MISSING
from api.microsoft.transport import RetryPolicy
from api.onboarding.access import APP_REMOVED
from api.onboarding.email import NO_APP, EmailState, fix_email, read_email
from api.onboarding.handle import Handle, StartedWithTenants
from api.onboarding.products import PRODUCTS, ProductName
from api.onboarding.records import abort_records, close_records, tenants_of
from api.operations.capability import Abort, Breaker, Done, OperationHead, Outcomes
from api.operations.models import OperationKind
from api.partner_center.tokens import mark_needs_reauth
from api.tenants.models import EmailPermissions, PetraStatus
from api.tenants.sync import PARTNER_SIGN_IN_REQUIRED, sign_in_lost

RETRY = RetryPolicy(max_attempts=6, backoff_base=2.0, backoff_cap=60.0)


class _SingleTenant(StartedWithTenants):
    """A capability started with its tenant: no plan, one tenant per batch."""

    retry = RETRY
    breaker: Breaker | None = None

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Abort) -> None:
        await abort_records(db, operation, f"{abort.message} {abort.action}".strip())
        if abort.code == PARTNER_SIGN_IN_REQUIRED:
            await mark_needs_reauth(
                db, operation.organization_id, reason=abort.message, root_cause=abort.root_cause
            )


def _sign_in(exc: RequestError) -> None:
    if exc.root_cause.layer == "partner_sign_in":
        raise sign_in_lost(exc) from exc


class EmailPermissionsCheck(_SingleTenant):
    """Read Email Perms from the tenant (`params.fix`: and grant exactly what is missing)."""

    kind = OperationKind.email_permissions

    async def run_item(self, handle: Handle, operation: OperationHead, tenant_id: str) -> Done:
        work = handle.work(tenant_id, PRODUCTS[ProductName.active])
        try:
            if operation.params.get("fix"):
                state = await fix_email(work)
            else:
                state, _ = await read_email(work)
        except RequestError as exc:
            _sign_in(exc)
            if exc.root_cause not in (APP_NOT_AUTHORIZED, CONSENT_MISSING):
                raise
            # The app is gone from the tenant: nothing to read until it is onboarded again.
            state = EmailState(EmailPermissions.unknown, NO_APP, app_missing=True)
        return Done(state.message, state)

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        tenants = await tenants_of(db, operation.organization_id, list(outcomes.done))
        for tenant_id, done in outcomes.done.items():
            state: EmailState = done.data
            if (tenant := tenants.get(tenant_id)) is None:
                continue
            tenant.email_permissions = state.value
            tenant.email_permissions_note = state.note
            if state.app_missing and tenant.status in (
                PetraStatus.monitoring,
                PetraStatus.paused,
            ):
                # Nothing is monitored without the app: the tenant shows why until it is
                # onboarded again (Reconsent).
                tenant.status = PetraStatus.access_lost
                tenant.access_lost_reason = APP_REMOVED.explanation
                tenant.access_lost_root_cause = APP_REMOVED.label
                tenant.access_lost_at = utcnow()
        await close_records(db, operation, outcomes)


@dataclass(frozen=True)
class Removed:
    consent_removed: bool


async def _remove_service_principal(handle: Handle, tenant_id: str) -> None:
    """Where the consent's removal left the app's service principal, delete it too."""
    graph = handle.partner.graph
    try:
        sp = await graph.service_principal(tenant_id, handle.client_id)
    except RequestError as exc:
        _sign_in(exc)
        # The partner's token is refused for an app that is not in the tenant: it is gone.
        if exc.root_cause in (APP_NOT_AUTHORIZED, CONSENT_MISSING):
            return
        raise
    if sp is not None:
        await graph.delete_service_principal(tenant_id, sp.id)
        handle.partner.tokens.invalidate(tenant_id)


class Offboarding(_SingleTenant):
    """Remove Petra's app from the tenant through Partner Center's consent removal
    (learn.microsoft.com/partner-center/developer/control-panel-vendor-apis), which deletes
    its service principal with its grants and role assignments."""

    kind = OperationKind.offboard

    async def run_item(self, handle: Handle, operation: OperationHead, tenant_id: str) -> Done:
        try:
            removed = await handle.partner.partner_center.delete_application_consent(
                tenant_id, handle.client_id
            )
        except RequestError as exc:
            _sign_in(exc)
            raise
        handle.partner.tokens.invalidate(tenant_id)
        handle.app_tokens.invalidate(tenant_id)
        await _remove_service_principal(handle, tenant_id)
        if removed:
            return Done("Partner Center removed Petra's app from the tenant.", Removed(True))
        return Done("Petra's app was already gone from the tenant.", Removed(False))

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        tenants = await tenants_of(db, operation.organization_id, list(outcomes.done))
        for tenant in tenants.values():
            tenant.status = PetraStatus.previously_deleted
            tenant.email_permissions = EmailPermissions.unknown
            tenant.email_permissions_note = None
        await close_records(db, operation, outcomes)
