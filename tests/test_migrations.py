from __future__ import annotations

import asyncio

from api.migrate import check
from tests.services import Services


async def test_models_and_migrations_agree(backing: Services) -> None:
    # `alembic check` fails when a model change has no migration.
    await asyncio.to_thread(check, backing.database_url)
