"""Adding a tenant individually: its Global Administrator consents to Petra's app directly.

Start: a one-time `state` bound to the organization and the member who asked, and the Microsoft
identity platform's v2.0 admin consent URL asking for the product's application permissions
(learn.microsoft.com/entra/identity-platform/v2-admin-consent). Finish: the state is spent
whatever happens next; Microsoft's answer is read (`admin_consent`, `tenant`, or `error` and
`error_description`); the tenant is recorded as added individually and the onboarding's checks
run on the operations engine with the app's own token. Microsoft warns that the `tenant` of the
answer can be forged: it is only trusted once the app's own token reads that tenant.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.errors import Conflict
from api.onboarding.products import PRODUCTS, ProductName
from api.onboarding.service import start_onboarding
from api.operations.models import Operation
from api.partner_center.clients import identity_client
from api.partner_center.models import OAuthPurpose, OAuthState
from api.permissions import Principal
from api.queue import JobQueue
from api.security import digest, new_token
from api.settings import Settings
from api.tenants.models import GdapState, ManagedTenant, PetraStatus

CALLBACK_PATH = "/api/v1/tenants/individual/callback"
# How long the client's admin has to accept: a colleague may have to be found.
STATE_LIFETIME = timedelta(minutes=30)
RETURN_TO = "portal"


def redirect_uri(settings: Settings) -> str:
    return settings.public_base_url.rstrip("/") + CALLBACK_PATH


@dataclass(frozen=True)
class Started:
    url: str
    expires_in: int


async def start(
    db: AsyncSession,
    principal: Principal,
    *,
    settings: Settings,
    http: httpx.AsyncClient,
    name: ProductName,
) -> Started:
    """A one-time state and the admin consent URL for the product's permissions."""
    assert principal.member_id is not None
    assert principal.session_token_hash is not None
    state = new_token()
    db.add(
        OAuthState(
            state_hash=digest(state),
            organization_id=principal.organization_id,
            member_id=principal.member_id,
            session_token_hash=principal.session_token_hash,
            code_verifier_sealed=None,
            purpose=OAuthPurpose.individual,
            return_to=RETURN_TO,
            product=name.value,
            expires_at=utcnow() + STATE_LIFETIME,
        )
    )
    await db.flush()
    url = identity_client(http, settings).admin_consent_url(
        redirect_uri=redirect_uri(settings),
        state=state,
        scopes=PRODUCTS[name].admin_consent_scopes,
    )
    return Started(url, int(STATE_LIFETIME.total_seconds()))


@dataclass
class Outcome:
    """How the admin consent ended: `result` on success, `error` when nothing was added."""

    result: str | None = None
    error: str | None = None
    message: str = ""
    tenant_id: str | None = None
    product: str | None = None
    operation_id: uuid.UUID | None = None


