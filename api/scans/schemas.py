from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from api.operations.schemas import OperationOut
from api.scans.checks import Severity, Status
from api.schemas import Input, Output

MAX_TENANTS = 10_000


class ScanIn(Input):
    tenant_ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=MAX_TENANTS,
        description="The tenants to scan; by default every eligible tenant",
    )
    exclude: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_TENANTS,
        description="Tenants to leave out, on top of the ones whose Exclude box is ticked",
    )
    onboard: bool = Field(
        default=False,
        description="Onboard & Scan: onboard GDAP Ready tenants not yet on Petra Scan first",
    )


class ScanStarted(Output):
    operation: OperationOut
    onboarding: list[str] = Field(
        description="Tenants being onboarded to Petra Scan first; their scans wait for it"
    )


class Availability(Output):
    scan: bool = Field(description="Whether Petra Scan is enabled for this organization")
    note: str


class EvidenceOut(Output):
    counts: dict[str, float]
    examples: list[dict[str, Any]] = Field(description="Up to 20 example objects")


class FindingOut(Output):
    check_id: str
    check_version: int
    title: str
    severity: Severity
    status: Status
    summary: str
    evidence: EvidenceOut
    remediation: str
    link: str = Field(description="Microsoft's page for the setting")
    calls: list[str] = Field(description="The Microsoft calls the check makes")
    permissions: list[str] = Field(description="The app permissions the check needs")
    prominent: bool = Field(description="Shown first and loudest (audit logging off)")


class SummaryOut(Output):
    status: dict[str, int] = Field(description="Findings by status")
    failed_by_severity: dict[str, int] = Field(description="Failed findings by severity")


class DifferenceOut(Output):
    previous_scan_id: uuid.UUID = Field(description="The tenant's scan before this one")
    new: list[str] = Field(description="Checks that fail now and did not before")
    resolved: list[str] = Field(description="Checks that failed before and pass now")


class ScanOut(Output):
    id: uuid.UUID
    tenant_id: str
    display_name: str
    operation_id: uuid.UUID | None
    catalog_version: str
    created_at: datetime
    summary: SummaryOut
    difference: DifferenceOut | None = Field(
        description="What changed since the tenant's previous scan; null for its first scan "
        "(nothing to compare with)"
    )


class ScanDetail(ScanOut):
    findings: list[FindingOut]


class ScanList(Output):
    items: list[ScanOut]


class CheckOut(Output):
    id: str
    version: int
    title: str
    severity: Severity
    calls: list[str] = Field(description="The Microsoft calls the check makes")
    permissions: list[str] = Field(description="The app permissions the check needs")
    remediation: str
    link: str = Field(description="Microsoft's page for the setting")


class CheckCatalog(Output):
    version: str
    checks: list[CheckOut]


class CheckTallyOut(Output):
    check_id: str
    title: str
    severity: Severity
    failing: int = Field(description="Tenants whose latest scan fails this check")
    errors: int = Field(description="Tenants whose latest scan could not run this check")
    passing: int = Field(description="Tenants whose latest scan passes this check")
    not_applicable: int = Field(description="Tenants where this check does not apply")
    tenants: int = Field(description="Tenants whose latest scan ran this check")


class ScanOverview(Output):
    tenants: int = Field(description="Tenants with a scan; each counts with its latest one")
    checks: list[CheckTallyOut] = Field(
        description="Every check, the ones failing in most tenants first (then by severity)"
    )
