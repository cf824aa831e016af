"""Schemathesis over every operation of the contract, with each kind of credential.

The session's run is what `schemathesis run --checks all` does, NUL bytes allowed, in-process
against the test app on real PostgreSQL and Redis, with a bounded number of examples per
operation; the API key's run leaves out the coverage phase, whose cases do not depend on who
sends them. Every 4xx seen is also held to the contract by tests/api/observed_problems.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import schemathesis
import yaml
from fastapi import FastAPI
from hypothesis import strategies as st
from schemathesis.engine import events
from schemathesis.engine.recorder import CheckFailureInfo, ScenarioRecorder
from starlette.types import Message, Receive, Scope, Send

from api.cli import openapi_document
from api.openapi import API_KEY, CSRF_TOKEN, CURSOR, SESSION_COOKIE
from tests.api.conftest import Actor, World

# Per operation and phase (the three runs take about two minutes on two cores); the coverage phase
# enumerates its boundary cases whatever this says.
MAX_EXAMPLES = 10
SEED = 20261201
ALL_PHASES = ("examples", "coverage", "fuzzing", "stateful")
# The coverage phase's cases are the same whoever sends them; the session reaches every route.
KEY_PHASES = ("examples", "fuzzing", "stateful")

# A cursor is never made up, only passed back; the one any client may send is the first page's.
schemathesis.openapi.format(CURSOR, st.just(""))


class OnTheTestLoop:
    """The app as an ASGI app schemathesis can call from its own event loop thread.

    The app's database and Redis connections belong to the test's event loop: each request is
    handed to that loop whole, and the response's messages come back as the app sends them, so
    schemathesis can cut an event stream short as on a real connection.
    """

    def __init__(self, app: FastAPI, loop: asyncio.AbstractEventLoop) -> None:
        self.app = app
        self.loop = loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            # Refused before any message is read: the test's fixtures run the app's lifespan.
            raise RuntimeError("the test's fixtures run the app's lifespan")
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
            self._serve(scope, body, reply), self.loop
        )
        try:
            while (answer := await replies.get()) is not None:
                await send(answer)
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
            await asyncio.Event().wait()  # connected until schemathesis hangs up (cancels)
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            reply(message)

        try:
            await self.app(dict(scope), receive, send)
        finally:
            reply(None)


@dataclass
class Outcome:
    """What a run found, as schemathesis reports it, and which operations it tried."""

    failures: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    operations: set[str] = field(default_factory=set)


def described(recorder: ScenarioRecorder, case_id: str, info: CheckFailureInfo) -> str:
    """The failure, the request that showed it and the answer, enough to reproduce it."""
    failure = info.failure
    lines = [f"{failure.operation}: {failure.title}", failure.message, info.code_sample[:600]]
    interaction = recorder.interactions.get(case_id)
    if interaction is not None and interaction.response is not None:
        response = interaction.response
        lines.append(f"-> {response.status_code} {response.content[:400]!r}")
    return "\n".join(lines)


def fuzz(
    app: OnTheTestLoop,
    auth: dict[str, Any],
    *,
    phases: tuple[str, ...] = ALL_PHASES,
    only: str | None = None,
    skip: str | None = None,
) -> Outcome:
    """One `schemathesis run --checks all` with these credentials (schemathesis' names for the
    contract's security schemes), over every operation, or only or all but one of them."""
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "cache": {"enabled": False},
            "generation": {"max-examples": MAX_EXAMPLES, "allow-x00": True, "database": "none"},
            # Literals read from the app's source are sent whatever a parameter's format says;
            # a cursor is only ever one the API gave out.
            "analysis": {"constants": {"enabled": False}},
            "phases": {name: {"enabled": name in phases} for name in ALL_PHASES},
            "auth": {"openapi": auth},
        }
    )
    config.projects.override.checks.update(included_check_names=["all"])
    schema: schemathesis.BaseSchema = schemathesis.openapi.from_asgi(
        "/api/openapi.json", app, config=config
    )
    if only is not None:
        schema = schema.include(operation_id=only)
    if skip is not None:
        schema = schema.exclude(operation_id=skip)
    outcome = Outcome()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            if event.phase.value in ("examples", "coverage", "fuzzing") and recorder.interactions:
                outcome.operations.add(recorder.label)
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    if check.failure_info is not None:
                        outcome.failures.add(described(recorder, case_id, check.failure_info))
        elif isinstance(event, events.NonFatalError):
            outcome.errors.append(f"{event.label}: {event.info}")
        elif isinstance(event, events.FatalError):
            outcome.errors.append(repr(event.exception))
    return outcome


def session(actor: Actor) -> dict[str, Any]:
    return {
        SESSION_COOKIE: {"api_key": actor.client.cookies["petra_session"]},
        CSRF_TOKEN: {"api_key": actor.csrf},
    }


def contract_operations() -> set[str]:
    document = yaml.safe_load(openapi_document())
    return {
        f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item
    }


class TestContractFuzzing:
    async def test_no_operation_breaks_the_contract(self, app: FastAPI, world: World) -> None:
        admin = await world.admin()
        key = await world.api_key(admin, "read_write")
        leaving = await world.login(admin.email)
        on_loop = OnTheTestLoop(app, asyncio.get_running_loop())

        def run(auth: dict[str, Any], **kwargs: Any) -> Outcome:
            return fuzz(on_loop, auth, **kwargs)

        by_key = await asyncio.to_thread(
            run, {API_KEY: {"bearer": key.extra["key"]}}, phases=KEY_PHASES
        )
        # After the key's run: the session's may revoke the key. Signing out ends the session
        # the run uses, so that operation gets a session of its own.
        by_session = await asyncio.to_thread(run, session(admin), skip="logout")
        signing_out = await asyncio.to_thread(run, session(leaving), only="logout")
        runs = {"api key": by_key, "session": by_session, "signing out": signing_out}

        found = {name: sorted(outcome.failures) + outcome.errors for name, outcome in runs.items()}
        assert found == {name: [] for name in runs}, "\n\n".join(
            f"[{name}]\n" + "\n\n".join(lines) for name, lines in found.items() if lines
        )
        tested = by_session.operations | signing_out.operations
        assert tested >= contract_operations()
        assert by_key.operations >= contract_operations()
