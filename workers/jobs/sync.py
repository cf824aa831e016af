"""Sync: list the partner's active GDAP relationships, then refresh each tenant in its own job.

The partner-level job writes the tenant table and fans out one job per tenant; each tenant job
makes its few Microsoft calls outside any transaction, then records the outcome and, under the
operation's row lock, closes the operation when it was the last one.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from datetime import datetime

import structlog
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import table_of, utcnow
from api.microsoft.errors import MicrosoftError, SignInError, TransientError
from api.microsoft.graph_models import DelegatedAdminRelationship
from api.operations import service as operations
from api.operations.models import ItemState, Operation, OperationItem, OperationState
from api.partner_center.clients import PartnerClients
from api.partner_center.models import ConnectionState
from api.partner_center.tokens import NotConnected, connection_of, mark_needs_reauth
from api.tenants.gdap import CustomerSummary, RelationshipView, summarize
from api.tenants.sync import (
    apply_relationships,
)
from workers.context import JOB_TRY, WorkerContext, job
from workers.queue import PendingJob, retry_later

log = structlog.get_logger(__name__)
MAX_TRIES = 6
PARTNER_SIGN_IN_REQUIRED = "partner_sign_in_required"


def view(rel: DelegatedAdminRelationship) -> RelationshipView:
    customer = rel.customer
    return RelationshipView(
        id=rel.id,
        display_name=rel.display_name,
        status=rel.status,
        customer_tenant_id=(customer.tenant_id if customer else "").lower(),
        customer_name=(customer.display_name if customer and customer.display_name else ""),
        role_ids=rel.access_details.role_ids,
        end_at=rel.end_date_time,
        activated_at=rel.activated_date_time,
        auto_extend_duration=rel.auto_extend_duration,
    )


def tenant_job(operation_id: uuid.UUID | str, tenant_id: str) -> PendingJob:
    return PendingJob(
        "sync_tenant",
        {"operation_id": str(operation_id), "tenant_id": tenant_id},
        job_id=f"sync-tenant:{operation_id}:{tenant_id}",
    )


def batch_jobs(operation_id: uuid.UUID | str, tenant_ids: list[str], size: int) -> list[PendingJob]:
    """Ids follow the content: the same tenants of one operation are one job, whoever sends it."""
    jobs = []
    ordered = sorted(tenant_ids)
    for start in range(0, len(ordered), size):
        chunk = ordered[start : start + size]
        digest = hashlib.sha256(",".join(chunk).encode()).hexdigest()[:16]
        jobs.append(
            PendingJob(
                "sync_tenant_batch",
                {"operation_id": str(operation_id), "tenant_ids": chunk},
                job_id=f"sync-batch:{operation_id}:{digest}",
            )
        )
    return jobs


def partner_job(operation_id: uuid.UUID | str) -> PendingJob:
    return PendingJob(
        "sync_partner", {"operation_id": str(operation_id)}, job_id=f"sync:{operation_id}"
    )


async def _clients(context: WorkerContext, organization_id: uuid.UUID) -> PartnerClients:
    async with context.sessionmaker() as db:
        connection = await connection_of(db, organization_id)
    if connection is None:
        raise NotConnected("Partner Center is not connected")
    return clients_for(
        context,
        organization_id,
        connection.state,
        connection.partner_tenant_id,
        connection.connected_at,
    )


def clients_for(
    context: WorkerContext,
    organization_id: uuid.UUID,
    state: ConnectionState | None,
    partner_tenant_id: str | None,
    connected_at: datetime | None,
) -> PartnerClients:
    """The process's clients for this sign-in, from the connection row's columns."""
    if state is not ConnectionState.connected or not partner_tenant_id:
        raise NotConnected("Partner Center is not connected")
    return context.partner_clients(organization_id, partner_tenant_id, connected_at)


async def _fail_for_sign_in(
    context: WorkerContext, operation_id: uuid.UUID, organization_id: uuid.UUID, exc: Exception
) -> None:
    if isinstance(exc, MicrosoftError):
        reason = exc.root_cause.explanation
        label = exc.root_cause.label
    else:
        said = str(exc).rstrip(".") or "Partner Center is not connected"
        reason = (
            f"{said}." if "reauthenticate" in said else f"{said}. Reauthenticate Partner Center."
        )
        label = "partner_not_connected"
    async with context.transaction() as db:
        await mark_needs_reauth(db, organization_id, reason=reason, root_cause=label)
        operation = await db.get_one(Operation, operation_id, with_for_update=True)
        if not operation.state.finished:
            await operations.fail(
                db,
                operation,
                code=PARTNER_SIGN_IN_REQUIRED,
                message=reason,
                action="Reauthenticate Partner Center.",
            )


async def _start(context: WorkerContext, operation_id: uuid.UUID) -> Operation | None:
    async with context.transaction() as db:
        operation = await db.get(Operation, operation_id, with_for_update=True)
        if operation is None or operation.state.finished:
            return None
        operation.state = OperationState.running
        operation.started_at = operation.started_at or utcnow()
        operation.attempts += 1
        operation.step = "listing_relationships"
        return operation


@job
async def sync_partner(context: WorkerContext, operation_id: str) -> int:
    op_id = uuid.UUID(operation_id)
    operation = await _start(context, op_id)
    if operation is None:
        return 0
    org_id = operation.organization_id
    started = time.perf_counter()
    try:
        clients = await _clients(context, org_id)
        relationships = [view(r) async for r in clients.graph.relationships(status="active")]
    except (SignInError, NotConnected) as exc:
        await _fail_for_sign_in(context, op_id, org_id, exc)
        return 0
    except TransientError as exc:
        if JOB_TRY.get() < MAX_TRIES:
            raise retry_later(exc.retry_after or 2.0 * JOB_TRY.get()) from exc
        return await _fail(context, op_id, exc)
    except MicrosoftError as exc:
        return await _fail(context, op_id, exc)
    listed = time.perf_counter()
    summaries = summarize(relationships)
    async with context.transaction() as db:
        current = await db.get_one(Operation, op_id, with_for_update=True)
        if current.state.finished:
            return 0
        await apply_relationships(db, org_id, summaries)
        await _create_items(db, op_id, summaries)
        current.total = len(summaries)
        current.step = "refreshing_tenants"
        if not summaries:
            await operations.finish_if_done(db, op_id)
    written = time.perf_counter()
    size = context.settings.sync_batch_size
    await context.queue.enqueue_many(batch_jobs(op_id, list(summaries), size))
    log.info(
        "sync_listed",
        tenants=len(summaries),
        relationships=len(relationships),
        listing_s=round(listed - started, 3),
        writing_s=round(written - listed, 3),
        enqueuing_s=round(time.perf_counter() - written, 3),
    )
    return len(summaries)


async def _create_items(
    db: AsyncSession, op_id: uuid.UUID, summaries: dict[str, CustomerSummary]
) -> None:
    rows = [
        {
            "operation_id": op_id,
            "tenant_id": tenant_id,
            "display_name": summary.display_name[:256],
            "state": ItemState.pending,
        }
        for tenant_id, summary in summaries.items()
    ]
    if rows:
        # One statement executed over all rows: the ORM's multi-row VALUES form spent more CPU
        # building the statement than the database spent running it.
        items = table_of(OperationItem)
        await db.execute(insert(items).on_conflict_do_nothing(), rows)


async def _fail(context: WorkerContext, op_id: uuid.UUID, exc: MicrosoftError) -> int:
    async with context.transaction() as db:
        operation = await db.get_one(Operation, op_id, with_for_update=True)
        if not operation.state.finished:
            await operations.fail(
                db,
                operation,
                code=exc.root_cause.label,
                message=f"{exc.root_cause.summary} ({exc.code or exc.status})",
                action=exc.root_cause.action,
            )
    return 0
