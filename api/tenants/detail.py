"""One tenant's page: every relationship with its access, and the operations that touched it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.operations.models import Operation, OperationItem
from api.permissions import Principal
from api.tenants.gdap import auto_extends, usable
from api.tenants.models import GdapRelationship, ManagedTenant, RelationshipKind
from api.tenants.roles import role_name
from api.tenants.schemas import (
    AssignmentOut,
    RelationshipOut,
    TenantDetail,
    TenantOperationList,
    TenantOperationOut,
)
from api.tenants.service import tenant_out


def _assignments(raw: list[dict[str, Any]] | None) -> list[AssignmentOut]:
    return [
        AssignmentOut(
            group_id=a["group_id"],
            group_name=a.get("group_name"),
            roles=[role_name(r) for r in a.get("role_ids", [])],
            status=a.get("status", "active"),
        )
        for a in raw or []
    ]


def relationship_out(rel: GdapRelationship) -> RelationshipOut:
    return RelationshipOut(
        id=rel.relationship_id,
        display_name=rel.display_name,
        kind=rel.kind,
        status=rel.status,
        usable=usable(rel.status, rel.kind),
        roles=[role_name(x) for x in rel.role_ids],
        activated_at=rel.activated_at,
        end_at=rel.end_at,
        auto_extend_duration=rel.auto_extend_duration,
        auto_extends=auto_extends(rel.auto_extend_duration),
        assignments=_assignments(rel.assignments),
        assignments_read_at=rel.assignments_read_at,
    )


async def tenant_detail(
    db: AsyncSession, principal: Principal, tenant: ManagedTenant
) -> TenantDetail:
    # Usable first, then the other active ones (Microsoft-led), then by when they end.
    first = case(
        (
            (GdapRelationship.status == "active")
            & (GdapRelationship.kind != RelationshipKind.microsoft_led),
            0,
        ),
        (GdapRelationship.status == "active", 1),
        else_=2,
    )
    rels = (
        await db.execute(
            select(GdapRelationship)
            .where(GdapRelationship.managed_tenant_id == tenant.id)
            .order_by(first, GdapRelationship.end_at.desc().nulls_last(), GdapRelationship.id)
        )
    ).scalars()
    return TenantDetail(
        **tenant_out(tenant, principal).model_dump(),
        relationships=[relationship_out(r) for r in rels],
        email_permissions_note=tenant.email_permissions_note,
    )


async def tenant_operations(
    db: AsyncSession, tenant: ManagedTenant, limit: int
) -> TenantOperationList:
    """The organization's operations with an item for this tenant, newest first."""
    rows = await db.execute(
        select(Operation, OperationItem)
        .join(OperationItem, OperationItem.operation_id == Operation.id)
        .where(
            Operation.organization_id == tenant.organization_id,
            OperationItem.tenant_id == tenant.tenant_id,
        )
        .order_by(Operation.created_at.desc(), Operation.id.desc())
        .limit(limit)
    )
    return TenantOperationList(
        items=[
            TenantOperationOut(
                operation_id=operation.id,
                kind=operation.kind,
                operation_state=operation.state,
                created_at=operation.created_at,
                created_by=operation.actor_label,
                state=item.state,
                message=item.message,
                error_code=item.error_code,
                root_cause=item.root_cause,
                finished_at=item.finished_at,
            )
            for operation, item in rows.all()
        ]
    )
