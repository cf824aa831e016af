"""Petra Scan on the operations engine: one item per tenant, the checks run with the app's token.

A batch started with Onboard & Scan names, per tenant, the onboarding operation started for it;
the tenant's scan waits (deferred through the engine, no worker sleeps) until that onboarding
ends, then scans or fails with the onboarding's reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.microsoft.app_tokens import AppTokens
from api.microsoft.errors import RequestError, TransientError, graph_error
from api.microsoft.graph import GraphClient
from api.microsoft.root_causes import RootCause
from api.microsoft.settings import MicrosoftEndpoints
from api.microsoft.transport import RetryPolicy, send
from api.onboarding.products import ProductName
from api.operations.capability import Abort, Breaker, Done, ItemSpec, OperationHead, Outcomes
from api.operations.models import Operation, OperationKind, OperationState
from api.partner_center.clients import identity_client
from api.resources import Resources
from api.scans.checks import CATALOG_VERSION, CHECKS, Reads, run_check
from api.scans.models import TenantScan
from api.tenants.models import ManagedTenant, PetraStatus

MANAGEMENT_SCOPE = "https://manage.office.com/.default"
# How long a tenant's scan waits between looks at its onboarding.
ONBOARDING_POLL = 5.0
# Tenants scanned at once per worker process, at most (and never more than SYNC_CONCURRENCY).
CONCURRENCY = 10


def _not_scannable(summary: str, action: str) -> RequestError:
    cause = RootCause("not_scannable", summary, action, "consent")
    return RequestError(
        summary, service="graph", status=None, code="not_scannable", root_cause=cause
    )


@dataclass(frozen=True)
class ScanHandle:
    resources: Resources
    graph: GraphClient
    tokens: AppTokens
    http: httpx.AsyncClient
    management_url: str
    client_id: str


def _app_clients(resources: Resources) -> tuple[GraphClient, AppTokens]:
    cache: dict[str, tuple[GraphClient, AppTokens]] = resources.cache("scan_app_clients")
    client_id = resources.settings.ms_client_id
    if client_id not in cache:
        tokens = AppTokens(identity_client(resources.http, resources.settings))
        endpoints = MicrosoftEndpoints.from_settings(resources.settings)
        cache[client_id] = (GraphClient(resources.http, endpoints, tokens), tokens)
    return cache[client_id]


@dataclass(frozen=True)
class Scanned:
    summary: dict[str, dict[str, int]]
    findings: list[dict[str, object]]


def summarize(findings: list[dict[str, object]]) -> dict[str, dict[str, int]]:
    by_status: dict[str, int] = {"pass": 0, "fail": 0, "error": 0, "not_applicable": 0}
    by_severity: dict[str, int] = {"critical": 0, "high": 0, "medium": 0, "low": 0}
    for finding in findings:
        by_status[str(finding["status"])] += 1
        if finding["status"] == "fail":
            by_severity[str(finding["severity"])] += 1
    return {"status": by_status, "failed_by_severity": by_severity}


class TenantScanning:
    """The engine's hooks for scanning tenants."""

    kind = OperationKind.scan
    # Throttling, and the wait for a tenant's onboarding (ONBOARDING_POLL apart).
    retry = RetryPolicy(max_attempts=60, backoff_base=2.0, backoff_cap=60.0)
    breaker: Breaker | None = Breaker()

    def batch_size(self, resources: Resources) -> int:
        return min(10, resources.settings.sync_batch_size)

    def concurrency(self, resources: Resources) -> int:
        return min(CONCURRENCY, resources.settings.sync_concurrency)

    async def plan(self, resources: Resources, operation: OperationHead) -> list[ItemSpec]:
        # Started with its tenants: the server chose them.
        return []

    async def apply_plan(
        self, db: AsyncSession, operation: OperationHead, plan: list[ItemSpec]
    ) -> list[ItemSpec]:
        return plan

    async def open(self, resources: Resources, operation: OperationHead) -> ScanHandle:
        graph, tokens = _app_clients(resources)
        return ScanHandle(
            resources,
            graph,
            tokens,
            resources.http,
            resources.settings.ms_management_url.rstrip("/"),
            resources.settings.ms_client_id,
        )

    async def _ready(self, handle: ScanHandle, operation: OperationHead, tenant_id: str) -> None:
        waiting = dict(operation.params.get("onboarding", {}))
        async with handle.resources.sessionmaker() as db:
            tenant = (
                await db.execute(
                    select(ManagedTenant).where(
                        ManagedTenant.organization_id == operation.organization_id,
                        ManagedTenant.tenant_id == tenant_id,
                    )
                )
            ).scalar_one_or_none()
            onboarding = (
                await db.get(Operation, uuid.UUID(str(waiting[tenant_id])))
                if tenant_id in waiting
                else None
            )
        if onboarding is not None and not onboarding.state.finished:
            raise TransientError(
                "Waiting for the tenant's onboarding to Petra Scan.",
                retry_after=ONBOARDING_POLL,
                service="graph",
                status=None,
                code="waiting_for_onboarding",
            )
        if tenant is None:
            raise _not_scannable("The tenant is no longer managed.", "Sync the tenants again.")
        if tenant.status is not PetraStatus.monitoring or tenant.product != ProductName.scan:
            if onboarding is not None and onboarding.state is not OperationState.succeeded:
                reason = onboarding.error_message or onboarding.state.value
                raise _not_scannable(
                    f"Onboarding to Petra Scan did not finish ({reason}).",
                    "Open the tenant's onboarding, fix what it says, and scan again.",
                )
            raise _not_scannable(
                "The tenant is not onboarded to Petra Scan.",
                "Onboard it to Petra Scan (or use Onboard & Scan), then scan again.",
            )

    async def run_item(self, handle: ScanHandle, operation: OperationHead, tenant_id: str) -> Done:
        await self._ready(handle, operation, tenant_id)
        # A fresh token: it carries the permissions the tenant grants the app right now.
        handle.tokens.invalidate(tenant_id)

        async def audit() -> None:
            token = await handle.tokens.access_token(tenant_id, MANAGEMENT_SCOPE)
            await send(
                handle.http,
                "GET",
                f"{handle.management_url}/api/v1.0/{tenant_id}/activity/feed/subscriptions/list",
                service="graph",
                parse_error=graph_error,
                headers={"Authorization": f"Bearer {token}"},
            )

        reads = Reads(handle.graph, tenant_id, handle.client_id, audit, datetime.now(UTC))
        await reads.fetch()
        findings = [(await run_check(check, reads)).as_json() for check in CHECKS]
        summary = summarize(findings)
        status = summary["status"]
        message = (
            f"{status['pass']} passed, {status['fail']} failed, {status['error']} could not run."
        )
        return Done(message, Scanned(summary, findings))

    async def record(self, db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
        if not outcomes.done:
            return
        tenants = {
            t.tenant_id: t
            for t in (
                await db.execute(
                    select(ManagedTenant).where(
                        ManagedTenant.organization_id == operation.organization_id,
                        ManagedTenant.tenant_id.in_(list(outcomes.done)),
                    )
                )
            ).scalars()
        }
        for tenant_id, done in outcomes.done.items():
            tenant = tenants.get(tenant_id)
            if tenant is None:
                continue
            result: Scanned = done.data
            db.add(
                TenantScan(
                    organization_id=operation.organization_id,
                    managed_tenant_id=tenant.id,
                    tenant_id=tenant_id,
                    display_name=tenant.display_name,
                    operation_id=operation.id,
                    catalog_version=CATALOG_VERSION,
                    summary=result.summary,
                    findings=result.findings,
                )
            )

    async def on_abort(self, db: AsyncSession, operation: OperationHead, abort: Abort) -> None:
        return None
