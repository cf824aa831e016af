from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.main import create_app
from api.microsoft.http import create_http_client
from api.orgs.schemas import MemberCreate
from api.orgs.service import add_member, bootstrap_admin
from api.permissions import Role
from api.resources import Resources, build_resources
from api.settings import Settings
from emulator.app import create_app as create_emulator
from emulator.scenario import portal_app
from tests.api.observed_problems import (  # the hooks check the run's 4xx against the contract
    pytest_sessionfinish,  # noqa: F401
    pytest_terminal_summary,  # noqa: F401
    record_problems,
)

PASSWORD = "correct horse battery staple"
BASE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _isolate(clean: None) -> None:
    """Every API test starts from empty tables and an empty Redis database."""


EMULATOR_URL = "http://emulator.test"
PORTAL_APP = portal_app(seed=1)


@pytest.fixture
def emulator() -> FastAPI:
    """Microsoft, as the emulator plays it: the demo scenario's partner and 40 customers."""
    return create_emulator(
        scenario="demo",
        control_enabled=True,
        public_url=EMULATOR_URL,
        redirect_uris=[
            f"{BASE_URL}/api/v1/partner-center/callback",
            f"{BASE_URL}/api/v1/tenants/individual/callback",
        ],
    )


@pytest.fixture
def wire(emulator: FastAPI) -> httpx.AsyncBaseTransport:
    """What carries the portal's calls to the emulator: a test module may wrap it to watch them."""
    return httpx.ASGITransport(app=emulator)


@pytest.fixture
async def microsoft(wire: httpx.AsyncBaseTransport) -> AsyncIterator[httpx.AsyncClient]:
    """The one HTTP client the portal (and the test's browser) use to reach Microsoft."""
    async with create_http_client(transport=wire) as client:
        yield client


@pytest.fixture
async def synced(world: World, microsoft: httpx.AsyncClient, worker: Resources) -> Actor:
    """An admin whose Partner Center is connected and whose tenants are synced once."""
    # Imported here: the flow's helpers import this module.
    from tests.api.test_partner_center_flow import connect, sync

    admin = await world.admin()
    await connect(admin, microsoft)
    assert (await sync(admin, worker))["state"] == "succeeded"
    # Short, so an onboarding's wait for the app is seen and costs a second.
    await microsoft.put(
        f"{EMULATOR_URL}/_emulator/settings", json={"propagation_delay_seconds": 0.5}
    )
    return admin


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "ms_login_url": f"{EMULATOR_URL}/login",
            "ms_graph_url": f"{EMULATOR_URL}/graph",
            "ms_partner_center_url": f"{EMULATOR_URL}/partnercenter",
            "ms_admin_center_url": f"{EMULATOR_URL}/admin",
            "ms_management_url": f"{EMULATOR_URL}/manage",
            "ms_client_id": PORTAL_APP.client_id,
            "ms_client_secret": SecretStr(PORTAL_APP.client_secret),
            # Small batches: the demo's tenants then span several jobs, some started mid-listing.
            "sync_batch_size": 10,
        }
    )


@pytest.fixture
async def app(settings: Settings, microsoft: httpx.AsyncClient) -> AsyncIterator[FastAPI]:
    application = create_app(settings, http=microsoft)
    record_problems(application)
    async with LifespanManager(application):
        yield application


@pytest.fixture
async def worker(
    settings: Settings, microsoft: httpx.AsyncClient, engine: AsyncEngine
) -> AsyncIterator[Resources]:
    """A worker's resources wired to the emulator; `run_burst(worker)` drains the queue."""
    resources = await build_resources(settings, http=microsoft, engine=engine)
    yield resources
    await resources.close()


def client_for(app: FastAPI, **kwargs: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL, **kwargs)


@pytest.fixture
async def anon(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client


@dataclass
class Actor:
    """A signed-in member (or an API key holder) with a client that sends what a browser would."""

    client: httpx.AsyncClient
    organization_id: uuid.UUID
    member_id: uuid.UUID | None = None
    email: str = ""
    csrf: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if self.csrf and method.upper() not in ("GET", "HEAD", "OPTIONS"):
            headers.setdefault("X-CSRF-Token", self.csrf)
        return await self.client.request(method, url, headers=headers, **kwargs)

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", url, **kwargs)


class World:
    """Builds organizations, members and API keys the way a user would get them."""

    def __init__(self, app: FastAPI, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.app = app
        self.sessions = sessions
        self.clients: list[httpx.AsyncClient] = []

    async def organization(self, name: str = "Contoso MSP") -> tuple[uuid.UUID, str]:
        email = f"admin-{uuid.uuid4().hex[:8]}@example.com"
        async with self.sessions() as db:
            org, _, _ = await bootstrap_admin(db, name, email, PASSWORD)
            await db.commit()
        return org.id, email

    async def member(
        self, org_id: uuid.UUID, role: Role, *, can_manage_tenants: bool = True
    ) -> str:
        email = f"{role.value}-{uuid.uuid4().hex[:8]}@example.com"
        async with self.sessions() as db:
            await add_member(
                db,
                org_id,
                MemberCreate(
                    email=email,
                    role=role,
                    can_manage_tenants=can_manage_tenants,
                    password=PASSWORD,
                ),
            )
            await db.commit()
        return email

    async def login(self, email: str, password: str = PASSWORD) -> Actor:
        client = client_for(self.app)
        self.clients.append(client)
        response = await client.post(
            "/api/v1/auth/login", json={"email": email, "password": password}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        return Actor(
            client=client,
            organization_id=uuid.UUID(body["organization"]["id"]),
            member_id=uuid.UUID(body["member_id"]),
            email=email,
            csrf=body["csrf_token"],
        )

    async def admin(self, name: str = "Contoso MSP") -> Actor:
        _org_id, email = await self.organization(name)
        return await self.login(email)

    async def as_role(self, admin: Actor, role: Role, *, can_manage_tenants: bool = True) -> Actor:
        email = await self.member(
            admin.organization_id, role, can_manage_tenants=can_manage_tenants
        )
        return await self.login(email)

    async def api_key(self, admin: Actor, scope: str) -> Actor:
        response = await admin.post(
            "/api/v1/api-keys", json={"name": f"{scope} key", "scope": scope}
        )
        assert response.status_code == 201, response.text
        client = client_for(self.app, headers={"Authorization": f"Bearer {response.json()['key']}"})
        self.clients.append(client)
        return Actor(
            client=client,
            organization_id=admin.organization_id,
            extra={"key_id": response.json()["id"], "key": response.json()["key"]},
        )

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()


@pytest.fixture
async def world(
    app: FastAPI, db_sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[World]:
    built = World(app, db_sessions)
    yield built
    await built.close()
