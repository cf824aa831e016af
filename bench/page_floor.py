"""CPU per Partner Center user page: the HTTP client alone against the product's whole read.

    .venv/bin/python -m bench.page_floor --requests 3000 --rounds 3

A sync counts most tenants by paging their users, 500 a page (a page of the emulator's is
~123 kB), so the worker's CPU per tenant cannot fall below its pages' cost. A server in a child
process answers every request on loopback with one fixed page, written by the emulator's own
code (the first page of a 1,000-user customer, with its next link), at no cost of its own;
this process measures `time.process_time` per request, `--concurrency` at once:

* **aiohttp**: a GET and its body read with a bare `aiohttp` session: what any client built on
  the library the product sends with pays, before parsing a byte;
* **product**: `PartnerCenterClient.user_pages(...).read()`, the sync's own call: the token
  from the product's `TokenProvider` (cached), httpx, the aiohttp transport, the call's log
  line (at the benchmarks' `WARNING` level) and the page counted.

Both alternate for `--rounds` rounds; the first warms up and is not counted. Multiply by the
user pages per tenant the sync benchmark prints (`-v`, "calls per route") for the floor per
tenant.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import secrets
import socket
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import aiohttp
from pydantic import SecretStr
from starlette.requests import Request

from api.logging import configure_logging
from api.microsoft.http import create_http_client
from api.microsoft.identity import TokenSet
from api.microsoft.partner_center import USER_PAGE_SIZE, PartnerCenterClient
from api.microsoft.settings import MicrosoftEndpoints
from api.microsoft.tokens import TokenProvider
from emulator.model import Tenant
from emulator.partner_center import users_page_body

CUSTOMER = str(uuid.UUID(int=7))
USERS = 2 * USER_PAGE_SIZE


def page_body() -> bytes:
    """The first page of a 1,000-user customer's users, as the emulator writes it."""
    tenant = Tenant(CUSTOMER, "contoso.onmicrosoft.com", "Contoso", USERS)
    first = Request({"type": "http", "query_string": f"size={USER_PAGE_SIZE}".encode()})
    return users_page_body(first, tenant, USER_PAGE_SIZE).encode()


def _serve(port: int, body: bytes) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    answer = head % len(body) + body

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while True:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(answer)
                await writer.drain()
        writer.close()

    async def main() -> None:
        server = await asyncio.start_server(connection, "127.0.0.1", port)
        await server.serve_forever()

    asyncio.run(main())


@contextlib.contextmanager
def page_server(body: bytes) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    child = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(port, body), daemon=True
    )
    child.start()
    try:
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("the page server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.join(timeout=10)


class _MemoryStore:
    def __init__(self) -> None:
        self.token = secrets.token_urlsafe(32)

    async def load(self) -> str:
        return self.token

    async def save(self, refresh_token: str) -> None:
        self.token = refresh_token


class _LongToken:
    """Signs in once: every later call takes the cached token, as a sync's calls do."""

    async def refresh(self, *, refresh_token: str, tenant: str, scope: str) -> TokenSet:
        return TokenSet(
            access_token=SecretStr("x" * 1200),
            refresh_token=SecretStr(refresh_token),
            expires_in=3600,
            expires_at=time.time() + 3600,
        )


Read = Callable[[], Awaitable[int]]


async def _per_request(read: Read, expected: int, requests: int, concurrency: int) -> float:
    """CPU milliseconds per request, `concurrency` requests at once; every read must give
    `expected` (the page's bytes, or its users)."""
    gate = asyncio.Semaphore(concurrency)
    counted: list[int] = []

    async def one() -> None:
        async with gate:
            counted.append(await read())

    started = time.process_time()
    await asyncio.gather(*(one() for _ in range(requests)))
    spent = time.process_time() - started
    if set(counted) != {expected}:
        raise RuntimeError(f"a read gave {sorted(set(counted))}, not {expected}")
    return spent * 1000 / requests


async def measure(
    url: str, body: bytes, requests: int, rounds: int, concurrency: int
) -> dict[str, Any]:
    endpoints = MicrosoftEndpoints(
        login_url=f"{url}/login",
        graph_url=f"{url}/graph",
        partner_center_url=f"{url}/partnercenter",
        admin_center_url=f"{url}/admin",
        client_id=str(uuid.UUID(int=2)),
        client_secret=SecretStr("unused"),
    )
    tokens = TokenProvider(_LongToken(), _MemoryStore(), partner_tenant_id=str(uuid.UUID(int=1)))
    session = aiohttp.ClientSession()
    http = create_http_client()
    client = PartnerCenterClient(http, endpoints, tokens)
    users = f"{endpoints.partner_center_url}/v1/customers/{CUSTOMER}/users"

    async def bare() -> int:
        async with session.get(users, params={"size": USER_PAGE_SIZE}) as resp:
            return len(await resp.read())

    async def product() -> int:
        pages = client.user_pages(CUSTOMER)
        await pages.read()
        return pages.count

    ways: dict[str, tuple[Read, int]] = {
        "aiohttp": (bare, len(body)),
        "product": (product, USER_PAGE_SIZE),
    }
    spent: dict[str, list[float]] = {name: [] for name in ways}
    try:
        for round_ in range(rounds + 1):
            for name, (read, expected) in ways.items():
                ms = await _per_request(read, expected, requests, concurrency)
                if round_:
                    spent[name].append(ms)
    finally:
        await session.close()
        await http.aclose()
    return {name: statistics.median(values) for name, values in spent.items()} | {"runs": spent}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per way and round")
    parser.add_argument("--rounds", type=int, default=3, help="counted rounds (one more warms)")
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    # As the benchmarked worker runs: the call's log line is built, then filtered out.
    configure_logging("WARNING", json=True)
    body = page_body()
    with page_server(body) as url:
        result = asyncio.run(measure(url, body, args.requests, args.rounds, args.concurrency))
    print(f"page: {len(body):,} bytes, {USER_PAGE_SIZE} users; {args.concurrency} at once")
    for name in ("aiohttp", "product"):
        runs = ", ".join(f"{ms:.3f}" for ms in result["runs"][name])
        print(f"{name:>8}: {result[name]:.3f} ms CPU per page (median; rounds {runs})")
    print(f"product / aiohttp: {result['product'] / result['aiohttp']:.2f}")


if __name__ == "__main__":
    main()
