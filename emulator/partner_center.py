"""Partner Center REST API: customers, customer users and application consents."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from emulator import catalog
from emulator.errors import TENANT_KEY, PartnerCenterError
from emulator.model import Tenant, User
from emulator.state import EmulatorState
from emulator.tokens import TokenInvalid, verify

router = APIRouter(prefix="/v1")
ALREADY_EXISTS = "Permission entry already exists."
MFA_REQUIRED_CODE = 900421


def _state(request: Request) -> EmulatorState:
    state = request.app.state.emulator
    assert isinstance(state, EmulatorState)
    return state


def _caller(request: Request) -> tuple[EmulatorState, User, dict[str, Any]]:
    state = _state(request)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise PartnerCenterError(401, 401, "Authorization header is missing or not a bearer token.")
    try:
        claims = verify(token, audiences={catalog.PARTNER_CENTER_RESOURCE}, now=state.now())
    except TokenInvalid as exc:
        raise PartnerCenterError(401, 401, f"Unauthorized: {exc}") from exc
    world = state.world
    world.tick(state.now())
    if claims.get("tid") != world.partner_tenant_id or claims.get("idtyp") != "user":
        raise PartnerCenterError(
            401, 401, "Unauthorized: the token is not an app+user token for the partner tenant."
        )
    user = world.users.get(str(claims.get("oid")))
    if user is None:
        raise PartnerCenterError(401, 401, "Unauthorized: unknown user.")
    if "mfa" not in (claims.get("amr") or []):
        # "Beginning April 1, 2026 all App+User usage of Partner Center APIs will enforce the
        # usage of MFA" (https://learn.microsoft.com/en-us/partner-center/developer/
        # partner-center-authentication); a call whose token lacks the MFA claim is answered
        # 401 with error code 900421.
        raise PartnerCenterError(
            401,
            MFA_REQUIRED_CODE,
            "Multi-factor authentication is required: the access token carries no MFA claim. "
            "Sign in again and complete multi-factor authentication.",
        )
    if not world.is_admin_agent(user.id):
        raise PartnerCenterError(
            403, 403, "Permission denied. The user is not in the AdminAgents group."
        )
    return state, user, claims


def _customer(request: Request, state: EmulatorState, customer_id: str) -> Tenant:
    tenant = state.world.tenants.get(customer_id.lower())
    request.scope[TENANT_KEY] = customer_id.lower()
    if tenant is None or tenant.is_partner or tenant.direct:
        raise PartnerCenterError(404, 404, f"Customer {customer_id} was not found.")
    return tenant


def _size(request: Request, required: bool, default: int = 100) -> int:
    raw = request.query_params.get("size")
    if raw is None:
        if required:
            raise PartnerCenterError(400, 400, "The size parameter is required.")
        return default
    try:
        size = int(raw)
    except ValueError as exc:
        raise PartnerCenterError(400, 400, "The size parameter must be a number.") from exc
    if not 1 <= size <= 500:
        raise PartnerCenterError(400, 400, "The size parameter must be between 1 and 500.")
    return size


def _continuation(request: Request, path: str) -> int:
    """The offset the MS-ContinuationToken of the previous page's next link carries.

    A next page is asked for with `seekOperation=Next` and the token in a header, never in the
    URI (documented example, invoice line items: `"next": {"uri": "/invoices/G000024135/
    lineitems?...&seekOperation=Next", "headers": [{"key": "MS-ContinuationToken", ...}]}`);
    a missing token, or one made for another collection, is a bad request.
    """
    if request.query_params.get("seekOperation", "").lower() != "next":
        return 0
    token = request.headers.get("ms-continuationtoken")
    try:
        data = json.loads(base64.urlsafe_b64decode(token or ""))
        if data["path"] != path:
            raise ValueError("token of another collection")
        return int(data["offset"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PartnerCenterError(
            400, 400, "The MS-ContinuationToken header is missing or invalid."
        ) from exc


def _collection(request: Request, items: Sequence[Any], size: int, path: str) -> dict[str, Any]:
    """One page of a Partner Center collection, shaped like the documented examples.

    `totalCount` is the number of items in this page, not the size of the collection: the
    "get a list of customers" example answers `size=40` for two customers with
    `"totalCount": 2`, and the line-item examples answer `size=2` with `"totalCount": 2` and a
    next link. Links are relative to the API root and lack `/v1` (the user-list example's self
    link is `/customers/4d3cf487-.../users`).
    """
    offset = _continuation(request, path)
    chunk = items[offset : offset + size]
    self_uri = f"/{path}?size={size}"
    links: dict[str, Any] = {"self": {"uri": self_uri, "method": "GET", "headers": []}}
    if offset + size < len(items):
        raw = json.dumps({"offset": offset + size, "path": path}).encode()
        links["next"] = {
            "uri": f"{self_uri}&seekOperation=Next",
            "method": "GET",
            "headers": [
                {"key": "MS-ContinuationToken", "value": base64.urlsafe_b64encode(raw).decode()}
            ],
        }
    return {
        "totalCount": len(chunk),
        "items": chunk,
        "links": links,
        "attributes": {"objectType": "Collection"},
    }


def customer_json(tenant: Tenant) -> dict[str, Any]:
    return {
        "id": tenant.id,
        "commerceId": str(uuid.uuid5(uuid.NAMESPACE_URL, tenant.id)),
        "companyProfile": {
            "tenantId": tenant.id,
            "domain": tenant.domain,
            "companyName": tenant.display_name,
            "attributes": {"objectType": "CustomerCompanyProfile"},
        },
        "relationshipToPartner": "reseller",
        "allowDelegatedAccess": True,
        "links": {"self": {"uri": f"/customers/{tenant.id}", "method": "GET", "headers": []}},
        "attributes": {"objectType": "Customer"},
    }


@router.get("/customers")
async def list_customers(request: Request) -> dict[str, Any]:
    state, _, _ = _caller(request)
    size = _size(request, required=True)
    items = [
        customer_json(t) for t in state.world.tenants.values() if not t.is_partner and not t.direct
    ]
    return _collection(request, items, size, "customers")


@router.get("/customers/{customer_id}")
async def get_customer(request: Request, customer_id: str) -> dict[str, Any]:
    state, _, _ = _caller(request)
    return customer_json(_customer(request, state, customer_id))


def _user_json(tenant: Tenant, index: int) -> dict[str, Any]:
    """The user at `index` of the customer's users: the seeded ones, then generated ones."""
    seeded = list(tenant.users.values())
    if index < len(seeded):
        return _user(seeded[index].id, seeded[index].upn, seeded[index].display_name)
    return _user(*_generated(tenant, index))


