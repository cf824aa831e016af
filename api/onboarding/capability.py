"""Onboarding as a capability on the operations engine: one tenant, a few steps.

Steps run in order and each is written to the tenant's record as it starts and ends; a retry
of the operation (or a new onboarding after a failed one) starts at the first step not done.
Waiting for the app to appear after the consent ends the job and comes back later through the
engine's deferral: no worker sleeps.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from api.microsoft.errors import MicrosoftError, RequestError, TransientError
from api.microsoft.graph_models import Organization
from api.microsoft.root_causes import NOT_ADMIN_AGENT, RootCause, known_causes
from api.microsoft.transport import RetryPolicy
from api.onboarding import steps
from api.onboarding.access import APP_REMOVED
from api.onboarding.email import NOT_NEEDED, EmailState, fix_email, read_individual_email
from api.onboarding.handle import Handle, StartedWithTenants, app_only_handle, open_handle
from api.onboarding.journal import Journal
from api.onboarding.models import StepState
from api.onboarding.products import Product, product
from api.onboarding.records import abort_records, close_records, tenants_of
from api.operations.capability import Abort, Breaker, Done, OperationHead, Outcomes
from api.operations.models import OperationKind
from api.partner_center.problems import cause_record, record_problem
from api.partner_center.tokens import mark_needs_reauth
from api.resources import Resources
from api.tenants.models import EmailPermissions, GdapState, ManagedTenant, PetraStatus
from api.tenants.sync import (
    PARTNER_LEVEL,
    PARTNER_SIGN_IN_REQUIRED,
    not_admin_agent,
    sign_in_lost,
)

# Checked again on every run, even after they passed once.
ALWAYS = ("preflight", "verify", "monitoring")
NO_RELATIONSHIP = (
    "There is no active GDAP relationship with this tenant. Send the client a GDAP request "
    "that includes Application Administrator (or Cloud Application Administrator), assign it "
    "to a security group the connected account belongs to, then onboard again."
)


def _preflight_failed(reason: str) -> RequestError:
    cause = RootCause(
        "gdap_not_ready", "GDAP is not Ready for the connected account.", reason, "gdap"
    )
    return RequestError(
        reason, service="graph", status=None, code="gdap_not_ready", root_cause=cause
    )


@dataclass
class Run:
    """One tenant's onboarding as it goes."""

    handle: Handle
    head: OperationHead
    work: steps.TenantWork
    journal: Journal
    email: EmailState = field(default_factory=lambda: EmailState(EmailPermissions.unknown))
    # Added individually: the tenant's name and domain as the app's own token reads them.
    organization: Organization | None = None

    @property
    def individual(self) -> bool:
        return bool(self.head.params.get("individual"))

    async def preflight(self) -> tuple[StepState, str]:
        async with self.handle.resources.sessionmaker() as db:
            found = await tenants_of(db, self.head.organization_id, [self.work.tenant_id])
        tenant: ManagedTenant | None = found.get(self.work.tenant_id)
        if tenant is None or tenant.gdap_state is GdapState.none:
            raise _preflight_failed(NO_RELATIONSHIP)
        if tenant.gdap_state is not GdapState.ready:
            raise _preflight_failed(tenant.gdap_missing_reason or NO_RELATIONSHIP)
        return StepState.done, f"GDAP is Ready; {self.work.product.title} may be onboarded."

    async def admin_consent(self) -> tuple[StepState, str]:
        async with self.handle.resources.sessionmaker() as db:
            found = await tenants_of(db, self.head.organization_id, [self.work.tenant_id])
        tenant = found.get(self.work.tenant_id)
        if tenant is None or not tenant.added_individually:
            raise _preflight_failed(NO_RELATIONSHIP)
        return (
            StepState.done,
            "Added individually: the tenant's Global Administrator consented to Petra's app; "
            "no GDAP relationship is needed.",
        )

    async def consented_app(self) -> tuple[StepState, str]:
        attempt = self.journal.tries_in_a_row("service_principal")
        sp = await steps.consented_app(self.work, attempt)
        return StepState.done, f"Petra's app is in the tenant (service principal {sp.id})."

    async def consented_permissions(self) -> tuple[StepState, str]:
        return StepState.done, await steps.consented_permissions(self.work)

    async def individual_email(self) -> tuple[StepState, str]:
        if not self.work.product.email:
            self.email = EmailState(EmailPermissions.unknown, NOT_NEEDED)
            return StepState.done, NOT_NEEDED
        self.email = await read_individual_email(self.work)
        ok = self.email.value is EmailPermissions.ok
        return (StepState.done if ok else StepState.needs_fix), self.email.message

    async def individual_verify(self) -> tuple[StepState, str]:
        self.work.app_tokens.invalidate(self.work.tenant_id)
        self.organization = await self.work.app_graph.organization(self.work.tenant_id)
        name = self.organization.display_name or self.work.tenant_id
        return StepState.done, f"Petra's app reads {name} with its own token."

    async def consent(self) -> tuple[StepState, str]:
        return StepState.done, await steps.consent(self.work)

    async def service_principal(self) -> tuple[StepState, str]:
        attempt = self.journal.tries_in_a_row("service_principal")
        waited = self.journal.since_first_try("service_principal")
        sp = await steps.app_service_principal(self.work, attempt, waited)
        return StepState.done, f"Petra's app is in the tenant (service principal {sp.id})."

    async def resource_service_principals(self) -> tuple[StepState, str]:
        return StepState.done, await steps.resource_service_principals(self.work)

    async def application_permissions(self) -> tuple[StepState, str]:
        return StepState.done, await steps.application_permissions(self.work)

    async def delegated_grants(self) -> tuple[StepState, str]:
        return StepState.done, await steps.delegated_grants(self.work)

    async def email_permissions(self) -> tuple[StepState, str]:
        if not self.work.product.email:
            self.email = EmailState(EmailPermissions.unknown, NOT_NEEDED)
            return StepState.done, NOT_NEEDED
        self.email = await fix_email(self.work)
        ok = self.email.value is EmailPermissions.ok
        return (StepState.done if ok else StepState.needs_fix), self.email.message

    async def verify(self) -> tuple[StepState, str]:
        return StepState.done, await steps.verify(self.work)

    async def monitoring(self) -> tuple[StepState, str]:
        return StepState.done, "Petra Status is Monitoring."

    def plan(self) -> list[tuple[str, Callable[[], Awaitable[tuple[StepState, str]]]]]:
        if self.individual:
            # The client's admin consent did what Partner Center's consent and the grants do
            # in a GDAP onboarding: the same checks, read with the app's own token.
            return [
                ("admin_consent", self.admin_consent),
                ("service_principal", self.consented_app),
                ("application_permissions", self.consented_permissions),
                ("email_permissions", self.individual_email),
                ("verify", self.individual_verify),
                ("monitoring", self.monitoring),
            ]
        return [
            ("preflight", self.preflight),
            ("consent", self.consent),
            ("service_principal", self.service_principal),
            ("resource_service_principals", self.resource_service_principals),
            ("application_permissions", self.application_permissions),
            ("delegated_grants", self.delegated_grants),
            ("email_permissions", self.email_permissions),
            ("verify", self.verify),
            ("monitoring", self.monitoring),
        ]

    async def step(self, name: str, run: Callable[[], Awaitable[tuple[StepState, str]]]) -> None:
        journal = self.journal
        await journal.start(name)
        try:
            state, message = await run()
        except TransientError as exc:
            await journal.end(name, StepState.waiting, exc.message, root_cause=exc.root_cause.label)
            raise
        except MicrosoftError as exc:
            cause = exc.root_cause
            if cause.label == APP_REMOVED.label:
                # Its removal took the app's roles and grants with it: the next run consents
                # again and grants everything again (each step still reads before it writes).
                journal.reopen(*(step for step, _ in self.plan()))
            await journal.end(name, StepState.failed, cause.explanation, root_cause=cause.label)
            raise
        except Abort as abort:
            await journal.end(name, StepState.failed, abort.message, root_cause=abort.root_cause)
            raise
        # Saved with the next step's start, or by the caller after the last step.
        await journal.end(name, state, message, save=False)


