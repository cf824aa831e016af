"""The shared HTTP client over a real loopback server: concurrency, reuse and network failures."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from api.microsoft.http import MAX_CONNECTIONS, create_http_client


async def _peer(request: Request) -> PlainTextResponse:
    await asyncio.sleep(float(request.query_params.get("wait", "0.02")))
    client = request.client
    return PlainTextResponse(f"{client.port if client else 0}")


async def _echo(request: Request) -> JSONResponse:
    return JSONResponse(
        {
            "query": request.url.query,
            "authorization": request.headers.get("authorization"),
            "user_agent": request.headers.get("user-agent"),
            "body": (await request.body()).decode(),
        }
    )


@pytest.fixture
def server_url() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        Starlette(routes=[Route("/peer", _peer), Route("/echo", _echo, methods=["POST"])]),
        host="127.0.0.1",
        port=port,
        log_level="error",
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


async def test_concurrent_requests_share_kept_alive_connections(server_url: str) -> None:
    async with create_http_client() as client:
        answers = await asyncio.gather(*(client.get(f"{server_url}/peer") for _ in range(60)))
        assert [a.status_code for a in answers] == [200] * 60
        ports = {a.text for a in answers}
        assert 1 < len(ports) <= MAX_CONNECTIONS
        again = await asyncio.gather(*(client.get(f"{server_url}/peer") for _ in range(60)))
        # Kept-alive connections are reused rather than opened anew.
        assert {a.text for a in again} & ports


async def test_request_headers_query_and_body_reach_the_server(server_url: str) -> None:
    async with create_http_client() as client:
        resp = await client.post(
            f"{server_url}/echo",
            params={"$filter": "status eq 'active'"},
            headers={"Authorization": "Bearer abc"},
            data={"grant_type": "refresh_token"},
        )
    assert resp.status_code == 200
    assert "%27active%27" in resp.json()["query"]
    assert resp.json() == {
        # Exactly as httpx encoded it: nothing re-quoted on the way out.
        "query": resp.request.url.query.decode(),
        "authorization": "Bearer abc",
        "user_agent": resp.request.headers["user-agent"],
        "body": "grant_type=refresh_token",
    }


async def test_a_refused_connection_is_a_transport_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with create_http_client() as client:
        with pytest.raises(httpx.TransportError):
            await client.get(f"http://127.0.0.1:{port}/")


async def test_a_slow_answer_is_a_timeout(server_url: str) -> None:
    async with create_http_client() as client:
        with pytest.raises(httpx.TimeoutException):
            await client.get(f"{server_url}/peer", params={"wait": "2"}, timeout=0.2)


async def test_a_connection_closed_without_an_answer_is_a_transport_error() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        listener.settimeout(5)

        def hang_up() -> None:
            # aiohttp may try a GET a second time on a new connection: hang up on that one too.
            for _ in range(2):
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    return
                with conn:
                    conn.recv(65536)

        thread = threading.Thread(target=hang_up, daemon=True)
        thread.start()
        async with create_http_client() as client:
            with pytest.raises(httpx.TransportError) as caught:
                await client.get(f"http://127.0.0.1:{port}/")
        thread.join(timeout=5)
    assert not isinstance(caught.value, httpx.TimeoutException)
