"""Asking a client for GDAP: create the relationship, lock it for approval, hand back the link.

Every call to Microsoft reads before it creates, so a retried request never makes a second
relationship: the display name is unique per partner and derived from the request's id.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent, Outcome
from api.db import utcnow
from api.errors import Conflict, NotFound
from api.gdap_requests.models import OPEN_STATES, GdapRequest, RequestState, RoleTemplate
from api.gdap_requests.templates import check_roles, get_template
from api.microsoft.errors import MicrosoftError
from api.microsoft.graph import GraphClient
from api.microsoft.graph_models import DelegatedAdminRelationship
from api.operations.record import failure_of
from api.partner_center.clients import clients_for_sign_in
from api.partner_center.models import ConnectionState
from api.partner_center.tokens import connection_of
from api.permissions import Principal
from api.resources import Resources
from api.tenants.models import ManagedTenant
from api.tenants.roles import role_list

# Microsoft's documented approval link for a relationship, under the admin center's URL.
APPROVAL_PATH = "/AdminPortal/Home#/partners/invitation/granularAdminRelationships/"
# Unapproved relationships expire after 90 days; the link stops working with them.
UNAPPROVED_LIFETIME = timedelta(days=90)
PENDING_REMINDER = timedelta(days=7)
ENDING_SOON = timedelta(days=30)
DISPLAY_NAME_MAX = 50
_UNSAFE = re.compile(r"[^A-Za-z0-9 ._-]+")


def approval_link(admin_center_url: str, relationship_id: str) -> str:
    return f"{admin_center_url.rstrip('/')}{APPROVAL_PATH}{relationship_id}"


def display_name(customer: str, template: str, request_id: uuid.UUID) -> str:
    """At most 50 characters naming the customer and the template, unique by the request's id."""
    suffix = f" {request_id.hex[:6]}"
    words = f"{_UNSAFE.sub('', customer).strip()[:24]} - {_UNSAFE.sub('', template).strip()}"
    return words[: DISPLAY_NAME_MAX - len(suffix)].strip() + suffix


def timeline_entry(at: datetime, state: RequestState, message: str) -> dict[str, Any]:
    return {"at": at.isoformat(), "state": state.value, "message": message}


def system_event(
    organization_id: uuid.UUID, action: str, target_id: uuid.UUID, details: dict[str, Any]
) -> AuditEvent:
    """An audit event written by the portal itself (the cron following requests)."""
    return AuditEvent(
        organization_id=organization_id,
        actor_type="system",
        actor_label="scheduler",
        action=action,
        target_type="gdap_request",
        target_id=str(target_id),
        outcome=Outcome.success,
        details=details,
    )


async def _connected(db: AsyncSession, organization_id: uuid.UUID) -> tuple[str, datetime | None]:
    connection = await connection_of(db, organization_id)
    if connection is None or connection.state is ConnectionState.disconnected:
        raise Conflict("Connect Partner Center first.", code="partner_center_not_connected")
    if connection.state is ConnectionState.needs_reauth or not connection.partner_tenant_id:
        raise Conflict(
            f"Reauthenticate Partner Center first. {connection.reauth_reason or ''}".strip(),
            code="partner_center_needs_reauth",
        )
    return connection.partner_tenant_id, connection.connected_at


async def connected_or_conflict(db: AsyncSession, organization_id: uuid.UUID) -> None:
    await _connected(db, organization_id)


async def tenant_of(db: AsyncSession, organization_id: uuid.UUID, tenant_id: str) -> ManagedTenant:
    tenant = (
        await db.execute(
            select(ManagedTenant).where(
                ManagedTenant.organization_id == organization_id,
                ManagedTenant.tenant_id == tenant_id.lower(),
            )
        )
    ).scalar_one_or_none()
    if tenant is None:
        raise NotFound("No such tenant.", code="tenant_not_found")
    return tenant


async def open_request(
    db: AsyncSession, organization_id: uuid.UUID, tenant_id: str
) -> GdapRequest | None:
    return (
        await db.execute(
            select(GdapRequest).where(
                GdapRequest.organization_id == organization_id,
                GdapRequest.tenant_id == tenant_id.lower(),
                GdapRequest.state.in_(OPEN_STATES),
            )
        )
    ).scalar_one_or_none()


def roles_to_ask(
    template: RoleTemplate, tenant: ManagedTenant | None, *, top_up: bool, renew: bool
) -> list[str]:
    """The template's roles; with top_up only those the account lacks in the tenant; with
    renew the roles ending first there."""
    if renew:
        if tenant is None or not tenant.ending_role_ids:
            raise Conflict("No relationship of this tenant is ending.", code="nothing_to_renew")
        return list(tenant.ending_role_ids)
    roles = list(template.role_ids)
    if top_up and tenant is not None:
        held = set(tenant.account_role_ids)
        roles = [r for r in roles if r not in held]
        if not roles:
            raise Conflict(
                "The connected account already holds every role of this template here.",
                code="nothing_missing",
            )
    return roles


