"""`petra`: run the server, the worker, the emulator, migrations and admin chores."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
import yaml

from api.settings import NO_DATABASE, get_settings

app = typer.Typer(help="Petra Portal", no_args_is_help=True, add_completion=False)
DEMO_ORG = "Demo MSP"
DEMO_EMAIL = "demo@petra.local"
DEMO_PASSWORD = "petra-demo-password"  # noqa: S105 - printed by `petra dev` for the local demo only
DATABASE_CHECK_TIMEOUT = 10.0


def _require_database() -> None:
    """Stop a command that needs PostgreSQL in one line, before it asks anything, when none is
    configured."""
    if not get_settings().database_url:
        typer.echo(f"error: {NO_DATABASE}", err=True)
        raise typer.Exit(2)


async def _unreachable_database() -> str | None:
    """Why the configured database cannot be used, in one line; None when it answers."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from api.db import create_engine

    settings = get_settings()
    url = make_url(settings.require_database_url())
    engine = create_engine(settings)
    try:
        async with asyncio.timeout(DATABASE_CHECK_TIMEOUT), engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except (OSError, SQLAlchemyError, TimeoutError) as exc:
        cause = getattr(exc, "orig", None) or exc
        reason = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        where = f"{url.host}:{url.port or 5432}/{url.database}"
        return f"cannot reach PostgreSQL at {where} ({reason}); is it running, DATABASE_URL right?"
    finally:
        await engine.dispose()
    return None


@app.command()
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
) -> None:
    """Run the API (and the built SPA)."""
    import uvicorn

    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # The app reads X-Forwarded-* itself, from TRUSTED_PROXIES only (api.middleware):
        # uvicorn's own handling would trust 127.0.0.1, and a local reverse proxy with it.
        proxy_headers=False,
        access_log=False,
    )


@app.command()
def worker() -> None:
    """Run an arq worker process."""
    # The worker hosts the web package, not the other way round: the command hands this process
    # over to it instead of importing it.
    os.execv(sys.executable, [sys.executable, "-m", "workers"])  # noqa: S606


@app.command()
def migrate() -> None:
    """Apply every database migration."""
    from api.migrate import upgrade

    _require_database()
    upgrade(get_settings().require_database_url())
    typer.echo("database is up to date")


@app.command()
def dev(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    emulator_port: Annotated[int, typer.Option()] = 8765,
    data_dir: Annotated[Path, typer.Option()] = Path(".petra"),
) -> None:
    """Everything on the embedded default: PostgreSQL, Redis, emulator, API and a worker."""
    try:
        from devtools.devrun import run_dev
    except ImportError as exc:
        # The production image ships neither devtools/ nor the embedded servers' wheels.
        typer.echo(f"petra dev needs a development install (make install): {exc}", err=True)
        raise typer.Exit(2) from exc

    raise typer.Exit(run_dev(host=host, port=port, emulator_port=emulator_port, data_dir=data_dir))


@app.command()
def emulator(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8765,
    scenario: Annotated[str, typer.Option()] = "demo",
    seed: Annotated[int, typer.Option()] = 1,
    size: Annotated[int | None, typer.Option()] = None,
    control: Annotated[bool, typer.Option(help="enable the /_emulator/ control API")] = True,
    redirect_uri: Annotated[
        list[str] | None,
        typer.Option(help="redirect URI registered for the portal app (repeatable)"),
    ] = None,
    state_dir: Annotated[
        Path | None,
        typer.Option(help="keep the emulated world here, so a restart keeps issued sign-ins"),
    ] = None,
) -> None:
    """Run the Microsoft emulator (identity, Graph, Partner Center)."""
    from emulator.server import serve as serve_emulator

    serve_emulator(
        host=host,
        port=port,
        scenario=scenario,
        seed=seed,
        size=size,
        control_enabled=control,
        redirect_uris=redirect_uri or None,
        state_dir=state_dir,
    )


async def _bootstrap(org: str, email: str, password: str) -> tuple[bool, str]:
    from api.db import create_engine, create_sessionmaker
    from api.orgs.service import bootstrap_admin

    engine = create_engine(get_settings())
    try:
        async with create_sessionmaker(engine)() as db:
            organization, _, created = await bootstrap_admin(db, org, email, password)
            await db.commit()
            return created, str(organization.id)
    finally:
        await engine.dispose()


@app.command("create-admin")
def create_admin(
    org: Annotated[str, typer.Option(help="organization name")],
    email: Annotated[str, typer.Option()],
) -> None:
    """Create an organization and its first admin (asks for the password)."""
    _require_database()
    problem = asyncio.run(_unreachable_database())
    if problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1)
    password: str = typer.prompt("Password (12+ characters)", hide_input=True)
    if len(password) < 12:
        typer.echo("password must be at least 12 characters", err=True)
        raise typer.Exit(2)
    created, org_id = asyncio.run(_bootstrap(org, email, password))
    typer.echo(f"{'created' if created else 'exists'}: organization {org_id}, admin {email}")


