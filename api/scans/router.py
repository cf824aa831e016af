from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import describe_failure, record
from api.db import DbSession
from api.deps import Queue, require
from api.openapi import problems
from api.operations.views import operation_out
from api.permissions import Action, Principal
from api.scans import report, service
from api.scans.checks import CATALOG_VERSION, CHECKS
from api.scans.models import TenantScan
from api.scans.schemas import (
    Availability,
    CheckCatalog,
    CheckOut,
    CheckTallyOut,
    DifferenceOut,
    FindingOut,
    ScanDetail,
    ScanIn,
    ScanList,
    ScanOut,
    ScanOverview,
    ScanStarted,
    SummaryOut,
)

router = APIRouter(tags=["scans"])
SCAN_ID = Annotated[uuid.UUID, Path(description="The scan's id")]
TENANT_ID = Annotated[uuid.UUID, Path(description="The Microsoft tenant id")]


async def _out(db: AsyncSession, scan: TenantScan) -> ScanOut:
    previous = await service.previous_of(db, scan)
    diff = service.difference(scan, previous)
    return ScanOut(
        id=scan.id,
        tenant_id=scan.tenant_id,
        display_name=scan.display_name,
        operation_id=scan.operation_id,
        catalog_version=scan.catalog_version,
        created_at=scan.created_at,
        summary=SummaryOut.model_validate(scan.summary),
        difference=(
            DifferenceOut(previous_scan_id=previous.id, new=diff["new"], resolved=diff["resolved"])
            if previous is not None and diff is not None
            else None
        ),
    )


@router.get(
    "/scans/availability",
    operation_id="get_scan_availability",
    summary="Whether Petra Scan is enabled for this organization (an operator turns it on)",
)
async def get_scan_availability(
    db: DbSession, principal: Principal = require(Action.tenants_read)
) -> Availability:
    enabled = await service.feature_enabled(db, principal.organization_id, service.SCAN)
    note = (
        "Petra Scan is enabled."
        if enabled
        else "Petra Scan is available on request: ask Petra support to turn it on."
    )
    return Availability(scan=enabled, note=note)


@router.get(
    "/scans/checks",
    operation_id="list_scan_checks",
    summary="The checks a scan runs, each with the Microsoft calls and permissions it needs",
    responses=problems(409),
)
async def list_scan_checks(
    db: DbSession, principal: Principal = require(Action.tenants_read)
) -> CheckCatalog:
    await service.require_scan(db, principal)
    return CheckCatalog(
        version=CATALOG_VERSION,
        checks=[
            CheckOut(
                id=c.id,
                version=c.version,
                title=c.title,
                severity=c.severity,
                calls=list(c.calls),
                permissions=list(c.permissions),
                remediation=c.remediation,
                link=c.link,
            )
            for c in CHECKS
        ],
    )


@router.post(
    "/scans",
    operation_id="start_scans",
    summary="Scan every eligible tenant (or Onboard & Scan) in one operation (runs in the "
    "background)",
    status_code=202,
    responses=problems(409, 422),
)
async def start_scans(
    body: ScanIn,
    request: Request,
    response: Response,
    db: DbSession,
    queue: Queue,
    principal: Principal = require(Action.tenants_manage),
) -> ScanStarted:
    describe_failure(request, action="scan.start", target_type="organization")
    operation, onboarding = await service.start_scans(
        db,
        queue,
        principal,
        tenant_ids=[str(t) for t in body.tenant_ids] if body.tenant_ids is not None else None,
        exclude=[str(t) for t in body.exclude],
        onboard=body.onboard,
    )
    record(
        db,
        request,
        "scan.start",
        target_type="organization",
        target_id=str(principal.organization_id),
        details={
            "operation_id": str(operation.id),
            "onboard": body.onboard,
            "tenants": operation.total,
            "onboarding": len(onboarding),
        },
    )
    response.headers["Location"] = f"/api/v1/operations/{operation.id}"
    return ScanStarted(operation=await operation_out(db, operation), onboarding=onboarding)


