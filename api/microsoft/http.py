"""The one long-lived httpx client per process that every Microsoft client shares."""

from __future__ import annotations

import httpx

USER_AGENT = "PetraPortal/0.1 (+https://github.com/petra-portal)"
TIMEOUT = httpx.Timeout(30.0, connect=10.0, pool=10.0)
# Sync and onboarding run ~20-50 tenants at once with a few calls each; 100 leaves headroom.
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=50, keepalive_expiry=30.0)


def create_http_client(*, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        limits=LIMITS,
        headers={"User-Agent": USER_AGENT},
        transport=transport,
        follow_redirects=False,
    )
