"""Starting scans, the per-organization availability of Scan, and reading results back."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, column, func, select, true
from sqlalchemy.dialects.postgresql import JSONB, distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent, Outcome
from api.errors import AppError, NotFound, Unprocessable
from api.onboarding import service as onboarding
from api.onboarding.products import ProductName
from api.operations import service as operations
from api.operations.capability import ItemSpec
from api.operations.models import Operation, OperationKind
from api.paging import csv_cell
from api.permissions import Principal
from api.queue import JobQueue
from api.scans.checks import SEVERITY_ORDER
from api.scans.models import OrganizationFeature, TenantScan
from api.tenants.models import GdapState, ManagedTenant, PetraStatus
from api.tenants.service import get_tenant, visible

SCAN = "scan"
FEATURES = (SCAN,)
HISTORY = 50
MAX_REQUESTED = 10_000


class FeatureNotEnabled(AppError):
    # Not a permission refusal (a 403 would say the caller lacks a right): the organization is
    # not in the state the request needs.
    status, code, title = 409, "scan_not_enabled", "Petra Scan is not enabled"


async def feature_enabled(db: AsyncSession, organization_id: uuid.UUID, feature: str) -> bool:
    row = await db.get(OrganizationFeature, (organization_id, feature))
    return bool(row and row.enabled)


async def set_feature(
    db: AsyncSession, organization_id: uuid.UUID, feature: str, enabled: bool
) -> None:
    """Operators only (the CLI): an organization cannot turn a feature on for itself."""
    if feature not in FEATURES:
        raise ValueError(f"unknown feature {feature!r}; expected one of {', '.join(FEATURES)}")
    db.add(
        AuditEvent(
            organization_id=organization_id,
            actor_type="operator",
            actor_label="Petra operator",
            action="organization.feature",
            target_type="organization",
            target_id=str(organization_id),
            outcome=Outcome.success,
            details={"feature": feature, "enabled": enabled},
        )
    )
    await db.execute(
        insert(OrganizationFeature)
        .values(organization_id=organization_id, feature=feature, enabled=enabled)
        .on_conflict_do_update(
            index_elements=["organization_id", "feature"], set_={"enabled": enabled}
        )
    )


async def require_scan(db: AsyncSession, principal: Principal) -> None:
    if not await feature_enabled(db, principal.organization_id, SCAN):
        raise FeatureNotEnabled(
            "Petra Scan is available on request and is not enabled for this organization. "
            "Ask Petra support to turn it on."
        )


def scannable(tenant: ManagedTenant) -> bool:
    return tenant.status is PetraStatus.monitoring and tenant.product == ProductName.scan.value


def onboardable(tenant: ManagedTenant) -> bool:
    """GDAP Ready and Petra not in the tenant. A tenant monitored with another product (Active,
    Autopsy) or paused is left as it is: onboarding it to Scan would replace its product."""
    return tenant.gdap_state is GdapState.ready and tenant.status in (
        PetraStatus.not_protected,
        PetraStatus.previously_deleted,
    )


async def start_scans(
    db: AsyncSession,
    queue: JobQueue,
    principal: Principal,
    *,
    tenant_ids: Sequence[str] | None,
    exclude: Sequence[str],
    onboard: bool,
) -> tuple[Operation, list[str]]:
    """One scan operation over every eligible tenant; with `onboard`, the Ready ones not yet
    onboarded with Scan are onboarded first (their own operations) and their scans wait."""
    await require_scan(db, principal)
    query = visible(principal).where(ManagedTenant.excluded.is_(False))
    if tenant_ids is not None:
        query = query.where(ManagedTenant.tenant_id.in_([t.lower() for t in tenant_ids]))
    skip = {t.lower() for t in exclude}
    tenants = [
        t
        for t in (await db.execute(query.order_by(ManagedTenant.display_name))).scalars()
        if t.tenant_id not in skip
    ]
    to_scan = [t for t in tenants if scannable(t)]
    to_onboard = [t for t in tenants if onboard and onboardable(t)]
    if not to_scan and not to_onboard:
        raise Unprocessable(
            "No eligible tenant: scanning needs tenants onboarded to Petra Scan (or GDAP Ready "
            "ones with Onboard & Scan) that are not excluded.",
            code="no_eligible_tenants",
        )
    waiting: dict[str, str] = {}
    for tenant in to_onboard:
        started, _ = await onboarding.start_onboarding(
            db, queue, principal, tenant.tenant_id, ProductName.scan
        )
        waiting[tenant.tenant_id] = str(started.id)
    chosen = sorted([*to_scan, *to_onboard], key=lambda t: (t.display_name, t.tenant_id))
    operation, _ = await operations.start(
        db,
        queue,
        organization_id=principal.organization_id,
        kind=OperationKind.scan,
        principal=principal,
        params={"onboarding": waiting},
        items=[ItemSpec(t.tenant_id, t.display_name) for t in chosen],
    )
    return operation, list(waiting)


async def get_scan(db: AsyncSession, principal: Principal, scan_id: uuid.UUID) -> TenantScan:
    """One of the organization's scans, while Scan is enabled for it."""
    scan = await db.get(TenantScan, scan_id)
    if scan is None or scan.organization_id != principal.organization_id:
        raise NotFound("No such scan.", code="scan_not_found")
    # A member limited to some tenants sees only their scans.
    await _tenant_of(db, principal, scan)
    await require_scan(db, principal)
    return scan


