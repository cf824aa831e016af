"""Schemathesis over every operation of the contract, once per kind of credential.

The run is what `schemathesis run --checks all` does (examples, coverage, fuzzing and stateful
phases, NUL bytes allowed), in-process against the test app on real PostgreSQL and Redis, with a
bounded number of examples per operation and a time budget per run.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import strategies as st
from fastapi import FastAPI
from schemathesis.engine import events
from schemathesis.engine.recorder import CheckFailureInfo, ScenarioRecorder
from starlette.types import Message, Receive, Scope, Send

from api.openapi import API_KEY, CSRF_TOKEN, CURSOR, SESSION_COOKIE
from tests.api.conftest import Actor, World

MAX_EXAMPLES = 5
SEED = 20261201

# A cursor is only ever passed back, never made up: the one a client may always send is the
# first page's.
schemathesis.openapi.format(CURSOR, st.just(""))


class OnTheTestLoop:
    """The app, as an ASGI app schemathesis can call from its own event loop thread.

    The app's database and Redis connections belong to the test's event loop: each request is
    handed to that loop whole, and the response's messages come back as the app sends them, so
    an event stream can be cut short like on a real connection.
    """

    def __init__(self, app: FastAPI, loop: asyncio.AbstractEventLoop) -> None:
        self.app = app
        self.loop = loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            # Refused before a message is read: the fixtures own the app's lifespan.
            raise RuntimeError("the app's lifespan is run by the test's fixtures")
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        here = asyncio.get_running_loop()
        replies: asyncio.Queue[Message | None] = asyncio.Queue()

        def reply(message: Message | None) -> None:
            here.call_soon_threadsafe(replies.put_nowait, message)

        served: Future[None] = asyncio.run_coroutine_threadsafe(
            self._serve(dict(scope), body, reply), self.loop
        )
        try:
            while (message := await replies.get()) is not None:
                await send(message)
        finally:
            served.cancel()

    async def _serve(
        self, scope: Scope, body: bytes, reply: Callable[[Message | None], None]
    ) -> None:
        delivered = False

        async def receive() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Event().wait()  # the client stays connected until it is cancelled
            raise AssertionError("unreachable")

        async def send(message: Message) -> None:
            reply(message)

        try:
            await self.app(scope, receive, send)
        finally:
            reply(None)


@dataclass
class Outcome:
    """What a run found, in the words schemathesis reports it."""

    failures: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    operations: set[str] = field(default_factory=set)
    seconds: float = 0.0


def fuzz(
    app: OnTheTestLoop,
    auth: dict[str, Any],
    *,
    only: str | None = None,
    skip: str | None = None,
) -> Outcome:
    """One `schemathesis run --checks all` with these credentials, over every operation or
    only (or all but) one of them."""
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {"max-examples": MAX_EXAMPLES, "allow-x00": True},
            "auth": {"openapi": auth},
        }
    )
    config.projects.override.checks.update(included_check_names=["all"])
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app, config=config)
    if only is not None:
        schema = schema.include(operation_id=only)
    if skip is not None:
        schema = schema.exclude(operation_id=skip)
    outcome = Outcome()
    started = time.monotonic()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            outcome.requests += len(recorder.interactions)
            if recorder.label:
                outcome.operations.add(recorder.label)
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    if check.failure_info is not None:
                        outcome.failures.add(described(recorder, case_id, check.failure_info))
        elif isinstance(event, events.NonFatalError):
            outcome.errors.append(f"{event.label}: {event.info}")
        elif isinstance(event, events.FatalError):
            outcome.errors.append(repr(event.exception))
    outcome.seconds = time.monotonic() - started
    return outcome


def described(recorder: ScenarioRecorder, case_id: str, info: CheckFailureInfo) -> str:
    """The failure, the request that showed it and the answer, as a reader would reproduce it."""
    failure = info.failure
    lines = [f"{failure.operation}: {failure.title}", failure.message, info.code_sample[:600]]
    interaction = recorder.interactions.get(case_id)
    if interaction is not None and interaction.response is not None:
        response = interaction.response
        lines.append(f"-> {response.status_code} {response.content[:400]!r}")
    return "\n".join(lines)


def session_auth(actor: Actor) -> dict[str, Any]:
    token = actor.client.cookies["petra_session"]
    return {SESSION_COOKIE: {"api_key": token}, CSRF_TOKEN: {"api_key": actor.csrf}}


class TestContractFuzzing:
    async def test_no_operation_breaks_the_contract(self, app: FastAPI, world: World) -> None:
        admin = await world.admin()
        key = await world.api_key(admin, "read_write")
        leaving = await world.login(admin.email)
        bridge = OnTheTestLoop(app, asyncio.get_running_loop())
        runs = [
            # The key first: the session's run may revoke it.
            await asyncio.to_thread(fuzz, bridge, {API_KEY: {"bearer": key.extra["key"]}}),
            # Signing out ends the session the rest of the run uses: it gets one of its own.
            await asyncio.to_thread(fuzz, bridge, session_auth(admin), skip="logout"),
            await asyncio.to_thread(fuzz, bridge, session_auth(leaving), only="logout"),
        ]
        for outcome in runs:
            print(outcome.seconds, outcome.requests, len(outcome.operations))
            for line in sorted(outcome.failures):
                print("FAILURE", line)
            for line in outcome.errors:
                print("ERROR", line)
        assert [sorted(outcome.failures) for outcome in runs] == [[], [], []]
        assert [outcome.errors for outcome in runs] == [[], [], []]
