"""Abort: one tenant finding that nothing can go on stops the whole operation."""

from __future__ import annotations

from collections.abc import Callable

from api.operations.capability import Abort
from api.resources import Resources
from tests.api.conftest import Actor
from tests.operations.capabilities import Scripted, abort_on
from tests.operations.helpers import drain, items, operation, start, tenant_ids

SIGN_IN_GONE = Abort(
    "partner_sign_in_required",
    "The partner sign-in was revoked.",
    "Reauthenticate Partner Center.",
    root_cause="partner_sign_in_revoked",
)


class TestAbort:
    async def test_an_abort_fails_the_operation_and_cancels_the_rest(
        self, admin: Actor, worker: Resources, plug: Callable[[Scripted], Scripted]
    ) -> None:
        capability = plug(Scripted(script=abort_on(3, SIGN_IN_GONE), size=5, parallel=1))
        tenants = tenant_ids(12)
        operation_id, _ = await start(worker, admin.organization_id, tenants)
        await drain(worker, max_jobs=1)

        failed = await operation(admin, operation_id)
        assert failed["state"] == "failed"
        assert failed["error_code"] == "partner_sign_in_required"
        assert failed["error_message"] == "The partner sign-in was revoked."
        assert failed["error_action"] == "Reauthenticate Partner Center."
        assert failed["finished_at"] is not None
        progress = failed["progress"]
        assert (progress["succeeded"], progress["cancelled"]) == (2, 10)
        assert progress["pending"] == progress["running"] == progress["failed"] == 0
        assert capability.aborted == [SIGN_IN_GONE]
        assert len(capability.calls) == 3
        done = {call.tenant_id for call in capability.calls[:2]}
        rows = await items(admin, operation_id)
        for tenant in tenants:
            assert rows[tenant]["state"] == ("succeeded" if tenant in done else "cancelled")
            assert rows[tenant]["finished_at"] is not None
        assert await drain(worker) == 0
        assert len(capability.calls) == 3
