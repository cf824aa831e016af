"""At most one live operation of an exclusive kind per organization and subject."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from api.resources import Resources
from tests.api.conftest import World
from tests.operations.capabilities import Scripted
from tests.operations.helpers import drain, start, tenant_ids


class TestExclusive:
    async def test_a_second_start_returns_the_live_operation(
        self, world: World, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        plug(Scripted())
        contoso, _ = await world.organization("Contoso MSP")
        fabrikam, _ = await world.organization("Fabrikam MSP")
        tenants = tenant_ids(3)

        first, second = await asyncio.gather(
            start(worker, contoso, tenants), start(worker, contoso, tenants)
        )
        assert first[0] == second[0]
        assert sorted([first[1], second[1]]) == [False, True]
        live = first[0]
        assert await start(worker, contoso, tenants) == (live, False)
        other_organization, created = await start(worker, fabrikam, tenants)
        assert created
        assert other_organization != live
        one_tenant, created = await start(worker, contoso, tenants[:1], subject=tenants[0])
        assert created
        assert one_tenant != live

        await drain(worker)
        after, created = await start(worker, contoso, tenants)
        assert created
        assert after != live
