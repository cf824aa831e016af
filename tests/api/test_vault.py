"""Refresh tokens at rest: sealed, bound to their organization, rotatable, never in a log."""

from __future__ import annotations

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text, update

from api.partner_center.models import PartnerConnection
from api.partner_center.rotation import rotate_all
from api.resources import Resources
from api.vault import TokenVault, VaultError, connection_binding
from tests.api.conftest import World
from tests.api.test_partner_center_flow import connect, sync


async def _sealed(world: World) -> dict[object, bytes]:
    async with world.sessions() as db:
        rows = await db.execute(
            select(PartnerConnection.organization_id, PartnerConnection.refresh_token_sealed)
        )
        return {org: sealed for org, sealed in rows.all() if sealed}


class TestVault:
    def test_a_sealed_value_opens_only_for_its_row(self) -> None:
        vault = TokenVault([Fernet.generate_key().decode()])
        sealed = vault.seal("refresh-token", bound_to="partner_connection:a")
        assert vault.open(sealed, bound_to="partner_connection:a") == "refresh-token"
        with pytest.raises(VaultError):
            vault.open(sealed, bound_to="partner_connection:b")

    def test_rotation_moves_to_the_new_key(self) -> None:
        old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
        sealed = TokenVault([old]).seal("secret", bound_to="x")
        rotated = TokenVault([new, old]).rotate(sealed)
        assert TokenVault([new]).open(rotated, bound_to="x") == "secret"
        with pytest.raises(VaultError):
            TokenVault([new]).open(sealed, bound_to="x")

    def test_bad_keys_are_refused_at_start(self) -> None:
        with pytest.raises(ValueError, match="Fernet"):
            TokenVault(["not-a-key"])


class TestTokensAtRest:
    async def test_no_plaintext_token_in_the_database_and_no_token_in_logs(
        self,
        world: World,
        microsoft: httpx.AsyncClient,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        sealed = await _sealed(world)
        [(org_id, blob)] = sealed.items()
        vault = world.app.state.vault
        token = vault.open(blob, bound_to=connection_binding(org_id))
        async with world.sessions() as db:
            dump = "\n".join(
                (await db.execute(text("select row_to_json(t)::text from partner_connection t")))
                .scalars()
                .all()
            )
        assert token not in dump
        assert token[:24] not in dump
        captured = capsys.readouterr()
        assert token[:24] not in captured.out + captured.err

    async def test_a_token_copied_to_another_organization_does_not_open(
        self, world: World, microsoft: httpx.AsyncClient
    ) -> None:
        victim = await world.admin("Victim MSP")
        await connect(victim, microsoft)
        thief = await world.admin("Thief MSP")
        await connect(thief, microsoft)
        sealed = await _sealed(world)
        victim_blob = sealed[victim.organization_id]
        async with world.sessions() as db:
            await db.execute(
                update(PartnerConnection)
                .where(PartnerConnection.organization_id == thief.organization_id)
                .values(refresh_token_sealed=victim_blob)
            )
            await db.commit()
        vault = world.app.state.vault
        with pytest.raises(VaultError):
            vault.open(victim_blob, bound_to=connection_binding(thief.organization_id))

    async def test_rotate_key_rewrites_every_row_and_old_key_can_go(
        self, world: World, microsoft: httpx.AsyncClient
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        old_vault: TokenVault = world.app.state.vault
        old_key = world.app.state.settings.token_encryption_keys.get_secret_value()
        new_key = Fernet.generate_key().decode()
        before = await _sealed(world)
        async with world.sessions() as db:
            assert await rotate_all(db, TokenVault([new_key, old_key])) == 1
            await db.commit()
        after = await _sealed(world)
        new_only = TokenVault([new_key])
        for org_id, blob in after.items():
            assert blob != before[org_id]
            assert new_only.open(blob, bound_to=connection_binding(org_id)) == old_vault.open(
                before[org_id], bound_to=connection_binding(org_id)
            )


class TestUnreadableSignIn:
    async def test_a_sign_in_sealed_under_a_removed_key_asks_for_reauthentication(
        self, world: World, microsoft: httpx.AsyncClient, worker: Resources
    ) -> None:
        admin = await world.admin()
        await connect(admin, microsoft)
        # The old key was dropped from TOKEN_ENCRYPTION_KEYS before `petra rotate-key` ran.
        worker.vault = TokenVault([Fernet.generate_key().decode()])
        operation = await sync(admin, worker)
        assert operation["state"] == "failed"
        assert operation["error_code"] == "partner_sign_in_required"
        connection = (await admin.get("/api/v1/partner-center/connection")).json()
        assert connection["state"] == "needs_reauth"
        assert "cannot be decrypted" in connection["reauth_reason"]