@dataclass(frozen=True)
class Onboarded:
    product: str
    email: EmailState
    organization: Organization | None = None


class TenantOnboarding(StartedWithTenants):
    """The engine's hooks for onboarding one tenant to a product."""

    kind = OperationKind.onboard
    # Waits for the app to appear are counted by the step; these cover Microsoft's throttling.
    retry = RetryPolicy(max_attempts=steps.SP_LOOKUPS + 4, backoff_base=2.0, backoff_cap=60.0)
    # A batch pauses when most of its last tenants failed (one tenant never reaches the window).
    breaker: Breaker | None = Breaker()

    async def run_item(self, handle: Handle, operation: OperationHead, tenant_id: str) -> Done:
        chosen: Product = product(str(operation.params["product"]))
        journal = await Journal.load(handle.resources, operation.id, tenant_id)
        if journal is None:
            raise _preflight_failed("The onboarding's record is gone; onboard again.")
        individual = bool(operation.params.get("individual"))
        run = Run(handle, operation, handle.work(tenant_id, chosen, app_only=individual), journal)
        # A look for the app deferred moments ago goes on from there: the preflight passed in
        # this run, and reading the tenant again before every look would only slow the looks.
        looking = (
            not individual
            and journal.state("preflight") is StepState.done
            and journal.state("service_principal") is StepState.waiting
        )
        try:
            for name, call in run.plan():
                if name not in ALWAYS and journal.state(name) is StepState.done:
                    continue
                if name == "preflight" and looking:
                    continue
                await run.step(name, call)
            await journal.flush()
        except RequestError as exc:
            if exc.root_cause is NOT_ADMIN_AGENT:
                # The account, not this tenant: every other tenant would be refused alike.
                raise not_admin_agent(exc) from exc
            if exc.root_cause.layer == "partner_sign_in":
                raise sign_in_lost(exc) from exc
            raise
        message = f"Onboarded to {chosen.title}; Petra Status is Monitoring."
        if run.email.value is EmailPermissions.needs_fix:
            message += " Email Perms need a fix."
        return Done(message, Onboarded(chosen.name.value, run.email, run.organization))

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        tenants = await tenants_of(db, operation.organization_id, list(outcomes.done))
        for tenant_id, done in outcomes.done.items():
            result: Onboarded = done.data
            tenant = tenants.get(tenant_id)
            if tenant is None:
                continue
            tenant.status = PetraStatus.monitoring
            tenant.access_lost_reason = None
            tenant.access_lost_root_cause = None
            tenant.access_lost_at = None
            tenant.product = result.product
            tenant.email_permissions = result.email.value
            tenant.email_permissions_note = result.email.note
            if (found := result.organization) is not None:
                tenant.display_name = (found.display_name or tenant.display_name)[:256]
                tenant.default_domain = found.default_domain or tenant.default_domain
        await close_records(db, operation, outcomes)

    async def open(self, resources: Resources, operation: OperationHead) -> Handle:
        if operation.params.get("individual"):
            return app_only_handle(resources)
        return await open_handle(resources, operation.organization_id)

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Abort) -> None:
        await abort_records(db, operation, f"{abort.message} {abort.action}".strip())
        if abort.code in PARTNER_LEVEL and (cause := known_causes().get(abort.root_cause)):
            # The Partner Center page shows it, as after a sync that met it.
            record = cause_record(cause, code=abort.microsoft_code, message=abort.message)
            await record_problem(db, operation.organization_id, record)
        if abort.code == PARTNER_SIGN_IN_REQUIRED:
            await mark_needs_reauth(
                db, operation.organization_id, reason=abort.message, root_cause=abort.root_cause
            )
