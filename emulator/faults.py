"""Fault rules (latency, 429, 5xx, timeouts) and call counters."""

from __future__ import annotations

import fnmatch
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator


class Latency(BaseModel):
    kind: Literal["fixed", "uniform", "normal"] = "fixed"
    ms: float = Field(default=0.0, ge=0)
    min_ms: float = Field(default=0.0, ge=0)
    max_ms: float = Field(default=0.0, ge=0)
    mean_ms: float = Field(default=0.0, ge=0)
    stddev_ms: float = Field(default=0.0, ge=0)


class FaultSpec(BaseModel):
    """One rule as the control API accepts it."""

    path: str | None = Field(
        default=None,
        description="Path prefix, or a glob when it holds * ? or [ (e.g. /graph/v1.0/users*)",
    )
    tenant: str | None = None
    method: str | None = None
    latency: Latency | None = None
    rate_429: float = Field(default=0.0, ge=0, le=1)
    retry_after: list[float] = Field(default_factory=lambda: [1.0])
    rate_5xx: float = Field(default=0.0, ge=0, le=1)
    status_5xx: int = Field(default=503, ge=500, le=599)
    rate_timeout: float = Field(default=0.0, ge=0, le=1)
    timeout_seconds: float = Field(default=300.0, ge=0)
    rate_error: float = Field(
        default=0.0, ge=0, le=1, description="Share answered with a lasting 4xx error"
    )
    error_status: int = Field(default=400, ge=400, le=499)
    error_code: str = Field(
        default="Request_BadRequest",
        description="Graph's error.code, Partner Center's code, or the AADSTS number for login",
    )
    seed: int = 0
    after: int = Field(
        default=0, ge=0, description="Matching requests let through before the rule applies"
    )
    times: int | None = Field(
        default=None,
        ge=1,
        description="Requests the rule applies to, after which it lets every request through",
    )

    @model_validator(mode="after")
    def _shares_fit(self) -> FaultSpec:
        if self.rate_429 + self.rate_5xx + self.rate_timeout + self.rate_error > 1.0:
            raise ValueError("rate_429 + rate_5xx + rate_timeout + rate_error must not exceed 1")
        if not self.retry_after:
            raise ValueError("retry_after needs at least one value")
        return self


@dataclass
class Outcome:
    delay: float = 0.0
    kind: Literal["429", "5xx", "timeout", "error"] | None = None
    retry_after: float = 0.0
    status: int = 200
    hang: float = 0.0
    code: str = ""


@dataclass
class FaultRule:
    id: str
    spec: FaultSpec
    rng: random.Random
    hits: int = 0
    seen: int = 0

    def matches(self, method: str, path: str, tenant: str | None) -> bool:
        spec = self.spec
        if spec.method and spec.method.upper() != method.upper():
            return False
        if spec.tenant and (tenant is None or spec.tenant.lower() != tenant.lower()):
            return False
        if spec.path:
            if any(c in spec.path for c in "*?["):
                return fnmatch.fnmatchcase(path, spec.path)
            return path.startswith(spec.path)
        return True

    def applies(self) -> bool:
        """Counts a matching request; False before `after` of them and past `times` hits."""
        self.seen += 1
        spec = self.spec
        return self.seen > spec.after and (spec.times is None or self.hits < spec.times)

    def draw(self, into: Outcome) -> None:
        """Always consume the same number of draws so a seed replays identically."""
        spec = self.spec
        self.hits += 1
        roll = self.rng.random()
        pick = self.rng.choice(spec.retry_after)
        into.delay += _latency(spec.latency, self.rng)
        if into.kind is not None:
            return
        if roll < spec.rate_429:
            into.kind, into.status, into.retry_after = "429", 429, pick
        elif roll < spec.rate_429 + spec.rate_5xx:
            into.kind, into.status = "5xx", spec.status_5xx
        elif roll < spec.rate_429 + spec.rate_5xx + spec.rate_timeout:
            into.kind, into.status, into.hang = "timeout", 504, spec.timeout_seconds
        elif roll < spec.rate_429 + spec.rate_5xx + spec.rate_timeout + spec.rate_error:
            into.kind, into.status, into.code = "error", spec.error_status, spec.error_code


def _latency(latency: Latency | None, rng: random.Random) -> float:
    if latency is None:
        rng.random()
        return 0.0
    if latency.kind == "uniform":
        value = rng.uniform(latency.min_ms, max(latency.min_ms, latency.max_ms))
    elif latency.kind == "normal":
        value = max(0.0, rng.gauss(latency.mean_ms, latency.stddev_ms))
    else:
        rng.random()
        value = latency.ms
    return value / 1000.0


@dataclass
class FaultSet:
    rules: dict[str, FaultRule] = field(default_factory=dict)
    _next: int = 1

    def add(self, spec: FaultSpec) -> FaultRule:
        rule = FaultRule(id=f"fault-{self._next}", spec=spec, rng=random.Random(spec.seed))
        self._next += 1
        self.rules[rule.id] = rule
        return rule

    def decide(self, method: str, path: str, tenant: str | None) -> Outcome:
        outcome = Outcome()
        for rule in self.rules.values():
            if rule.matches(method, path, tenant) and rule.applies():
                rule.draw(outcome)
        return outcome

    def describe(self) -> list[dict[str, Any]]:
        return [
            {"id": r.id, "hits": r.hits, **r.spec.model_dump(exclude_none=True)}
            for r in self.rules.values()
        ]


@dataclass
class Counters:
    calls: Counter[tuple[str, str, str | None, int]] = field(default_factory=Counter)

    def record(self, method: str, path: str, tenant: str | None, status: int) -> None:
        self.calls[(method, path, tenant, status)] += 1

    def query(
        self,
        method: str | None = None,
        path: str | None = None,
        tenant: str | None = None,
        status: int | None = None,
    ) -> list[dict[str, Any]]:
        rows = []
        for (m, p, t, s), count in sorted(self.calls.items(), key=lambda kv: str(kv[0])):
            if method and m != method.upper():
                continue
            if path and p != path:
                continue
            if tenant and t != tenant:
                continue
            if status is not None and s != status:
                continue
            rows.append({"method": m, "path": p, "tenant": t, "status": s, "count": count})
        return rows
