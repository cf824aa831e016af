from __future__ import annotations

import structlog

from api.auth.service import delete_expired_sessions
from workers.context import WorkerContext, job

log = structlog.get_logger(__name__)


@job
async def cleanup_expired_sessions(context: WorkerContext) -> int:
    async with context.transaction() as db:
        removed = await delete_expired_sessions(db, context.settings)
    log.info("expired_sessions_removed", count=removed)
    return removed