def _generated(tenant: Tenant, index: int) -> tuple[str, str, str]:
    # Stable and unique per tenant, without hashing a uuid5 for each of thousands of users.
    return f"{tenant.id[:24]}{index:012x}", f"user{index}@{tenant.domain}", f"User {index}"


def _user(uid: str, upn: str, name: str) -> dict[str, Any]:
    first, _, last = name.partition(" ")
    return {
        "id": uid,
        "userPrincipalName": upn,
        "firstName": first,
        "lastName": last,
        "displayName": name,
        "userDomainType": "none",
        "state": "active",
        "attributes": {"objectType": "CustomerUser"},
    }


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def users_page_json(tenant: Tenant, indexes: range) -> str:
    """The JSON array of the users at `indexes`: `_user_json` of each, written compactly.

    A page holds up to 500 users and a sync asks for thousands of pages: the generated users,
    which differ only by their index, are written from one line instead of one dict each.
    """
    seeded = list(tenant.users.values())
    parts = [
        _compact(_user_json(tenant, i))
        for i in range(indexes.start, min(indexes.stop, len(seeded)))
    ]
    prefix, domain = tenant.id[:24], _compact(tenant.domain)[1:-1]
    parts += [
        f'{{"id":"{prefix}{i:012x}","userPrincipalName":"user{i}@{domain}",'
        f'"firstName":"User","lastName":"{i}","displayName":"User {i}",'
        '"userDomainType":"none","state":"active","attributes":{"objectType":"CustomerUser"}}'
        for i in range(max(indexes.start, len(seeded)), indexes.stop)
    ]
    return "[" + ",".join(parts) + "]"


@router.get("/customers/{customer_id}/users")
async def list_users(request: Request, customer_id: str) -> Response:
    state, user, _ = _caller(request)
    tenant = _customer(request, state, customer_id)
    roles = state.world.covered_roles(user.id, tenant.id)
    if not roles & catalog.USER_LIST_ROLES:
        raise PartnerCenterError(
            403,
            403,
            "Permission denied. The caller needs Directory Readers, Global Reader or User "
            "Administrator for this customer through GDAP.",
        )
    size = _size(request, required=False)
    return Response(users_page_body(request, tenant, size), media_type="application/json")


