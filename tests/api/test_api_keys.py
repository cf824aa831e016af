from __future__ import annotations

from sqlalchemy import select, text

from api.auth.models import ApiKey
from tests.api.conftest import World


class TestApiKeys:
    async def test_secret_is_shown_once_and_stored_hashed(self, world: World) -> None:
        admin = await world.admin()
        created = await admin.post("/api/v1/api-keys", json={"name": "PSA sync", "scope": "read"})
        assert created.status_code == 201
        secret = created.json()["key"]
        listed = (await admin.get("/api/v1/api-keys")).json()
        assert [k["name"] for k in listed] == ["PSA sync"]
        assert "key" not in listed[0]
        async with world.sessions() as db:
            dump = (
                await db.execute(text("select row_to_json(api_key)::text from api_key"))
            ).scalars()
            assert all(secret not in row and secret.split("_")[2] not in row for row in dump)

    async def test_read_key_reads_and_records_last_use(self, world: World) -> None:
        admin = await world.admin()
        key = await world.api_key(admin, "read")
        me = await key.get("/api/v1/me")
        assert me.status_code == 200
        assert me.json()["actor_type"] == "api_key"
        assert me.json()["api_key_scope"] == "read"
        async with world.sessions() as db:
            row = (await db.execute(select(ApiKey))).scalar_one()
        assert row.last_used_at is not None

    async def test_read_key_cannot_write(self, world: World) -> None:
        admin = await world.admin()
        key = await world.api_key(admin, "read")
        response = await key.post("/api/v1/auth/logout")
        assert response.status_code == 403

    async def test_keys_cannot_manage_members_or_keys(self, world: World) -> None:
        admin = await world.admin()
        key = await world.api_key(admin, "read_write")
        assert (await key.get("/api/v1/members")).status_code == 403
        made = await key.post("/api/v1/api-keys", json={"name": "escalate", "scope": "read_write"})
        assert made.status_code == 403
        assert len((await admin.get("/api/v1/api-keys")).json()) == 1

    async def test_revoked_key_is_refused(self, world: World) -> None:
        admin = await world.admin()
        key = await world.api_key(admin, "read")
        assert (await admin.delete(f"/api/v1/api-keys/{key.extra['key_id']}")).status_code == 204
        response = await key.get("/api/v1/me")
        assert response.status_code == 401
        assert response.json()["code"] == "api_key_revoked"
        listed = (await admin.get("/api/v1/api-keys")).json()
        assert listed[0]["revoked_at"] is not None

    async def test_forged_and_malformed_keys_are_refused(self, world: World) -> None:
        admin = await world.admin()
        key = await world.api_key(admin, "read")
        forged = key.extra["key"][:-4] + "AAAA"
        for header in (f"Bearer {forged}", "Bearer nonsense", "Basic Zm9vOmJhcg==", "Bearer "):
            response = await key.client.get("/api/v1/me", headers={"Authorization": header})
            assert response.status_code == 401, header
            assert response.headers["content-type"] == "application/problem+json"