async def request_gdap(
    db: AsyncSession,
    resources: Resources,
    principal: Principal,
    *,
    tenant: ManagedTenant | None,
    new_tenant_id: str | None = None,
    customer_name: str | None = None,
    template_id: uuid.UUID | None = None,
    top_up: bool = False,
    renew: bool = False,
) -> tuple[GdapRequest, bool]:
    """The request for the tenant (created, or the one already open) and whether it is new."""
    organization_id = principal.organization_id
    tenant_id = (tenant.tenant_id if tenant else new_tenant_id or "").lower() or None
    if tenant_id:
        existing = await open_request(db, organization_id, tenant_id)
        if existing is not None:
            return existing, False
    template = await get_template(db, organization_id, template_id)
    roles = roles_to_ask(template, tenant, top_up=top_up, renew=renew)
    auto_extend = template.auto_extend and not renew
    roles = check_roles(roles, auto_extend=auto_extend)
    partner_tenant_id, connected_at = await _connected(db, organization_id)
    now = utcnow()
    request_id = uuid.uuid4()
    name = (tenant.display_name if tenant else customer_name) or "New client"
    row = GdapRequest(
        id=request_id,
        organization_id=organization_id,
        template_id=template.id,
        template_name=template.name,
        tenant_id=tenant_id,
        customer_name=name,
        display_name=display_name(name, "renewal" if renew else template.name, request_id),
        role_ids=roles,
        duration_days=template.duration_days,
        auto_extend=auto_extend,
        top_up=top_up,
        group_id=template.group_id,
        group_name=template.group_name,
        state=RequestState.approval_pending,
        requested_by_label=principal.label,
        timeline=[],
    )
    try:
        async with db.begin_nested():
            db.add(row)
            await db.flush()
    except IntegrityError:
        # A request racing this one for the same tenant committed first: answer with it.
        assert tenant_id is not None
        raced = await open_request(db, organization_id, tenant_id)
        if raced is None:
            raise
        return raced, False
    clients = clients_for_sign_in(resources, organization_id, partner_tenant_id, connected_at)
    try:
        rel = await ask(clients.graph, row)
    except MicrosoftError as exc:
        failure = failure_of(exc)
        fail(row, now, failure.root_cause, failure.message, failure.action, code=failure.code)
        return row, True
    row.relationship_id = rel.id
    row.approval_link = approval_link(resources.settings.ms_admin_center_url, rel.id)
    row.link_expires_at = now + UNAPPROVED_LIFETIME
    asked = role_list(roles)
    row.timeline = [
        timeline_entry(
            now,
            RequestState.approval_pending,
            f"Asked {name} for {asked} ({row.duration_days} days); waiting for the client's "
            "Global Administrator to approve at the link.",
        )
    ]
    return row, True


async def ask(graph: GraphClient, row: GdapRequest) -> DelegatedAdminRelationship:
    """Create the relationship (unless a retry made it already) and lock it for approval."""
    found = await graph.relationships_named(row.display_name)
    rel = found[0] if found else None
    if rel is None:
        rel = await graph.create_relationship(
            display_name=row.display_name,
            customer_tenant_id=row.tenant_id,
            role_ids=row.role_ids,
            duration=f"P{row.duration_days}D",
            auto_extend_duration="P180D" if row.auto_extend else "PT0S",
        )
    if rel.status == "created":
        await graph.lock_for_approval(rel.id)
        rel = rel.model_copy(update={"status": "approvalPending"})
    return rel


def fail(
    row: GdapRequest,
    now: datetime,
    root_cause: str,
    message: str,
    action: str,
    *,
    code: str | None = None,
    state: RequestState = RequestState.failed,
) -> None:
    row.state = state
    row.error_code = (code or root_cause)[:80]
    row.root_cause = root_cause[:80]
    row.error_message = message[:1000]
    row.error_action = action[:500]
    row.finished_at = now
    row.timeline = [*row.timeline, timeline_entry(now, state, f"{message} {action}".strip())]


async def get_request(
    db: AsyncSession, organization_id: uuid.UUID, request_id: uuid.UUID
) -> GdapRequest:
    row = (
        await db.execute(
            select(GdapRequest).where(
                GdapRequest.id == request_id, GdapRequest.organization_id == organization_id
            )
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("No such GDAP request.", code="gdap_request_not_found")
    return row


async def list_requests(
    db: AsyncSession,
    organization_id: uuid.UUID,
    *,
    states: Sequence[RequestState] = (),
    tenant_id: str | None = None,
    limit: int = 100,
) -> list[GdapRequest]:
    query = select(GdapRequest).where(GdapRequest.organization_id == organization_id)
    if states:
        query = query.where(GdapRequest.state.in_(states))
    if tenant_id:
        query = query.where(GdapRequest.tenant_id == tenant_id.lower())
    rows = await db.execute(
        query.order_by(GdapRequest.created_at.desc(), GdapRequest.id.desc()).limit(limit)
    )
    return list(rows.scalars())


def reminder(row: GdapRequest, now: datetime) -> str | None:
    """What a person should be reminded of: a request waiting a week, a relationship ending."""
    if row.state is RequestState.approval_pending and now - row.created_at >= PENDING_REMINDER:
        return "approval_pending_7_days"
    end = row.relationship_end_at
    if row.state is RequestState.ready and end is not None and end - now <= ENDING_SOON:
        return "relationship_ending_30_days"
    return None
