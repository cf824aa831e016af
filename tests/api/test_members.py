from __future__ import annotations

from api.permissions import Role
from tests.api.conftest import World


class TestCreateMember:
    async def test_a_generated_password_is_shown_once_and_works(self, world: World) -> None:
        admin = await world.admin()
        created = await admin.post(
            "/api/v1/members", json={"email": "New.Person@example.com", "role": "full_member"}
        )
        assert created.status_code == 201, created.text
        password = created.json()["initial_password"]
        assert password
        listed = (await admin.get("/api/v1/members")).json()
        assert "new.person@example.com" in [m["email"] for m in listed]
        assert all("initial_password" not in m for m in listed)
        newcomer = await world.login("new.person@example.com", password)
        assert (await newcomer.get("/api/v1/me")).json()["role"] == "full_member"


class TestUpdateMember:
    async def test_the_last_active_admin_can_neither_step_down_nor_be_disabled(
        self, world: World
    ) -> None:
        admin = await world.admin()
        for change in ({"role": "billing"}, {"disabled": True}):
            response = await admin.patch(f"/api/v1/members/{admin.member_id}", json=change)
            assert response.status_code == 409, change
            assert response.json()["code"] == "last_admin"
        assert (await admin.get("/api/v1/me")).json()["role"] == "admin"


class TestDeleteMember:
    async def test_removal_ends_the_members_sessions(self, world: World) -> None:
        admin = await world.admin()
        member = await world.as_role(admin, Role.full_member)
        assert (await member.get("/api/v1/me")).status_code == 200
        assert (await admin.delete(f"/api/v1/members/{member.member_id}")).status_code == 204
        assert (await member.get("/api/v1/me")).status_code == 401
        listed = (await admin.get("/api/v1/members")).json()
        assert str(member.member_id) not in [m["id"] for m in listed]

    async def test_the_last_admin_cannot_be_removed(self, world: World) -> None:
        admin = await world.admin()
        response = await admin.delete(f"/api/v1/members/{admin.member_id}")
        assert response.status_code == 409
        assert response.json()["code"] == "last_admin"
        assert (await admin.get("/api/v1/me")).status_code == 200
