"""A worker process says it is alive by holding a PostgreSQL advisory lock for its whole life.

PostgreSQL drops a session's locks the moment its connection closes, and a killed process's
connections close with it (SIGKILL, OOM): items claimed under a lock nobody holds any more
belonged to a dead worker, and the reconciler reopens them at its next tick instead of waiting
for missed heartbeats. A machine that vanishes without closing its connections keeps its lock
until PostgreSQL notices; the heartbeats cover that case.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import structlog
from sqlalchemy import Select, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.resources import Resources

log = structlog.get_logger(__name__)


@dataclass
class Life:
    key: int
    connection: AsyncConnection


def held_keys() -> Select[tuple[int]]:
    """The keys of the advisory locks some live session of this database holds.

    Read in the same statement as the claims it judges: a worker takes its lock before it claims
    anything, so every claim the statement sees has its lock visible too while the worker lives.
    """
    # A bigint lock shows as classid (high 32 bits) and objid (low 32 bits), objsubid 1.
    return (
        select(literal_column("(classid::bigint << 32) | objid::bigint"))
        .select_from(text("pg_locks"))
        .where(
            text(
                "locktype = 'advisory' AND objsubid = 1 AND granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        )
    )


async def hold(resources: Resources) -> Life:
    """Take this process's lock on a connection of its own; claims then carry its key."""
    key = secrets.randbits(62)
    connection = await resources.engine.connect()
    await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
    await connection.commit()
    resources.worker_key = key
    log.info("worker_alive", worker_key=key)
    return Life(key, connection)


async def release(resources: Resources, life: Life) -> None:
    resources.worker_key = None
    try:
        await life.connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": life.key})
        await life.connection.commit()
    finally:
        await life.connection.close()
