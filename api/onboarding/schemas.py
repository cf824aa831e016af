from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from api.onboarding.models import RecordKind, RecordState, StepState
from api.onboarding.products import ProductName
from api.operations.schemas import OperationOut
from api.schemas import Input, Output
from api.tenants.models import EmailPermissions, PetraStatus


class OnboardIn(Input):
    product: ProductName = Field(description="The product the tenant is onboarded to")


class IndividualConnectIn(Input):
    product: ProductName = Field(
        description="The product whose application permissions the client's admin consents to"
    )


class IndividualConnectOut(Output):
    admin_consent_url: str = Field(
        description="Send the client's Global Administrator here (Microsoft's admin consent); "
        "Microsoft sends the browser back to /api/v1/tenants/individual/callback"
    )
    expires_in: int = Field(description="Seconds the consent may take before it must restart")


class _Batch(Input):
    product: ProductName = Field(description="The product the tenants are onboarded to")
    exclude: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=5000,
        description="Tenants left out of this batch (tenants marked Excluded always are)",
    )


class BatchOnboardTenants(_Batch):
    tenant_ids: list[uuid.UUID] = Field(max_length=5000, description="The tenants to onboard")


class BatchOnboardAllReady(_Batch):
    all_ready: Literal[True] = Field(description="Onboard every tenant whose GDAP is Ready")


BatchOnboardIn = BatchOnboardTenants | BatchOnboardAllReady


class SkippedOut(Output):
    tenant_id: str
    display_name: str
    reason: str = Field(description="Why this tenant is not onboarded by the batch")


class BatchOnboardOut(Output):
    operation: OperationOut = Field(description="The batch: one item per tenant it onboards")
    created: bool = Field(description="False when a batch already running was returned")
    skipped: list[SkippedOut] = Field(description="Tenants left out, each with why")


class PermissionOut(Output):
    resource_app_id: str
    resource_name: str
    name: str
    type: str = Field(description="application (app role) or delegated (scope)")
    id: str | None = Field(description="The app role id; delegated scopes go by name")
    reason: str


class ProductOut(Output):
    name: ProductName
    title: str
    summary: str
    email: bool
    permissions: list[PermissionOut]


class ProductCatalog(Output):
    version: str
    products: list[ProductOut]


class StepOut(Output):
    name: str
    state: StepState
    attempts: int
    message: str | None
    root_cause: str | None
    started_at: datetime | None
    finished_at: datetime | None


class RecordOut(Output):
    id: uuid.UUID
    kind: RecordKind
    product: ProductName | None
    catalog_version: str | None
    state: RecordState
    message: str | None
    actor: str | None
    operation_id: uuid.UUID | None
    created_at: datetime
    finished_at: datetime | None
    steps: list[StepOut]


class OnboardingOut(Output):
    tenant_id: str
    status: PetraStatus
    product: ProductName | None
    email_permissions: EmailPermissions
    email_permissions_note: str | None
    history: list[RecordOut] = Field(description="Newest first")
