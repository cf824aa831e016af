"""Graph JSON batching that never drops a throttled member.

Each member is throttled on its own and the envelope still answers 200, so members answering
429/503/5xx are re-sent in a new batch after the longest Retry-After, together with the
members that failed only because they depended on them (424).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from api.microsoft.errors import TransientError, parse_retry_after
from api.microsoft.transport import RetryPolicy

MAX_BATCH = 20
M = TypeVar("M", bound=BaseModel)


class BatchRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    method: str = "GET"
    url: str = Field(description="relative to the version root, e.g. /users/$count")
    headers: dict[str, str] | None = None
    body: JsonValue | None = None
    depends_on: list[str] | None = Field(default=None, alias="dependsOn")

    def envelope(self) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = {"id": self.id, "method": self.method.upper(), "url": self.url}
        headers = dict(self.headers or {})
        if self.body is not None:
            # Graph rejects the whole batch when a member with a body lacks Content-Type.
            if not any(k.lower() == "content-type" for k in headers):
                headers["Content-Type"] = "application/json"
            out["body"] = self.body
        if headers:
            out["headers"] = dict(headers)
        if self.depends_on:
            out["dependsOn"] = list(self.depends_on)
        return out


class BatchResponse(BaseModel):
    id: str
    status: int
    headers: dict[str, str] = Field(default_factory=dict)
    body: JsonValue | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def transient(self) -> bool:
        return self.status in (408, 429) or self.status >= 500

    @property
    def retry_after(self) -> float | None:
        value = next((v for k, v in self.headers.items() if k.lower() == "retry-after"), None)
        return parse_retry_after(value)

    def parse(self, model: type[M]) -> M:
        return model.model_validate(self.body)


Post = Callable[[list[BatchRequest]], Awaitable[list[BatchResponse]]]


def _validate(requests: Sequence[BatchRequest]) -> None:
    ids = [r.id for r in requests]
    if len(set(ids)) != len(ids):
        raise ValueError("batch request ids must be unique")
    known = set(ids)
    for r in requests:
        if any(d not in known for d in r.depends_on or []):
            raise ValueError(f"batch request {r.id} depends on an unknown id")


def chunks(requests: Sequence[BatchRequest]) -> list[list[BatchRequest]]:
    """Groups of at most 20 that keep every member in the same batch as its dependencies."""
    parent = {r.id: r.id for r in requests}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in requests:
        for dep in r.depends_on or []:
            if dep in parent:
                parent[root(r.id)] = root(dep)
    groups: dict[str, list[BatchRequest]] = {}
    for r in requests:
        groups.setdefault(root(r.id), []).append(r)
    out: list[list[BatchRequest]] = []
    current: list[BatchRequest] = []
    for group in groups.values():
        if len(group) > MAX_BATCH:
            raise ValueError(f"a dependsOn chain longer than {MAX_BATCH} cannot be batched")
        if len(current) + len(group) > MAX_BATCH:
            out.append(current)
            current = []
        current.extend(group)
    if current:
        out.append(current)
    return out


def _redrive(pending: list[BatchRequest], results: dict[str, BatchResponse]) -> set[str]:
    again = {r.id for r in pending if results[r.id].transient}
    changed = True
    while changed:
        changed = False
        for r in pending:
            if r.id in again or results[r.id].status != 424:
                continue
            if any(d in again for d in r.depends_on or []):
                again.add(r.id)
                changed = True
    return again


def _missing(request: BatchRequest) -> BatchResponse:
    return BatchResponse(id=request.id, status=503, headers={}, body=None)


async def run_batch(
    requests: Sequence[BatchRequest],
    post: Post,
    policy: RetryPolicy,
    *,
    raise_on_throttle: bool = True,
) -> list[BatchResponse]:
    """Responses in request order. Members still throttled after the inline budget raise
    TransientError (or stay in the result with their status when raise_on_throttle=False)."""
    _validate(requests)
    by_id = {r.id: r for r in requests}
    results: dict[str, BatchResponse] = {}
    pending = list(requests)
    attempt = 0
    while pending:
        attempt += 1
        for chunk in chunks(pending):
            answered = {resp.id: resp for resp in await post(chunk)}
            for r in chunk:
                results[r.id] = answered.get(r.id) or _missing(r)
        again = _redrive(pending, results)
        if not again:
            break
        waits = [
            results[i].retry_after or policy.backoff(attempt) for i in again if results[i].transient
        ]
        wait = max(waits, default=policy.backoff(attempt))
        if attempt >= policy.max_attempts or wait > policy.max_inline_wait:
            if raise_on_throttle:
                worst = max(results[i].status for i in again)
                raise TransientError(
                    f"{len(again)} batch member(s) still throttled or failing.",
                    retry_after=wait,
                    service="graph",
                    status=worst,
                    code="TooManyRequests" if worst == 429 else None,
                )
            break
        await policy.sleep(wait)
        pending = [
            r.model_copy(update={"depends_on": [d for d in r.depends_on or [] if d in again]})
            for r in (by_id[i] for i in by_id)
            if r.id in again
        ]
    return [results[r.id] for r in requests]