@router.get(
    "/scans",
    operation_id="list_operation_scans",
    summary="The scans an operation made, one per tenant, with counts and the difference",
    responses=problems(404, 409),
)
async def list_operation_scans(
    db: DbSession,
    operation_id: Annotated[uuid.UUID, Query(description="The scan operation")],
    principal: Principal = require(Action.tenants_read),
) -> ScanList:
    scans = await service.operation_scans(db, principal, operation_id)
    await service.require_scan(db, principal)
    return ScanList(items=[await _out(db, s) for s in scans])


@router.get(
    "/scans/export.csv",
    operation_id="export_operation_scans",
    summary="Download an operation's findings as CSV",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}, **problems(404, 409)},
)
async def export_operation_scans(
    db: DbSession,
    operation_id: Annotated[uuid.UUID, Query(description="The scan operation")],
    principal: Principal = require(Action.tenants_read),
) -> StreamingResponse:
    scans = await service.operation_scans(db, principal, operation_id)
    await service.require_scan(db, principal)
    return _csv(service.findings_csv(scans), f"scan-{operation_id}.csv")


@router.get(
    "/scans/overview",
    operation_id="get_scan_overview",
    summary="Which checks fail most across the organization's tenants (each tenant's latest scan)",
    responses=problems(409),
)
async def get_scan_overview(
    db: DbSession, principal: Principal = require(Action.tenants_read)
) -> ScanOverview:
    await service.require_scan(db, principal)
    tenants, tallies = await service.overview(db, principal)
    return ScanOverview(
        tenants=tenants,
        checks=[
            CheckTallyOut(
                check_id=t.check_id,
                title=t.title,
                severity=t.severity,
                failing=t.failing,
                errors=t.errors,
                passing=t.passing,
                not_applicable=t.not_applicable,
                tenants=t.tenants,
            )
            for t in tallies
        ],
    )


def _csv(body: str, name: str) -> StreamingResponse:
    return StreamingResponse(
        iter([body]),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/scans/{scan_id}",
    operation_id="get_scan",
    summary="One tenant's scan: every finding with its evidence and remediation",
    responses=problems(409),
)
async def get_scan(
    scan_id: SCAN_ID, db: DbSession, principal: Principal = require(Action.tenants_read)
) -> ScanDetail:
    scan = await service.get_scan(db, principal, scan_id)
    out = await _out(db, scan)
    return ScanDetail(
        **out.model_dump(),
        findings=[FindingOut.model_validate(f) for f in scan.findings],
    )


@router.get(
    "/scans/{scan_id}/findings.csv",
    operation_id="export_scan",
    summary="Download one tenant's findings as CSV",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}, **problems(409)},
)
async def export_scan(
    scan_id: SCAN_ID, db: DbSession, principal: Principal = require(Action.tenants_read)
) -> StreamingResponse:
    scan = await service.get_scan(db, principal, scan_id)
    return _csv(service.findings_csv([scan]), f"scan-{scan.tenant_id}.csv")


@router.get(
    "/scans/{scan_id}/report",
    operation_id="get_scan_report",
    summary="One tenant's scan as a printable page (HTML that prints well to PDF)",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **problems(409)},
)
async def get_scan_report(
    scan_id: SCAN_ID, db: DbSession, principal: Principal = require(Action.tenants_read)
) -> HTMLResponse:
    scan = await service.get_scan(db, principal, scan_id)
    diff = service.difference(scan, await service.previous_of(db, scan))
    return HTMLResponse(report.render(scan, diff))


@router.get(
    "/tenants/{tenant_id}/scans",
    operation_id="list_tenant_scans",
    summary="A tenant's scans, newest first, with counts and the difference from the one before",
    responses=problems(409),
)
async def list_tenant_scans(
    tenant_id: TENANT_ID, db: DbSession, principal: Principal = require(Action.tenants_read)
) -> ScanList:
    scans = await service.tenant_scans(db, principal, str(tenant_id))
    await service.require_scan(db, principal)
    return ScanList(items=[await _out(db, s) for s in scans])
