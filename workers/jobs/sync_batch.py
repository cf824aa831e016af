"""A batch of tenants' part of a sync, refreshed concurrently and recorded together.

One job per tenant cost more worker CPU in queue and database round trips than the tenant's
two Microsoft calls; a batch shares them. A tenant that Microsoft throttles beyond the inline
retry budget leaves the batch for a single-tenant job of its own, deferred by Retry-After, so a
slow tenant never holds the others back.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

import structlog
from sqlalchemy import select

from api.microsoft.errors import MicrosoftError, SignInError, TransientError
from api.operations.models import ItemState, Operation, OperationItem
from api.partner_center.clients import PartnerClients
from api.partner_center.models import PartnerConnection
from api.partner_center.tokens import NotConnected
from workers.context import WorkerContext, job
from workers.jobs.sync import _fail_for_sign_in, clients_for, tenant_job
from workers.jobs.sync_tenant import (
    Outcomes,
    close_if_done,
    failure_of,
    partner_level,
    record,
    refresh_tenant,
)
from workers.queue import PendingJob

log = structlog.get_logger(__name__)


@dataclass
class _Batch:
    organization_id: uuid.UUID
    pending: list[str]
    clients: PartnerClients | None


async def _load(context: WorkerContext, op_id: uuid.UUID, tenant_ids: list[str]) -> _Batch | None:
    async with context.sessionmaker() as db:
        head = (
            await db.execute(
                select(
                    Operation.organization_id,
                    Operation.state,
                    PartnerConnection.state,
                    PartnerConnection.partner_tenant_id,
                    PartnerConnection.connected_at,
                )
                .outerjoin(
                    PartnerConnection,
                    PartnerConnection.organization_id == Operation.organization_id,
                )
                .where(Operation.id == op_id)
            )
        ).one_or_none()
        if head is None or head[1].finished:
            return None
        pending = list(
            (
                await db.execute(
                    select(OperationItem.tenant_id).where(
                        OperationItem.operation_id == op_id,
                        OperationItem.tenant_id.in_(tenant_ids),
                        OperationItem.state == ItemState.pending,
                    )
                )
            ).scalars()
        )
    org_id, _, state, partner_tenant_id, connected_at = head
    try:
        clients = clients_for(context, org_id, state, partner_tenant_id, connected_at)
    except NotConnected:
        clients = None
    return _Batch(org_id, pending, clients)


async def _refresh_all(
    context: WorkerContext, clients: PartnerClients, tenants: list[str]
) -> Outcomes:
    outcomes = Outcomes()

    async def one(tenant_id: str) -> None:
        async with context.sync_slots:
            if outcomes.sign_in is not None:
                return
            try:
                outcomes.refreshed[tenant_id] = await refresh_tenant(clients, tenant_id)
            except TransientError as exc:
                outcomes.deferred[tenant_id] = exc.retry_after or 2.0
            except NotConnected as exc:
                outcomes.sign_in = exc
            except SignInError as exc:
                if partner_level(exc):
                    outcomes.sign_in = exc
                else:
                    outcomes.failed[tenant_id] = failure_of(exc)
            except MicrosoftError as exc:
                outcomes.failed[tenant_id] = failure_of(exc)

    await asyncio.gather(*(one(t) for t in tenants))
    return outcomes


@job
async def sync_tenant_batch(
    context: WorkerContext, operation_id: str, tenant_ids: list[str]
) -> dict[str, int]:
    op_id = uuid.UUID(operation_id)
    batch = await _load(context, op_id, tenant_ids)
    if batch is None:
        return {}
    outcomes = Outcomes()
    if batch.pending:
        if batch.clients is None:
            outcomes.sign_in = NotConnected("Partner Center is not connected")
        else:
            outcomes = await _refresh_all(context, batch.clients, batch.pending)
    await record(context, op_id, batch.organization_id, outcomes)
    if outcomes.sign_in is not None:
        await _fail_for_sign_in(context, op_id, batch.organization_id, outcomes.sign_in)
    elif outcomes.deferred:
        await context.queue.enqueue_many(
            [_deferred(op_id, t, wait) for t, wait in outcomes.deferred.items()]
        )
    await close_if_done(context, op_id)
    return {
        "succeeded": len(outcomes.refreshed),
        "failed": len(outcomes.failed),
        "deferred": len(outcomes.deferred),
    }


def _deferred(op_id: uuid.UUID, tenant_id: str, wait: float) -> PendingJob:
    single = tenant_job(op_id, tenant_id)
    return PendingJob(
        single.function,
        single.kwargs,
        job_id=single.job_id,
        defer_by=timedelta(seconds=max(0.05, wait)),
    )
