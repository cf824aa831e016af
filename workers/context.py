"""How arq calls a job: unwrap the process's resources and carry the enqueuer's correlation id."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from typing import Any, Concatenate, ParamSpec, TypeVar

import structlog

from api.resources import Resources

JOB_TRY: ContextVar[int] = ContextVar("job_try", default=1)
P = ParamSpec("P")
R = TypeVar("R")
CONTEXT_KEY = "petra"


def job(
    func: Callable[Concatenate[Resources, P], Awaitable[R]],
) -> Callable[..., Coroutine[Any, Any, R]]:
    @functools.wraps(func)
    async def run(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> R:
        correlation_id = kwargs.pop("correlation_id", None) or ctx.get("job_id")
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            correlation_id=correlation_id, job=func.__name__, job_try=ctx.get("job_try")
        )
        JOB_TRY.set(int(ctx.get("job_try") or 1))
        return await func(ctx[CONTEXT_KEY], *args, **kwargs)

    return run
