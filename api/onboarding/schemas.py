from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from api.onboarding.models import RecordKind, RecordState, StepState
from api.onboarding.products import ProductName
from api.schemas import Input, Output
from api.tenants.models import EmailPermissions, PetraStatus


class OnboardIn(Input):
    product: ProductName = Field(description="The product the tenant is onboarded to")


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
