"""The connection's partner-level problem (its one banner) and the last Microsoft error.

A partner-level failure (the sign-in lost, MFA missing, the account out of AdminAgents, the
partner's own Conditional Access) makes every tenant fail the same way: it is kept once, on
the connection, instead of once per tenant, and cleared when Microsoft answers again.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.microsoft.errors import MicrosoftError
from api.microsoft.root_causes import RootCause
from api.partner_center.models import PartnerConnection


def cause_record(
    cause: RootCause,
    *,
    code: str | None = None,
    message: str | None = None,
    tenant_id: str | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """What is stored for a failure: its labelled cause, Microsoft's code, where, and when."""
    return {
        "label": cause.label,
        "summary": cause.summary,
        "action": cause.action,
        "layer": cause.layer,
        "code": code,
        "message": (message or "")[:500] or None,
        "tenant_id": tenant_id,
        "at": (at or utcnow()).isoformat(),
    }


def error_record(exc: MicrosoftError, tenant_id: str | None = None) -> dict[str, Any]:
    return cause_record(exc.root_cause, code=exc.code, message=exc.message, tenant_id=tenant_id)


async def record_problem(
    db: AsyncSession, organization_id: uuid.UUID, record: dict[str, Any]
) -> None:
    """A partner-level failure: the banner, and the last error."""
    await db.execute(
        update(PartnerConnection)
        .where(PartnerConnection.organization_id == organization_id)
        .values(problem=record, last_error=record)
    )


async def record_error(
    db: AsyncSession, organization_id: uuid.UUID, record: dict[str, Any]
) -> None:
    """One tenant's failure: the last error only; the connection itself is fine."""
    await db.execute(
        update(PartnerConnection)
        .where(PartnerConnection.organization_id == organization_id)
        .values(last_error=record)
    )


async def clear_problem(db: AsyncSession, organization_id: uuid.UUID) -> None:
    await db.execute(
        update(PartnerConnection)
        .where(
            PartnerConnection.organization_id == organization_id,
            PartnerConnection.problem.is_not(None),
        )
        .values(problem=None)
    )
