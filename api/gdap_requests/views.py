from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from api.gdap_requests.models import GdapRequest, RoleTemplate
from api.gdap_requests.schemas import (
    GdapRequestOut,
    RequestErrorOut,
    RoleOut,
    TemplateOut,
    TimelineEntry,
)
from api.gdap_requests.service import reminder
from api.tenants.roles import role_name


def roles_out(role_ids: Sequence[str]) -> list[RoleOut]:
    return [RoleOut(id=r, name=role_name(r)) for r in role_ids]


def template_out(template: RoleTemplate) -> TemplateOut:
    return TemplateOut(
        id=template.id,
        name=template.name,
        roles=roles_out(template.role_ids),
        duration_days=template.duration_days,
        auto_extend=template.auto_extend,
        group_id=template.group_id,
        group_name=template.group_name,
        is_default=template.is_default,
    )


def request_out(row: GdapRequest, now: datetime) -> GdapRequestOut:
    error = None
    if row.error_code or row.error_message:
        error = RequestErrorOut(
            code=row.error_code,
            root_cause=row.root_cause,
            message=row.error_message,
            action=row.error_action,
        )
    return GdapRequestOut(
        id=row.id,
        tenant_id=row.tenant_id,
        customer_name=row.customer_name,
        template_id=row.template_id,
        template_name=row.template_name,
        relationship_id=row.relationship_id,
        display_name=row.display_name,
        roles=roles_out(row.role_ids),
        duration_days=row.duration_days,
        auto_extend=row.auto_extend,
        top_up=row.top_up,
        group_id=row.group_id,
        group_name=row.group_name,
        state=row.state,
        approval_link=row.approval_link,
        link_expires_at=row.link_expires_at,
        relationship_end_at=row.relationship_end_at,
        reminder=reminder(row, now),
        error=error,
        timeline=[TimelineEntry.model_validate(e) for e in row.timeline],
        requested_by=row.requested_by_label,
        created_at=row.created_at,
        last_checked_at=row.last_checked_at,
        finished_at=row.finished_at,
    )
