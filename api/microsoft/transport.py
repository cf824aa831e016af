"""One way to send a request to Microsoft: log it safely, honour Retry-After, classify errors."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import structlog

from api.microsoft.errors import MicrosoftError, Service, TransientError

log = structlog.get_logger("api.microsoft")

Sleep = Callable[[float], Awaitable[None]]
ErrorParser = Callable[[httpx.Response], MicrosoftError]
_REQUEST_ID_HEADERS = ("request-id", "x-ms-request-id", "ms-requestid", "ms-correlationid")


@dataclass(frozen=True)
class RetryPolicy:
    """Inline retries for short waits; longer ones surface as TransientError for the job queue."""

    max_attempts: int = 4
    max_inline_wait: float = 5.0
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    sleep: Sleep = field(default=asyncio.sleep, compare=False)
    jitter: Callable[[], float] = field(default=random.random, compare=False)

    def backoff(self, attempt: int) -> float:
        """Exponential with full jitter on top of the base step, for when Microsoft names none."""
        step = min(self.backoff_cap, self.backoff_base * 2.0 ** (attempt - 1))
        return step + step * self.jitter()

    def wait_for(self, error: TransientError, attempt: int) -> float:
        return error.retry_after if error.retry_after is not None else self.backoff(attempt)


DEFAULT_POLICY = RetryPolicy()
NO_RETRY = RetryPolicy(max_attempts=1)


def request_id_of(resp: httpx.Response) -> str | None:
    for name in _REQUEST_ID_HEADERS:
        value = resp.headers.get(name)
        if value:
            return str(value)
    return None


def _transport_error(service: Service, exc: httpx.TransportError) -> TransientError:
    timed_out = isinstance(exc, httpx.TimeoutException)
    return TransientError(
        "Microsoft did not answer in time." if timed_out else "Could not connect to Microsoft.",
        service=service,
        status=None,
        code="timeout" if timed_out else "connection_error",
    )


async def send(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    service: Service,
    parse_error: ErrorParser,
    policy: RetryPolicy = DEFAULT_POLICY,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str | int] | None = None,
    json: Any = None,
    data: Mapping[str, str] | None = None,
) -> httpx.Response:
    """Return a 2xx/3xx response or raise; retries only transient failures, never early."""
    attempt = 0
    while True:
        attempt += 1
        started = time.perf_counter()
        try:
            resp = await http.request(
                method, url, headers=headers, params=params, json=json, data=data
            )
        except httpx.TransportError as exc:
            error: MicrosoftError = _transport_error(service, exc)
            _log(service, method, url, None, started, attempt, None)
        else:
            _log(service, method, url, resp.status_code, started, attempt, request_id_of(resp))
            if resp.status_code < 400:
                return resp
            await resp.aread()
            error = parse_error(resp)
        if not isinstance(error, TransientError):
            raise error
        wait = policy.wait_for(error, attempt)
        if attempt >= policy.max_attempts or wait > policy.max_inline_wait:
            # The caller's job retries later; it must not come back before this delay.
            error.retry_after = wait
            raise error
        await policy.sleep(wait)


def _log(
    service: Service,
    method: str,
    url: str,
    status: int | None,
    started: float,
    attempt: int,
    request_id: str | None,
) -> None:
    # Only the path: queries can carry skip tokens, bodies carry secrets; headers carry tokens.
    log.info(
        "microsoft.call",
        service=service,
        method=method,
        path=urlsplit(url).path,
        status=status,
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
        attempt=attempt,
        request_id=request_id,
    )