async def _start_sync(org: str) -> str:
    from sqlalchemy import select

    from api.errors import AppError
    from api.orgs.models import Organization
    from api.resources import build_resources
    from api.tenants.sync import start_sync

    resources = await build_resources(get_settings())
    try:
        async with resources.transaction() as db:
            org_id = await db.scalar(select(Organization.id).where(Organization.name == org))
            if org_id is None:
                return f"error: no organization named {org!r}"
            try:
                operation, created = await start_sync(db, resources.queue, org_id, None)
            except AppError as exc:
                return f"error: {exc.detail}"
            return f"{'started' if created else 'running'}: operation {operation.id}"
    finally:
        await resources.close()


@app.command()
def sync(org: Annotated[str, typer.Option(help="organization name")]) -> None:
    """Start a sync of an organization's tenants (the same operation Sync Tenants starts)."""
    _require_database()
    said = asyncio.run(_start_sync(org))
    typer.echo(said, err=said.startswith("error"))
    if said.startswith("error"):
        raise typer.Exit(1)


org_app = typer.Typer(help="Organization settings only an operator changes", no_args_is_help=True)
app.add_typer(org_app, name="org")


async def _set_feature(org: str, feature: str, enabled: bool) -> str:
    import uuid

    from sqlalchemy import or_, select

    from api.db import create_engine, create_sessionmaker
    from api.orgs.models import Organization
    from api.scans.service import FEATURES, set_feature

    if feature not in FEATURES:
        return f"error: unknown feature {feature!r}; expected one of {', '.join(FEATURES)}"
    engine = create_engine(get_settings())
    try:
        async with create_sessionmaker(engine)() as db, db.begin():
            match = Organization.name == org
            with contextlib.suppress(ValueError):
                match = or_(match, Organization.id == uuid.UUID(org))
            org_id = await db.scalar(select(Organization.id).where(match))
            if org_id is None:
                return f"error: no organization named {org!r}"
            await set_feature(db, org_id, feature, enabled)
            return f"{feature} {'on' if enabled else 'off'}: organization {org_id}"
    finally:
        await engine.dispose()


@org_app.command("set-feature")
def set_feature_command(
    org: Annotated[str, typer.Argument(help="organization name or id")],
    feature: Annotated[str, typer.Argument(help="the feature, e.g. scan")],
    state: Annotated[str, typer.Argument(help="on or off")],
) -> None:
    """Turn a feature available on request (Petra Scan) on or off for an organization."""
    if state not in ("on", "off"):
        typer.echo("error: the state is on or off", err=True)
        raise typer.Exit(2)
    _require_database()
    said = asyncio.run(_set_feature(org, feature, state == "on"))
    typer.echo(said, err=said.startswith("error"))
    if said.startswith("error"):
        raise typer.Exit(1)


@app.command("seed-demo")
def seed_demo() -> None:
    """Create the demo organization for the local run; prints its login as JSON."""
    if get_settings().environment == "production":
        typer.echo("refusing to seed a demo login in production", err=True)
        raise typer.Exit(2)
    _require_database()
    asyncio.run(_bootstrap(DEMO_ORG, DEMO_EMAIL, DEMO_PASSWORD))
    typer.echo(json.dumps({"email": DEMO_EMAIL, "password": DEMO_PASSWORD}))


async def _rotate_keys() -> int:
    from api.db import create_engine, create_sessionmaker
    from api.partner_center.rotation import rotate_all
    from api.vault import TokenVault

    settings = get_settings()
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as db:
            rotated = await rotate_all(db, TokenVault.from_settings(settings))
            await db.commit()
            return rotated
    finally:
        await engine.dispose()


@app.command("rotate-key")
def rotate_key() -> None:
    """Re-encrypt every stored secret under the first TOKEN_ENCRYPTION_KEYS key.

    Put the new key first and keep the old ones after it, run this, then drop the old keys.
    """
    _require_database()
    rotated = asyncio.run(_rotate_keys())
    typer.echo(f"re-encrypted {rotated} secret(s) under the first key")


def openapi_document() -> str:
    from api.main import create_app

    schema = create_app().openapi()
    return yaml.safe_dump(schema, sort_keys=False, allow_unicode=True, width=100)


@app.command()
def openapi(
    output: Annotated[Path | None, typer.Option("-o", help="write here instead of stdout")] = None,
) -> None:
    """Print (or write) the OpenAPI document generated from the app."""
    document = openapi_document()
    if output is None:
        sys.stdout.write(document)
    else:
        output.write_text(document)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
