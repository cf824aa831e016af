"""The Office 365 Management Activity API, as much as Petra Scan reads: the subscriptions list.

learn.microsoft.com/office/office-365-management-api/office-365-management-activity-api-
reference ("List current subscriptions": GET {root}/api/v1.0/{tenant_id}/activity/feed/
subscriptions/list, app-only token for https://manage.office.com with ActivityFeed.Read).
Unified audit logging must be on for the API to serve the tenant (learn.microsoft.com/office/
office-365-management-api/troubleshooting-the-office-365-management-activity-api, "What happens
if I disable auditing"). While it is off the API answers 400 {"error": {"code": "AF20023",
"message": "The subscription was disabled."}}: observed, not documented (github.com/MicrosoftDocs/
power-platform/issues/534, github.com/MicrosoftDocs/office-365-management-api/issues/479).
A token without ActivityFeed.Read gets AF10001, the reference's "Errors" table.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from emulator import catalog, posture
from emulator.errors import TENANT_KEY
from emulator.graph.common import bearer, emulator_state
from emulator.tokens import TokenInvalid, verify

router = APIRouter()
CONTENT_TYPES = (
    "Audit.AzureActiveDirectory",
    "Audit.Exchange",
    "Audit.SharePoint",
    "Audit.General",
)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


@router.get("/api/v1.0/{tenant_id}/activity/feed/subscriptions/list", response_model=None)
async def list_subscriptions(request: Request, tenant_id: str) -> Any:
    state = emulator_state(request)
    try:
        claims = verify(
            bearer(request), audiences={catalog.O365_MANAGEMENT_RESOURCE}, now=state.now()
        )
    except (TokenInvalid, Exception):
        return _error(
            401,
            "AF10001",
            "The permission set () sent in the request does not include the expected permission.",
        )
    tenant = state.world.tenants.get(tenant_id)
    if tenant is None or str(claims.get("tid", "")).lower() != tenant_id.lower():
        return _error(
            400,
            "AF20010",
            f"The tenant ID passed in the URL ({tenant_id}) does not "
            "match the tenant ID passed in the access token.",
        )
    request.scope[TENANT_KEY] = tenant.id
    if "ActivityFeed.Read" not in set(claims.get("roles", [])):
        return _error(
            401,
            "AF10001",
            "The permission set (ActivityFeed.Read) sent in the "
            "request does not include the expected permission.",
        )
    if not posture.audit_logging_on(tenant):
        return _error(400, "AF20023", "The subscription was disabled.")
    return [
        {"contentType": content_type, "status": "enabled", "webhook": None}
        for content_type in CONTENT_TYPES
    ]
