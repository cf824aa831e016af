"""A worker process says it is alive by holding a PostgreSQL advisory lock for its whole life.

PostgreSQL drops a session's locks the moment its connection closes, and a killed process's
connections close with it (SIGKILL, OOM): items claimed under a lock nobody holds any more
belonged to a dead worker, and the reconciler reopens them at its next tick instead of waiting
for missed heartbeats. A machine that vanishes without closing its connections keeps its lock
until PostgreSQL notices; the heartbeats cover that case.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from dataclasses import dataclass, field

import structlog
from sqlalchemy import Select, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.resources import Resources

log = structlog.get_logger(__name__)
# How often the lock's connection is checked: one dropped under a live worker (a database
# restart, an idle timeout) is opened again with the same lock, so its claims stand.
KEEP_SECONDS = 10.0


@dataclass
class Life:
    key: int
    connection: AsyncConnection
    keeper: asyncio.Task[None] | None = field(default=None, repr=False)


def held_keys() -> Select[int]:
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


async def _locked(resources: Resources, key: int) -> AsyncConnection:
    connection = await resources.engine.connect()
    try:
        await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        await connection.commit()
    except BaseException:
        await connection.close()
        raise
    return connection


async def hold(resources: Resources) -> Life:
    """Take this process's lock on a connection of its own; claims then carry its key."""
    key = secrets.randbits(62)
    life = Life(key, await _locked(resources, key))
    life.keeper = asyncio.create_task(_keep(resources, life))
    resources.worker_key = key
    log.info("worker_alive", worker_key=key)
    return life


async def _keep(resources: Resources, life: Life) -> None:
    while True:
        await asyncio.sleep(KEEP_SECONDS)
        try:
            await life.connection.execute(text("SELECT 1"))
            await life.connection.commit()
        except Exception as exc:
            log.warning("worker_lock_lost", error=type(exc).__name__)
            with contextlib.suppress(Exception):
                await life.connection.invalidate()
            try:
                life.connection = await _locked(resources, life.key)
            except Exception as again:  # the next check tries again
                log.warning("worker_lock_not_taken", error=type(again).__name__)


async def release(resources: Resources, life: Life) -> None:
    resources.worker_key = None
    if life.keeper is not None:
        life.keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await life.keeper
    try:
        # Closing would drop it too; unlocked first, the connection goes back to the pool clean.
        await life.connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": life.key})
        await life.connection.commit()
    except Exception:
        await life.connection.invalidate()
    finally:
        await life.connection.close()