async def _tenant_of(db: AsyncSession, principal: Principal, scan: TenantScan) -> ManagedTenant:
    tenant = (
        await db.execute(visible(principal).where(ManagedTenant.id == scan.managed_tenant_id))
    ).scalar_one_or_none()
    if tenant is None:
        raise NotFound("No such scan.", code="scan_not_found")
    return tenant


async def previous_of(db: AsyncSession, scan: TenantScan) -> TenantScan | None:
    return (
        await db.execute(
            select(TenantScan)
            .where(
                TenantScan.managed_tenant_id == scan.managed_tenant_id,
                TenantScan.created_at < scan.created_at,
            )
            .order_by(TenantScan.created_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


def difference(scan: TenantScan, previous: TenantScan | None) -> dict[str, list[str]] | None:
    """Checks failing now that did not before (new), and failing before but passing now
    (resolved).

    None for a tenant's first scan: there is nothing to compare with, so nothing is new."""
    if previous is None:
        return None
    now = {f["check_id"] for f in scan.findings if f["status"] == "fail"}
    passing = {f["check_id"] for f in scan.findings if f["status"] == "pass"}
    before = {f["check_id"] for f in previous.findings if f["status"] == "fail"}
    # A check that failed and now cannot run is not resolved: nobody knows yet.
    return {"new": sorted(now - before), "resolved": sorted(before & passing)}


@dataclass(frozen=True)
class CheckTally:
    """One check over the latest scan of every tenant: how many fail, error, pass, don't apply."""

    check_id: str
    title: str
    severity: str
    failing: int
    errors: int
    passing: int
    not_applicable: int
    tenants: int


async def overview(db: AsyncSession, principal: Principal) -> tuple[int, list[CheckTally]]:
    """The checks failing most across the organization: each tenant's latest scan counts once.

    One statement: the latest scan per visible tenant (DISTINCT ON), its findings unnested, and
    a count per check and status; the tenants scanned ride along as a scalar subquery."""
    seen = visible(principal).with_only_columns(ManagedTenant.id)
    latest = (
        select(TenantScan.findings)
        .where(
            TenantScan.organization_id == principal.organization_id,
            TenantScan.managed_tenant_id.in_(seen),
        )
        .ext(distinct_on(TenantScan.managed_tenant_id))
        .order_by(TenantScan.managed_tenant_id, TenantScan.created_at.desc())
        .cte("latest")
    )
    value = (
        func.jsonb_array_elements(latest.c.findings)
        .table_valued(column("value", JSONB))
        .render_derived("element")
    ).c.value
    finding = (
        select(
            value["check_id"].astext.label("check_id"),
            value["title"].astext.label("title"),
            value["severity"].astext.label("severity"),
            value["status"].astext.label("status"),
        )
        .select_from(latest)
        .join(value.table, true())
        .subquery("finding")
    )
    status = finding.c.status
    severity = func.min(finding.c.severity)
    failing = func.count().filter(status == "fail")
    rank = case(SEVERITY_ORDER, value=severity, else_=len(SEVERITY_ORDER))
    title = func.min(finding.c.title)
    rows = await db.execute(
        select(
            finding.c.check_id,
            title,
            severity,
            failing,
            func.count().filter(status == "error"),
            func.count().filter(status == "pass"),
            func.count().filter(status == "not_applicable"),
            func.count(),
            select(func.count()).select_from(latest).scalar_subquery(),
        )
        .group_by(finding.c.check_id)
        .order_by(failing.desc(), rank, title)
    )
    tallies, tenants = [], 0
    for check_id, name, sev, fails, errors, passes, na, total, scanned in rows.all():
        tenants = int(scanned)
        tallies.append(CheckTally(check_id, name, sev, fails, errors, passes, na, total))
    return tenants, tallies


async def tenant_scans(db: AsyncSession, principal: Principal, tenant_id: str) -> list[TenantScan]:
    tenant = await get_tenant(db, principal, tenant_id)
    return list(
        (
            await db.execute(
                select(TenantScan)
                .where(TenantScan.managed_tenant_id == tenant.id)
                .order_by(TenantScan.created_at.desc())
                .limit(HISTORY)
            )
        ).scalars()
    )


async def operation_scans(
    db: AsyncSession, principal: Principal, operation_id: uuid.UUID
) -> list[TenantScan]:
    await operations.get_for(db, principal.organization_id, operation_id)
    seen = visible(principal).with_only_columns(ManagedTenant.id)
    return list(
        (
            await db.execute(
                select(TenantScan)
                .where(
                    TenantScan.operation_id == operation_id,
                    TenantScan.managed_tenant_id.in_(seen),
                )
                .order_by(TenantScan.display_name, TenantScan.tenant_id)
            )
        ).scalars()
    )


CSV_COLUMNS = (
    "tenant_id",
    "tenant",
    "scanned_at",
    "check_id",
    "check_version",
    "title",
    "severity",
    "status",
    "summary",
    "counts",
    "examples",
    "remediation",
    "link",
)


def findings_csv(scans: Sequence[TenantScan]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for scan in scans:
        for f in scan.findings:
            evidence = f.get("evidence") or {}
            writer.writerow(
                [
                    scan.tenant_id,
                    csv_cell(scan.display_name),
                    scan.created_at.isoformat(),
                    f["check_id"],
                    f["check_version"],
                    f["title"],
                    f["severity"],
                    f["status"],
                    csv_cell(f["summary"]),
                    json.dumps(evidence.get("counts", {}), sort_keys=True),
                    csv_cell(json.dumps(evidence.get("examples", []), sort_keys=True)),
                    f["remediation"],
                    f["link"],
                ]
            )
    return out.getvalue()