class Refused(Exception):
    def __init__(self, code: str, message: str, tenant_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.tenant_id = tenant_id


async def _spend(db: AsyncSession, state: str | None, principal: Principal) -> OAuthState:
    """The state must be this organization's and this member's, unused, unexpired."""
    if not state:
        raise Refused("state_missing", "Microsoft's answer carried no state. Start again.")
    row = (
        await db.execute(
            select(OAuthState).where(OAuthState.state_hash == digest(state)).with_for_update()
        )
    ).scalar_one_or_none()
    if (
        row is None
        or row.organization_id != principal.organization_id
        or row.purpose is not OAuthPurpose.individual
    ):
        raise Refused("state_unknown", "This consent was not started here. Start again.")
    if row.member_id != principal.member_id:
        raise Refused(
            "state_foreign_user", "This consent was started by another member. Start again."
        )
    if row.used_at is not None:
        raise Refused("state_reused", "This consent answer was already used. Start again.")
    row.used_at = utcnow()
    if row.expires_at <= utcnow():
        raise Refused(
            "state_expired",
            f"The consent took longer than {int(STATE_LIFETIME.total_seconds() // 60)} minutes. "
            "Start again.",
        )
    return row


def _declined(error: str, description: str | None) -> Refused:
    text = description or ""
    if "AADSTS90094" in text:
        return Refused(
            "admin_required",
            "The account that signed in is not an administrator of its tenant. Sign in as the "
            "client's Global Administrator.",
        )
    # The v2.0 endpoint answers a declined consent with consent_required (AADSTS65004); the
    # consent page's Cancel with access_denied.
    if error in ("access_denied", "consent_required") or "AADSTS65004" in text:
        return Refused(
            "consent_declined",
            "The client's administrator declined the consent: nothing was added.",
        )
    return Refused(
        "consent_failed",
        f"Microsoft answered the consent with '{error[:60]}': nothing was added.",
    )


def _tenant_id(raw: str | None) -> str:
    try:
        return str(uuid.UUID(raw or ""))
    except ValueError as exc:
        raise Refused(
            "consent_failed", "Microsoft's answer named no tenant: nothing was added."
        ) from exc


@dataclass(frozen=True)
class ConsentAnswer:
    """What Microsoft's redirect carries back from the admin consent."""

    state: str | None
    admin_consent: str | None
    tenant: str | None
    error: str | None
    error_description: str | None


async def finish(
    db: AsyncSession, queue: JobQueue, principal: Principal, answer: ConsentAnswer
) -> Outcome:
    """The consent's outcome; a refusal sets `error` instead of raising, and changes nothing
    but the spent state."""
    try:
        return await _finish(db, queue, principal, answer)
    except Refused as refused:
        return Outcome(error=refused.code, message=refused.message, tenant_id=refused.tenant_id)


async def _finish(
    db: AsyncSession, queue: JobQueue, principal: Principal, answer: ConsentAnswer
) -> Outcome:
    row = await _spend(db, answer.state, principal)
    # The error response carries admin_consent=True as well: the error decides.
    if answer.error:
        raise _declined(answer.error, answer.error_description)
    if (answer.admin_consent or "").lower() != "true":
        raise Refused("consent_failed", "Microsoft did not confirm the consent: nothing was added.")
    tenant_id = _tenant_id(answer.tenant)
    name = ProductName(row.product or ProductName.active.value)
    found = (
        await db.execute(
            select(ManagedTenant)
            .where(
                ManagedTenant.organization_id == principal.organization_id,
                ManagedTenant.tenant_id == tenant_id,
            )
            .with_for_update()
        )
    ).scalar_one_or_none()
    outcome = Outcome(tenant_id=tenant_id, product=name.value)
    if found is not None:
        label = found.display_name or tenant_id
        waiting = found.status in (
            PetraStatus.not_protected,
            PetraStatus.previously_deleted,
            PetraStatus.access_lost,
        )
        if not found.added_individually or not waiting:
            outcome.result = "already_present"
            outcome.message = f"{label} is already in your tenants: nothing was added."
            return outcome
        # Added individually before and not monitored: the new consent is checked again.
        operation = await _verify(db, queue, principal, tenant_id, name)
        outcome.result, outcome.operation_id = "reconsented", operation.id
        outcome.message = f"{label} consented again; Petra is checking its access."
        return outcome
    db.add(
        ManagedTenant(
            organization_id=principal.organization_id,
            tenant_id=tenant_id,
            display_name="",
            gdap_state=GdapState.not_applicable,
            active=True,
            added_individually=True,
            added_individually_at=utcnow(),
        )
    )
    await db.flush()
    operation = await _verify(db, queue, principal, tenant_id, name)
    outcome.result, outcome.operation_id = "added", operation.id
    outcome.message = "The tenant was added; Petra is checking its access."
    return outcome


async def _verify(
    db: AsyncSession, queue: JobQueue, principal: Principal, tenant_id: str, name: ProductName
) -> Operation:
    """The onboarding's checks, with the app's own token, on the operations engine."""
    try:
        operation, _ = await start_onboarding(db, queue, principal, tenant_id, name)
    except Conflict as exc:
        raise Refused("onboarding_busy", exc.detail, tenant_id) from exc
    return operation
