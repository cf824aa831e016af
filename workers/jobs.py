"""Every job: build nothing, call one service. The registry says how each is run."""

from __future__ import annotations

import uuid

from api.auth.service import delete_expired_sessions
from api.gdap_requests.follow import GdapFollow, flag_ending, start_follows
from api.onboarding.capability import TenantOnboarding
from api.onboarding.heartbeat import MonitoringHeartbeat, slot_at, start_heartbeats
from api.onboarding.maintenance import EmailPermissionsCheck, Offboarding
from api.operations import runner
from api.operations.reconcile import reconcile
from api.partner_center.keepalive import refresh_idle_sign_ins
from api.partner_center.oauth_states import delete_expired_oauth_states
from api.resources import Resources
from api.scans.capability import TenantScanning
from api.tenants.sync import TenantSync, start_nightly_syncs
from workers.context import JOB_TRY

# The capabilities the engine runs, by operation kind.
CAPABILITIES: runner.Capabilities = {
    capability.kind: capability
    for capability in (
        TenantSync(),
        GdapFollow(),
        TenantOnboarding(),
        EmailPermissionsCheck(),
        Offboarding(),
        TenantScanning(),
        MonitoringHeartbeat(),
    )
}


async def operation_prepare(resources: Resources, operation_id: str, nonce: int = 0) -> int:
    return await runner.prepare(
        resources, CAPABILITIES, uuid.UUID(operation_id), JOB_TRY.get(), nonce=nonce
    )


async def operation_items(
    resources: Resources, operation_id: str, tenant_ids: list[str]
) -> dict[str, int]:
    outcomes = await runner.run_items(resources, CAPABILITIES, uuid.UUID(operation_id), tenant_ids)
    return {
        "succeeded": len(outcomes.done),
        "failed": len(outcomes.failed),
        "deferred": len(outcomes.deferred),
    }


async def cleanup_expired(resources: Resources) -> int:
    """Sessions and OAuth sign-in states past their lifetime."""
    async with resources.transaction() as db:
        sessions = await delete_expired_sessions(db, resources.settings)
        states = await delete_expired_oauth_states(db, resources.clock())
    return sessions + states


async def reconcile_operations(resources: Resources) -> int:
    return await reconcile(resources)


async def nightly_sync(resources: Resources) -> int:
    async with resources.transaction() as db:
        return await start_nightly_syncs(db, resources.queue)


async def refresh_partner_tokens(resources: Resources) -> int:
    return await refresh_idle_sign_ins(resources)


async def follow_gdap_requests(resources: Resources) -> int:
    """Follow the open GDAP requests; flag relationships ending within 30 days."""
    async with resources.transaction() as db:
        await flag_ending(db, resources.clock())
        return await start_follows(db, resources.queue)


async def monitoring_heartbeat(resources: Resources) -> int:
    """Start the heartbeat of the Monitoring tenants whose slot of the interval is due."""
    async with resources.transaction() as db:
        return await start_heartbeats(db, resources.queue, slot_at(resources.clock()))
