"""The shared HTTP client over a real loopback server: many requests at once, spread over pools."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from api.microsoft.http import SHARDS, create_http_client


async def _peer(request: Request) -> PlainTextResponse:
    await asyncio.sleep(0.02)
    client = request.client
    return PlainTextResponse(f"{client.port if client else 0}")


@pytest.fixture
def server_url() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        Starlette(routes=[Route("/peer", _peer)]), host="127.0.0.1", port=port, log_level="error"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


async def test_concurrent_requests_use_several_pools(server_url: str) -> None:
    async with create_http_client() as client:
        answers = await asyncio.gather(*(client.get(f"{server_url}/peer") for _ in range(60)))
        assert [a.status_code for a in answers] == [200] * 60
        ports = {a.text for a in answers}
        # Each pool opens its own connections: more than one pool's worth means they were shared.
        assert len(ports) > 100 // SHARDS
        again = await asyncio.gather(*(client.get(f"{server_url}/peer") for _ in range(60)))
        # Kept-alive connections are reused rather than opened anew.
        assert {a.text for a in again} & ports
