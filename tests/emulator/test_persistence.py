"""An emulator restarted on its state directory (as `petra dev` restarts it) keeps the partner
sign-ins it issued; a fresh one does not."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from asgi_lifespan import LifespanManager

from api.microsoft import GRAPH_DEFAULT, PartnerCenterClient, SignInError, TokenProvider
from emulator.persistence import SAVE_DELAY, STATE_FILE
from tests.microsoft.conftest import REDIRECT, Emulator, MemoryStore, make_emulator, sign_in


@asynccontextmanager
async def _running(state_dir: Path, **create: Any) -> AsyncIterator[Emulator]:
    """One emulator process's life: started on state_dir, stopped as uvicorn stops it."""
    emulator = await make_emulator(state_dir=state_dir, **create)
    async with LifespanManager(emulator.app), emulator.http:
        yield emulator


async def _refresh_token_from_a_sign_in(emulator: Emulator) -> str:
    tokens = await emulator.sign_in()
    assert tokens.refresh_token is not None
    return tokens.refresh_token.get_secret_value()


class TestRestartOnTheSameStateDirectory:
    async def test_honours_a_refresh_token_issued_before(self, tmp_path: Path) -> None:
        async with _running(tmp_path) as first:
            assert first.app.state.restored_from is None
            stored = await _refresh_token_from_a_sign_in(first)

        async with _running(tmp_path) as second:
            assert second.app.state.restored_from == tmp_path / STATE_FILE
            refreshed = await second.identity.refresh(
                refresh_token=stored, tenant=second.portal.partner_tenant_id, scope=GRAPH_DEFAULT
            )
            assert refreshed.username == second.portal.admin_username
            assert refreshed.refresh_token is not None

    async def test_the_stored_connection_keeps_reading_partner_center(self, tmp_path: Path) -> None:
        async with _running(tmp_path) as first:
            store = MemoryStore(await _refresh_token_from_a_sign_in(first))
            before = [c.tenant_id async for c in _partner_center(first, store).customers()]

        async with _running(tmp_path) as second:
            after = [c.tenant_id async for c in _partner_center(second, store).customers()]
            # The token the first run rotated in is the one the second run honours next.
            assert store.saves
            assert after == before

    async def test_a_process_killed_without_stopping_keeps_what_it_issued(
        self, tmp_path: Path
    ) -> None:
        crashed = await make_emulator(state_dir=tmp_path)
        async with crashed.http:
            stored = await _refresh_token_from_a_sign_in(crashed)
            await asyncio.sleep(SAVE_DELAY + 0.3)  # never shut down: only the timed save ran

        async with _running(tmp_path) as restarted:
            await restarted.identity.refresh(
                refresh_token=stored,
                tenant=restarted.portal.partner_tenant_id,
                scope=GRAPH_DEFAULT,
            )

    async def test_signs_in_on_the_redirect_uri_of_this_run(self, tmp_path: Path) -> None:
        async with _running(tmp_path) as first:
            await first.sign_in()
        moved = REDIRECT.replace(":8000", ":8123")
        async with _running(tmp_path, redirect_uris=[moved]) as second:
            admin = second.portal.admin_username
            tokens = await sign_in(second.http, second.identity, admin, redirect_uri=moved)
            assert tokens.refresh_token is not None


class TestAFreshStart:
    async def test_a_new_state_directory_knows_no_earlier_sign_in(self, tmp_path: Path) -> None:
        async with _running(tmp_path / "first") as first:
            stored = await _refresh_token_from_a_sign_in(first)

        async with _running(tmp_path / "second") as other:
            with pytest.raises(SignInError) as error:
                await other.identity.refresh(
                    refresh_token=stored, tenant=other.portal.partner_tenant_id, scope=GRAPH_DEFAULT
                )
            assert error.value.code == "AADSTS9002313"

    @pytest.mark.parametrize("saved", ["another scenario", "a damaged file"])
    async def test_state_it_cannot_use_is_named_in_the_log_and_replaced(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture, saved: str
    ) -> None:
        if saved == "another scenario":
            async with _running(tmp_path, scenario="empty"):
                pass
        else:
            (tmp_path / STATE_FILE).write_text('{"format": 1, "tenants": ')
        with caplog.at_level(logging.WARNING, logger="emulator.persistence"):
            async with _running(tmp_path) as fresh:
                assert len((await fresh.truth())["customers"]) == 40
                stored = await _refresh_token_from_a_sign_in(fresh)
        assert "was not restored" in caplog.text
        assert "Reauthenticate" in caplog.text
        async with _running(tmp_path) as restarted:
            await restarted.identity.refresh(
                refresh_token=stored,
                tenant=restarted.portal.partner_tenant_id,
                scope=GRAPH_DEFAULT,
            )


def _partner_center(emulator: Emulator, store: MemoryStore) -> PartnerCenterClient:
    provider = TokenProvider(
        emulator.identity, store, partner_tenant_id=emulator.portal.partner_tenant_id
    )
    return PartnerCenterClient(emulator.http, emulator.endpoints, provider, policy=emulator.policy)
