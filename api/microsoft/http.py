"""The one long-lived httpx client per process that every Microsoft client shares."""

from __future__ import annotations

import itertools

import httpx

USER_AGENT = "PetraPortal/0.1 (+https://github.com/petra-portal)"
TIMEOUT = httpx.Timeout(30.0, connect=10.0, pool=10.0)
# Sync and onboarding run ~20-50 tenants at once with a few calls each; 100 leaves headroom.
MAX_CONNECTIONS = 100
SHARDS = 10
KEEPALIVE_EXPIRY = 30.0


class ShardedTransport(httpx.AsyncBaseTransport):
    """Spreads requests over several small connection pools.

    httpcore checks every pooled connection (a socket syscall each) whenever it hands out one,
    so a single pool of 100 costs a hundred syscalls per request: at fifty tenants in flight
    that was most of a worker's CPU. Ten pools of ten keep the same capacity at a tenth of it.
    """

    def __init__(self, *, max_connections: int = MAX_CONNECTIONS, shards: int = SHARDS) -> None:
        per_shard = max(1, -(-max_connections // shards))
        limits = httpx.Limits(
            max_connections=per_shard,
            max_keepalive_connections=per_shard,
            keepalive_expiry=KEEPALIVE_EXPIRY,
        )
        self._shards = [httpx.AsyncHTTPTransport(limits=limits) for _ in range(shards)]
        self._next = itertools.cycle(self._shards)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await next(self._next).handle_async_request(request)

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()


def create_http_client(*, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        headers={"User-Agent": USER_AGENT},
        transport=transport or ShardedTransport(),
        follow_redirects=False,
    )
