"""Writing what an operation did to a tenant onto the tenant and its onboarding record."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.onboarding.models import OnboardingRecord, RecordState
from api.onboarding.products import CATALOG_VERSION
from api.operations.capability import OperationHead, Outcomes
from api.tenants.models import ManagedTenant


async def tenants_of(
    db: AsyncSession, organization_id: uuid.UUID, tenant_ids: list[str]
) -> dict[str, ManagedTenant]:
    rows = await db.execute(
        select(ManagedTenant).where(
            ManagedTenant.organization_id == organization_id,
            ManagedTenant.tenant_id.in_(tenant_ids),
        )
    )
    return {t.tenant_id: t for t in rows.scalars()}


async def close_records(db: AsyncSession, operation: OperationHead, outcomes: Outcomes) -> None:
    """Each tenant's record ends as its item does, with the message the item shows."""
    ended: Mapping[str, tuple[RecordState, str]] = {
        **{t: (RecordState.succeeded, d.message) for t, d in outcomes.done.items()},
        **{t: (RecordState.failed, f.explanation) for t, f in outcomes.failed.items()},
    }
    if not ended:
        return
    rows = await db.execute(
        select(OnboardingRecord).where(
            OnboardingRecord.operation_id == operation.id,
            OnboardingRecord.tenant_id.in_(list(ended)),
        )
    )
    now = utcnow()
    for record in rows.scalars():
        state, message = ended[record.tenant_id]
        record.state = state.value
        record.message = message[:1000]
        record.finished_at = now


async def abort_records(db: AsyncSession, operation: OperationHead, message: str) -> None:
    """The operation stopped for every tenant (the partner sign-in is gone, say)."""
    await db.execute(
        update(OnboardingRecord)
        .where(
            OnboardingRecord.operation_id == operation.id,
            OnboardingRecord.state == RecordState.running.value,
        )
        .values(state=RecordState.failed.value, message=message[:1000], finished_at=utcnow())
    )


def new_record(
    tenant: ManagedTenant,
    kind: str,
    *,
    operation_id: uuid.UUID | None,
    product: str | None,
    actor_label: str | None,
    state: RecordState = RecordState.running,
    steps: list[dict[str, Any]] | None = None,
    message: str | None = None,
) -> OnboardingRecord:
    return OnboardingRecord(
        organization_id=tenant.organization_id,
        managed_tenant_id=tenant.id,
        tenant_id=tenant.tenant_id,
        operation_id=operation_id,
        kind=kind,
        product=product,
        catalog_version=CATALOG_VERSION if product else None,
        state=state.value,
        steps=steps or [],
        message=message,
        actor_label=actor_label,
        finished_at=None if state is RecordState.running else utcnow(),
    )
