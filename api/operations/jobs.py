"""The engine's job messages; ids follow the content so a duplicate send is a no-op."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import timedelta

from api.jobs import JobName
from api.queue import PendingJob


def prepare_job(operation_id: uuid.UUID, *, nonce: int = 0) -> PendingJob:
    """Lists the tenants (first time) or sends jobs for the pending ones (retry, resume)."""
    return PendingJob(
        JobName.operation_prepare,
        {"operation_id": str(operation_id), "nonce": nonce},
        job_id=f"op-prepare:{operation_id}:{nonce}",
    )


def item_jobs(
    operation_id: uuid.UUID, tenant_ids: Iterable[str], size: int, *, nonce: int = 0
) -> list[PendingJob]:
    """Batches in the order given (the caller's order is deterministic, so the same tenants of
    one operation are one job, whoever sends it).

    A re-drive passes a new nonce: the lost job's id may still be held by arq (in progress on a
    dead worker), and the items' claims already make a second run harmless. The batch's
    position is part of its id: arq takes jobs enqueued in the same millisecond in id order.
    """
    jobs = []
    ordered = list(tenant_ids)
    for index, start in enumerate(range(0, len(ordered), max(1, size))):
        chunk = ordered[start : start + size]
        digest = hashlib.sha256(",".join(sorted(chunk)).encode()).hexdigest()[:16]
        jobs.append(
            PendingJob(
                JobName.operation_items,
                {"operation_id": str(operation_id), "tenant_ids": chunk},
                job_id=f"op-items:{operation_id}:{nonce}:{index:05d}:{digest}",
            )
        )
    return jobs


def deferred_job(operation_id: uuid.UUID, tenant_id: str, attempt: int, wait: float) -> PendingJob:
    # The attempt is part of the id: arq keeps a finished job's id for a while, and the next
    # try of the same tenant must not be mistaken for it.
    return PendingJob(
        JobName.operation_items,
        {"operation_id": str(operation_id), "tenant_ids": [tenant_id]},
        job_id=f"op-item:{operation_id}:{tenant_id}:{attempt}",
        defer_by=timedelta(seconds=max(0.05, wait)),
    )