def users_page_body(request: Request, tenant: Tenant, size: int) -> str:
    """The page of the tenant's users the request asks for, as JSON text.

    Written here rather than by FastAPI: validating and encoding a dict of 500 users per page
    cost the emulator more CPU than everything else it does for the sync.
    """
    page = _collection(request, range(tenant.user_count), size, f"customers/{tenant.id}/users")
    chunk = page.pop("items")
    total, items = page.pop("totalCount"), users_page_json(tenant, chunk)
    return f'{{"totalCount":{total},"items":{items},{_compact(page)[1:]}'


def _grants(body: dict[str, Any]) -> dict[str, list[str]]:
    raw = body.get("applicationGrants")
    if not isinstance(raw, list) or not raw:
        raise PartnerCenterError(400, 400, "applicationGrants must be a non-empty list.")
    grants: dict[str, list[str]] = {}
    for item in raw:
        app_id = (
            str(item.get("enterpriseApplicationId", "")).lower() if isinstance(item, dict) else ""
        )
        names = (
            [s.strip() for s in str(item.get("scope", "")).split(",") if s.strip()]
            if isinstance(item, dict)
            else []
        )
        resource = catalog.RESOURCE_APPS.get(app_id)
        if resource is None or not names:
            raise PartnerCenterError(400, 400, f"Invalid application grant for '{app_id}'.")
        known = {s["value"] for s in resource.scopes}
        if unknown := [n for n in names if n not in known]:
            raise PartnerCenterError(400, 400, f"Invalid scope '{unknown[0]}' for '{app_id}'.")
        grants.setdefault(app_id, []).extend(n for n in names if n not in grants.get(app_id, []))
    return grants


@router.post("/customers/{customer_id}/applicationconsents", status_code=201)
async def create_consent(request: Request, customer_id: str) -> JSONResponse:
    state, user, claims = _caller(request)
    tenant = _customer(request, state, customer_id)
    world, now = state.world, state.now()
    try:
        body = json.loads(await request.body())
    except ValueError as exc:
        raise PartnerCenterError(400, 400, "The request body is not valid JSON.") from exc
    app_id = str(body.get("applicationId", "")).lower() if isinstance(body, dict) else ""
    if app_id != claims.get("appid"):
        raise PartnerCenterError(
            403, 403, "The applicationId must match the application of the access token."
        )
    app = world.apps.get(app_id)
    if app is None:
        raise PartnerCenterError(400, 400, f"Application {app_id} was not found.")
    if not world.covered_roles(user.id, tenant.id) & catalog.CONSENT_CAPABLE_ROLES:
        raise PartnerCenterError(
            403,
            403,
            "Permission denied. The caller needs an active GDAP relationship with Global "
            "Administrator, Application Administrator or Cloud Application Administrator for "
            "this customer.",
        )
    grants = _grants(body)
    world.ensure_builtins(tenant)
    if any(sp.app_id == app_id for sp in tenant.service_principals.values()):
        raise PartnerCenterError(409, 409, ALREADY_EXISTS)
    for resource_id in grants:
        if world.service_principal(tenant, resource_id, now) is None:
            name = catalog.RESOURCE_APPS[resource_id].name
            raise PartnerCenterError(
                400,
                400,
                f"The app is trying to access a service '{resource_id}' ({name}) that your "
                "organization lacks a service principal for.",
            )
    world.consent(tenant, app, grants, now + _delay(state))
    out = {
        "applicationId": app_id,
        "applicationGrants": body["applicationGrants"],
        "displayName": body.get("displayName"),
        "customerId": tenant.id,
    }
    return JSONResponse(out, status_code=201)


def _delay(state: EmulatorState) -> timedelta:
    return timedelta(seconds=state.propagation_delay)


@router.delete("/customers/{customer_id}/applicationconsents/{app_id}", status_code=204)
async def delete_consent(request: Request, customer_id: str, app_id: str) -> Response:
    state, user, _ = _caller(request)
    tenant = _customer(request, state, customer_id)
    if not state.world.covered_roles(user.id, tenant.id) & catalog.CONSENT_CAPABLE_ROLES:
        raise PartnerCenterError(
            403,
            403,
            "Permission denied. The caller needs an active GDAP relationship with Global "
            "Administrator, Application Administrator or Cloud Application Administrator for "
            "this customer.",
        )
    if not state.world.remove_app(tenant, app_id.lower()):
        raise PartnerCenterError(404, 404, f"No consent for application {app_id} was found.")
    return Response(status_code=204)
