"""The name of every background job: the API enqueues by these, the worker registers them.

Each name is declared once here; `workers/registry.py` binds each to its function, retry policy
and timeout, and a test holds the two in step.
"""

from __future__ import annotations

import enum


class JobName(enum.StrEnum):
    # The operations engine: list an operation's items, then run them in batches.
    operation_prepare = "operation_prepare"
    operation_items = "operation_items"
    # Crons.
    cleanup_expired = "cleanup_expired"
    reconcile_operations = "reconcile_operations"
    nightly_sync = "nightly_sync"
    refresh_partner_tokens = "refresh_partner_tokens"
    # Follow open GDAP requests (approval, access assignments) until their tenant is Ready.
    follow_gdap_requests = "follow_gdap_requests"
    # Confirm Petra's access to the Monitoring tenants whose slot is due; repair drift.
    monitoring_heartbeat = "monitoring_heartbeat"
