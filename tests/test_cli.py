"""The admin chores a person runs from a shell."""

from __future__ import annotations

import asyncio
import json
import socket
import sys

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from api.cli import DEMO_EMAIL, app
from api.orgs.models import Member, Organization
from api.settings import get_settings
from tests.services import Services


@pytest.fixture
def cli_env(backing: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", backing.database_url)
    monkeypatch.setenv("REDIS_URL", backing.redis_url)
    get_settings.cache_clear()


async def _invoke(*args: str, stdin: str | None = None) -> tuple[int, str]:
    def run() -> tuple[int, str]:
        result = CliRunner().invoke(app, list(args), input=stdin)
        return result.exit_code, result.output

    try:
        return await asyncio.to_thread(run)
    finally:
        get_settings.cache_clear()


async def _counts(engine: AsyncEngine) -> tuple[int, int]:
    async with engine.connect() as conn:
        orgs = await conn.scalar(select(func.count()).select_from(Organization))
        members = await conn.scalar(select(func.count()).select_from(Member))
    return int(orgs or 0), int(members or 0)


async def _empty(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("TRUNCATE organization, app_user CASCADE"))


async def test_create_admin_bootstraps_once(cli_env: None, engine: AsyncEngine) -> None:
    await _empty(engine)
    code, output = await _invoke(
        "create-admin", "--org", "Fabrikam MSP", "--email", "Owner@Fabrikam.example",
        stdin="a long enough password\n",
    )  # fmt: skip
    assert code == 0, output
    assert "created: organization" in output
    code, output = await _invoke(
        "create-admin", "--org", "Fabrikam MSP", "--email", "owner@fabrikam.example",
        stdin="a long enough password\n",
    )  # fmt: skip
    assert code == 0
    assert "exists: organization" in output
    assert await _counts(engine) == (1, 1)


async def test_create_admin_refuses_a_short_password(cli_env: None, engine: AsyncEngine) -> None:
    await _empty(engine)
    code, output = await _invoke(
        "create-admin", "--org", "Short MSP", "--email", "a@b.example", stdin="short\n"
    )
    assert code == 2
    assert "12 characters" in output
    assert await _counts(engine) == (0, 0)


async def test_seed_demo_prints_the_same_login_every_time(
    cli_env: None, engine: AsyncEngine
) -> None:
    await _empty(engine)
    first = await _invoke("seed-demo")
    second = await _invoke("seed-demo")
    assert first[0] == second[0] == 0
    assert json.loads(first[1].strip().splitlines()[-1])["email"] == DEMO_EMAIL
    assert first[1] == second[1]
    assert await _counts(engine) == (1, 1)


async def test_seed_demo_refuses_production(cli_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEYS", "q6fK3n0bZr9o1vJ1lJ8b4VnQ2m7a5c0d9e8f7g6h5i4=")
    code, output = await _invoke("seed-demo")
    assert code == 2
    assert "production" in output


async def test_dev_without_the_development_tools_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The production image ships no devtools package; importing it there fails like this.
    monkeypatch.setitem(sys.modules, "devtools.devrun", None)
    code, output = await _invoke("dev")
    assert code == 2
    assert "petra dev needs a development install" in output


async def test_sync_starts_through_the_same_rules_as_the_button(
    cli_env: None, engine: AsyncEngine
) -> None:
    await _empty(engine)
    code, output = await _invoke("sync", "--org", "Nobody MSP")
    assert code == 1
    assert "no organization named 'Nobody MSP'" in output
    await _invoke(
        "create-admin", "--org", "Fabrikam MSP", "--email", "owner@fabrikam.example",
        stdin="a long enough password\n",
    )  # fmt: skip
    code, output = await _invoke("sync", "--org", "Fabrikam MSP")
    assert code == 1
    assert "Connect Partner Center first." in output


async def test_only_an_operator_turns_scan_on_for_an_organization(
    cli_env: None, engine: AsyncEngine
) -> None:
    await _empty(engine)
    code, output = await _invoke("org", "set-feature", "Nobody MSP", "scan", "on")
    assert code == 1
    assert "no organization named 'Nobody MSP'" in output
    await _invoke(
        "create-admin", "--org", "Fabrikam MSP", "--email", "owner@fabrikam.example",
        stdin="a long enough password\n",
    )  # fmt: skip
    code, output = await _invoke("org", "set-feature", "Fabrikam MSP", "teleport", "on")
    assert code == 1
    assert "unknown feature 'teleport'" in output
    code, output = await _invoke("org", "set-feature", "Fabrikam MSP", "scan", "maybe")
    assert code == 2
    code, output = await _invoke("org", "set-feature", "Fabrikam MSP", "scan", "on")
    assert code == 0, output
    assert output.startswith("scan on: organization")
    async with engine.connect() as conn:
        enabled = await conn.scalar(text("SELECT enabled FROM organization_feature"))
    assert enabled is True
    code, output = await _invoke("org", "set-feature", "Fabrikam MSP", "scan", "off")
    assert code == 0, output
    async with engine.connect() as conn:
        enabled = await conn.scalar(text("SELECT enabled FROM organization_feature"))
    assert enabled is False


class TestCreateAdminWithoutADatabase:
    async def test_says_how_to_configure_one_before_asking_for_a_password(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
        get_settings.cache_clear()
        code, output = await _invoke(
            "create-admin", "--org", "Fabrikam MSP", "--email", "owner@fabrikam.example",
            stdin="a long enough password\n",
        )  # fmt: skip
        assert code == 2
        assert output.count("\n") == 1, output
        assert "Password" not in output
        assert "DATABASE_URL is not set" in output
        assert "petra dev" in output

    async def test_says_which_database_it_cannot_reach_before_asking(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        monkeypatch.setenv("DATABASE_URL", f"postgresql://postgres@127.0.0.1:{port}/petra")
        get_settings.cache_clear()
        code, output = await _invoke(
            "create-admin", "--org", "Fabrikam MSP", "--email", "owner@fabrikam.example",
            stdin="a long enough password\n",
        )  # fmt: skip
        assert code == 1
        assert output.count("\n") == 1, output
        assert "Password" not in output
        assert f"cannot reach PostgreSQL at 127.0.0.1:{port}/petra" in output


async def test_the_plain_postgresql_url_works_as_database_url(
    backing: Services, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What psql takes and `petra dev` prints, with no SQLAlchemy driver in the scheme.
    plain = make_url(backing.database_url).set(drivername="postgresql")
    monkeypatch.setenv("DATABASE_URL", plain.render_as_string(hide_password=False))
    monkeypatch.setenv("REDIS_URL", backing.redis_url)
    get_settings.cache_clear()
    await _empty(engine)
    code, output = await _invoke(
        "create-admin", "--org", "Plain MSP", "--email", "owner@plain.example",
        stdin="a long enough password\n",
    )  # fmt: skip
    assert code == 0, output
    assert "created: organization" in output
    assert await _counts(engine) == (1, 1)
