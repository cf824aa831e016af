from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import func, select, update

from api.audit.models import AuditEvent, Outcome
from api.auth.models import AuthSession
from api.db import utcnow
from api.permissions import Role
from tests.api.conftest import PASSWORD, World


class TestLogin:
    async def test_sets_a_http_only_lax_session_cookie(self, world: World) -> None:
        _org_id, email = await world.organization()
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=world.app), base_url="http://testserver"
        ) as client:
            response = await client.post(
                "/api/v1/auth/login", json={"email": email, "password": PASSWORD}
            )
        assert response.status_code == 200
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert "path=/" in cookie
        assert response.json()["role"] == "admin"
        assert response.json()["csrf_token"]

    async def test_wrong_password_is_refused_and_audited(
        self, world: World, anon: httpx.AsyncClient
    ) -> None:
        org_id, email = await world.organization()
        response = await anon.post("/api/v1/auth/login", json={"email": email, "password": "nope"})
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "invalid_credentials"
        assert "set-cookie" not in response.headers
        async with world.sessions() as db:
            event = (await db.execute(select(AuditEvent))).scalar_one()
        assert (event.action, event.outcome, event.actor_label) == (
            "auth.login",
            Outcome.failure,
            email,
        )
        assert event.organization_id is None or event.organization_id == org_id

    async def test_unknown_user_gets_the_same_answer(
        self, anon: httpx.AsyncClient, world: World
    ) -> None:
        response = await anon.post(
            "/api/v1/auth/login", json={"email": "ghost@example.com", "password": PASSWORD}
        )
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_credentials"

    async def test_disabled_member_cannot_sign_in(
        self, world: World, anon: httpx.AsyncClient
    ) -> None:
        admin = await world.admin()
        email = await world.member(admin.organization_id, Role.full_member)
        members = (await admin.get("/api/v1/members")).json()
        member_id = next(m["id"] for m in members if m["email"] == email)
        assert (
            await admin.patch(f"/api/v1/members/{member_id}", json={"disabled": True})
        ).status_code == 200
        response = await anon.post(
            "/api/v1/auth/login", json={"email": email, "password": PASSWORD}
        )
        assert response.status_code == 401

    async def test_too_many_attempts_answer_429_with_retry_after(
        self, world: World, anon: httpx.AsyncClient
    ) -> None:
        _, email = await world.organization()
        statuses = [
            (
                await anon.post("/api/v1/auth/login", json={"email": email, "password": "bad"})
            ).status_code
            for _ in range(6)
        ]
        assert statuses == [401] * 5 + [429]
        blocked = await anon.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert blocked.status_code == 429
        assert int(blocked.headers["retry-after"]) >= 1
        _other_org, other_email = await world.organization("Other")
        ok = await anon.post(
            "/api/v1/auth/login", json={"email": other_email, "password": PASSWORD}
        )
        assert ok.status_code == 200

    async def test_a_new_session_id_at_every_login(self, world: World) -> None:
        _, email = await world.organization()
        first = await world.login(email)
        old_cookie = dict(first.client.cookies)
        response = await first.client.post(
            "/api/v1/auth/login", json={"email": email, "password": PASSWORD}
        )
        assert response.status_code == 200
        assert dict(first.client.cookies) != old_cookie
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=world.app),
            base_url="http://testserver",
            cookies=old_cookie,
        ) as stale:
            assert (await stale.get("/api/v1/me")).status_code == 401

    async def test_foreign_origin_is_refused(self, world: World, anon: httpx.AsyncClient) -> None:
        _, email = await world.organization()
        response = await anon.post(
            "/api/v1/auth/login",
            json={"email": email, "password": PASSWORD},
            headers={"Origin": "https://evil.example"},
        )
        assert response.status_code == 403
        assert response.json()["code"] == "foreign_origin"


class TestSession:
    async def test_logout_ends_the_session_server_side(self, world: World) -> None:
        admin = await world.admin()
        cookies = dict(admin.client.cookies)
        assert (await admin.post("/api/v1/auth/logout")).status_code == 204
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=world.app),
            base_url="http://testserver",
            cookies=cookies,
        ) as replay:
            response = await replay.get("/api/v1/me")
        assert response.status_code == 401
        assert response.json()["code"] == "session_expired"

    async def test_idle_session_expires(self, world: World) -> None:
        admin = await world.admin()
        async with world.sessions() as db:
            await db.execute(update(AuthSession).values(last_seen_at=utcnow() - timedelta(hours=2)))
            await db.commit()
        assert (await admin.get("/api/v1/me")).status_code == 401

    async def test_absolute_timeout_ends_even_an_active_session(self, world: World) -> None:
        admin = await world.admin()
        async with world.sessions() as db:
            await db.execute(update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
            await db.commit()
        assert (await admin.get("/api/v1/me")).status_code == 401

    async def test_disabling_a_member_ends_their_sessions(self, world: World) -> None:
        admin = await world.admin()
        member = await world.as_role(admin, Role.full_member)
        assert (await member.get("/api/v1/me")).status_code == 200
        response = await admin.patch(f"/api/v1/members/{member.member_id}", json={"disabled": True})
        assert response.status_code == 200
        assert (await member.get("/api/v1/me")).status_code == 401
        async with world.sessions() as db:
            left = await db.scalar(
                select(func.count())
                .select_from(AuthSession)
                .where(AuthSession.member_id == member.member_id)
            )
        assert left == 0


class TestCsrf:
    async def test_missing_token_is_refused_and_changes_nothing(self, world: World) -> None:
        admin = await world.admin()
        admin_csrf, admin.csrf = admin.csrf, ""
        response = await admin.post("/api/v1/api-keys", json={"name": "k", "scope": "read"})
        assert response.status_code == 403
        assert response.json()["code"] == "csrf_token_invalid"
        admin.csrf = admin_csrf
        assert (await admin.get("/api/v1/api-keys")).json() == []

    async def test_wrong_token_is_refused(self, world: World) -> None:
        admin = await world.admin()
        admin.csrf = "not-the-token"
        response = await admin.post("/api/v1/api-keys", json={"name": "k", "scope": "read"})
        assert response.status_code == 403

    async def test_foreign_origin_is_refused_even_with_the_token(self, world: World) -> None:
        admin = await world.admin()
        response = await admin.post(
            "/api/v1/api-keys",
            json={"name": "k", "scope": "read"},
            headers={"Origin": "https://evil.example"},
        )
        assert response.status_code == 403
        assert response.json()["code"] == "foreign_origin"
        assert (await admin.get("/api/v1/api-keys")).json() == []
