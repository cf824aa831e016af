"""Microsoft Graph: GDAP relationships in the partner tenant, directory calls in customer ones."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from api.microsoft.batch import BatchRequest, BatchResponse, run_batch
from api.microsoft.errors import RequestError, graph_error
from api.microsoft.graph_models import (
    AccessAssignment,
    AppRoleAssignment,
    DelegatedAdminRelationship,
    DirectoryObject,
    DirectoryRoleAssignment,
    OAuth2PermissionGrant,
    Organization,
    RelationshipRequest,
    ServicePrincipal,
)
from api.microsoft.identity import GRAPH_DEFAULT
from api.microsoft.root_causes import PERMISSION_ALREADY_ASSIGNED
from api.microsoft.settings import MicrosoftEndpoints
from api.microsoft.tokens import AccessTokens
from api.microsoft.transport import DEFAULT_POLICY, RetryPolicy, send

M = TypeVar("M", bound=BaseModel)
RELATIONSHIPS = "tenantRelationships/delegatedAdminRelationships"
MAX_RELATIONSHIP_PAGE = 300
# transitiveMemberOf pages hold 100 objects by default, 999 at most.
MAX_MEMBERSHIP_PAGE = 999


@dataclass
class PageCursor:
    """How far a paged listing got: handed back in, it goes on from the first page not read.

    `next_link` is the @odata.nextLink of the last page read (None: start from the first page).
    """

    next_link: str | None = None
    pages: int = 0


def _odata_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class GraphClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        endpoints: MicrosoftEndpoints,
        tokens: AccessTokens,
        *,
        policy: RetryPolicy = DEFAULT_POLICY,
    ) -> None:
        self._http = http
        self._base = f"{endpoints.graph_url}/v1.0"
        self._tokens = tokens
        self._policy = policy

    async def _request(
        self,
        method: str,
        path_or_url: str,
        tenant: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        url = path_or_url if "://" in path_or_url else f"{self._base}/{path_or_url}"
        for attempt in (1, 2):
            token = await self._tokens.access_token(tenant, GRAPH_DEFAULT)
            try:
                return await send(
                    self._http,
                    method,
                    url,
                    service="graph",
                    parse_error=graph_error,
                    policy=self._policy,
                    params=params,
                    json=json,
                    headers={"Authorization": f"Bearer {token}", **(headers or {})},
                )
            except RequestError as exc:
                # A cached token can be refused before its stated expiry (revocation, policy);
                # one fresh token is worth a try before giving up.
                if exc.status != 401 or attempt == 2:
                    raise
                self._tokens.invalidate(tenant)
        raise AssertionError("unreachable")

    async def _get(
        self, path: str, tenant: str, model: type[M], params: Mapping[str, str | int] | None = None
    ) -> M:
        resp = await self._request("GET", path, tenant, params=params)
        return model.model_validate(resp.json())

    async def _post(self, path: str, tenant: str, model: type[M], body: Any) -> M:
        resp = await self._request("POST", path, tenant, json=body)
        return model.model_validate(resp.json())

    async def _pages(
        self,
        path: str,
        tenant: str,
        model: type[M],
        params: Mapping[str, str | int] | None = None,
        *,
        cursor: PageCursor | None = None,
    ) -> AsyncIterator[M]:
        cursor = cursor or PageCursor()
        if cursor.next_link:
            resp = await self._request("GET", cursor.next_link, tenant)
        else:
            resp = await self._request("GET", path, tenant, params=params)
        while True:
            body = resp.json()
            for item in body.get("value", []):
                yield model.model_validate(item)
            # nextLink is used verbatim: it already repeats the query with a skip token.
            next_link = body.get("@odata.nextLink")
            cursor.next_link = str(next_link) if next_link else None
            cursor.pages += 1
            if not next_link:
                return
            resp = await self._request("GET", str(next_link), tenant)

    async def _list(
        self, path: str, tenant: str, model: type[M], params: Mapping[str, str | int] | None = None
    ) -> list[M]:
        return [item async for item in self._pages(path, tenant, model, params)]

    @property
    def _partner(self) -> str:
        return self._tokens.partner_tenant_id

    # --- GDAP (partner tenant) ---

    async def relationships(
        self,
        *,
        status: str | None = "active",
        page_size: int = MAX_RELATIONSHIP_PAGE,
        cursor: PageCursor | None = None,
    ) -> AsyncIterator[DelegatedAdminRelationship]:
        """With a `cursor`, a listing cut short by an error goes on from the page it reached."""
        if not 1 <= page_size <= MAX_RELATIONSHIP_PAGE:
            raise ValueError(f"page_size must be between 1 and {MAX_RELATIONSHIP_PAGE}")
        params: dict[str, str | int] = {"$top": page_size}
        if status:
            params["$filter"] = f"status eq {_odata_literal(status)}"
        async for rel in self._pages(
            RELATIONSHIPS, self._partner, DelegatedAdminRelationship, params, cursor=cursor
        ):
            yield rel

    async def get_relationship(self, relationship_id: str) -> DelegatedAdminRelationship:
        path = f"{RELATIONSHIPS}/{quote(relationship_id)}"
        return await self._get(path, self._partner, DelegatedAdminRelationship)

    async def create_relationship(
        self,
        *,
        display_name: str,
        customer_tenant_id: str | None,
        role_ids: Sequence[str],
        duration: str = "P730D",
        auto_extend_duration: str = "PT0S",
    ) -> DelegatedAdminRelationship:
        body: dict[str, Any] = {
            "displayName": display_name,
            "duration": duration,
            "accessDetails": {"unifiedRoles": [{"roleDefinitionId": r} for r in role_ids]},
            "autoExtendDuration": auto_extend_duration,
        }
        if customer_tenant_id:
            body["customer"] = {"tenantId": customer_tenant_id}
        return await self._post(RELATIONSHIPS, self._partner, DelegatedAdminRelationship, body)

    async def relationships_named(self, display_name: str) -> list[DelegatedAdminRelationship]:
        """The partner's relationships with this display name (unique per partner): a create is
        retried safely by reading first."""
        params: dict[str, str | int] = {
            "$filter": f"displayName eq {_odata_literal(display_name)}",
            "$top": MAX_RELATIONSHIP_PAGE,
        }
        return await self._list(RELATIONSHIPS, self._partner, DelegatedAdminRelationship, params)

    async def lock_for_approval(self, relationship_id: str) -> RelationshipRequest:
        path = f"{RELATIONSHIPS}/{quote(relationship_id)}/requests"
        return await self._post(
            path, self._partner, RelationshipRequest, {"action": "lockForApproval"}
        )

    async def terminate(self, relationship_id: str) -> RelationshipRequest:
        path = f"{RELATIONSHIPS}/{quote(relationship_id)}/requests"
        return await self._post(path, self._partner, RelationshipRequest, {"action": "terminate"})

    async def access_assignments(self, relationship_id: str) -> list[AccessAssignment]:
        path = f"{RELATIONSHIPS}/{quote(relationship_id)}/accessAssignments"
        return await self._list(path, self._partner, AccessAssignment)

    async def create_access_assignment(
        self, relationship_id: str, *, group_id: str, role_ids: Sequence[str]
    ) -> AccessAssignment:
        body = {
            "accessContainer": {
                "accessContainerId": group_id,
                "accessContainerType": "securityGroup",
            },
            "accessDetails": {"unifiedRoles": [{"roleDefinitionId": r} for r in role_ids]},
        }
        path = f"{RELATIONSHIPS}/{quote(relationship_id)}/accessAssignments"
        return await self._post(path, self._partner, AccessAssignment, body)

    async def my_groups(self) -> dict[str, str]:
        """The signed-in partner account's groups, direct and nested: id -> display name.

        transitiveMemberOf also lists directory roles and administrative units; only groups can
        hold a GDAP access assignment.
        """
        params = {"$top": MAX_MEMBERSHIP_PAGE}
        return {
            item.id: item.display_name or ""
            async for item in self._pages(
                "me/transitiveMemberOf", self._partner, DirectoryObject, params
            )
            if item.is_group
        }

    async def me(self) -> DirectoryObject:
        """The signed-in partner account."""
        params = {"$select": "id,displayName,userPrincipalName"}
        return await self._get("me", self._partner, DirectoryObject, params)

    async def groups_named(self, display_name: str) -> list[DirectoryObject]:
        params = {
            "$filter": f"displayName eq {_odata_literal(display_name)}",
            "$select": "id,displayName",
        }
        return await self._list("groups", self._partner, DirectoryObject, params)

    async def create_security_group(self, display_name: str, nickname: str) -> DirectoryObject:
        body = {
            "displayName": display_name,
            "description": "Holds the GDAP roles the portal asks customers for.",
            "mailEnabled": False,
            "mailNickname": nickname,
            "securityEnabled": True,
        }
        return await self._post("groups", self._partner, DirectoryObject, body)

    async def add_group_member(self, group_id: str, member_id: str) -> bool:
        """False when the member is already there (Graph answers 400 for that)."""
        ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{member_id}"}
        try:
            await self._request(
                "POST", f"groups/{quote(group_id)}/members/$ref", self._partner, json=ref
            )
        except RequestError as exc:
            if exc.status == 400 and "already exist" in str(exc):
                return False
            raise
        return True

    async def group(self, group_id: str) -> DirectoryObject:
        """A group of the partner tenant (to name one the account does not belong to)."""
        params = {"$select": "id,displayName"}
        return await self._get(f"groups/{quote(group_id)}", self._partner, DirectoryObject, params)

    # --- customer tenant (GDAP token for that tenant) ---

    async def user_count(self, tenant: str) -> int:
        # $count is an advanced query: without ConsistencyLevel Graph answers 400.
        resp = await self._request(
            "GET",
            "users/$count",
            tenant,
            headers={"ConsistencyLevel": "eventual", "Accept": "text/plain"},
        )
        return int(resp.text.strip())

    async def organization(self, tenant: str) -> Organization:
        items = await self._list("organization", tenant, Organization)
        if not items:
            raise RequestError(
                "Graph returned no organization.", service="graph", status=200, code=None
            )
        return items[0]

    async def service_principal(self, tenant: str, app_id: str) -> ServicePrincipal | None:
        params = {"$filter": f"appId eq {_odata_literal(app_id)}"}
        items = await self._list("servicePrincipals", tenant, ServicePrincipal, params)
        return items[0] if items else None

    async def create_service_principal(self, tenant: str, app_id: str) -> ServicePrincipal:
        return await self._post("servicePrincipals", tenant, ServicePrincipal, {"appId": app_id})

    async def delete_service_principal(self, tenant: str, service_principal_id: str) -> bool:
        """False when it was already gone."""
        try:
            path = f"servicePrincipals/{quote(service_principal_id)}"
            await self._request("DELETE", path, tenant)
        except RequestError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    async def directory_role_assignments(
        self, tenant: str, principal_id: str
    ) -> list[DirectoryRoleAssignment]:
        params = {"$filter": f"principalId eq {_odata_literal(principal_id)}"}
        path = "roleManagement/directory/roleAssignments"
        return await self._list(path, tenant, DirectoryRoleAssignment, params)

    async def assign_directory_role(
        self, tenant: str, *, principal_id: str, role_definition_id: str
    ) -> DirectoryRoleAssignment:
        body = {
            "principalId": principal_id,
            "roleDefinitionId": role_definition_id,
            "directoryScopeId": "/",
        }
        path = "roleManagement/directory/roleAssignments"
        return await self._post(path, tenant, DirectoryRoleAssignment, body)

    async def app_role_assignments(
        self, tenant: str, service_principal_id: str
    ) -> list[AppRoleAssignment]:
        path = f"servicePrincipals/{quote(service_principal_id)}/appRoleAssignments"
        return await self._list(path, tenant, AppRoleAssignment)

    async def grant_app_role(
        self, tenant: str, *, resource_sp_id: str, principal_id: str, app_role_id: str
    ) -> AppRoleAssignment | None:
        """None when the assignment already exists (Graph answers 400, not 409, for that)."""
        body = {"principalId": principal_id, "resourceId": resource_sp_id, "appRoleId": app_role_id}
        path = f"servicePrincipals/{quote(resource_sp_id)}/appRoleAssignedTo"
        try:
            return await self._post(path, tenant, AppRoleAssignment, body)
        except RequestError as exc:
            if exc.root_cause == PERMISSION_ALREADY_ASSIGNED:
                return None
            raise

    async def oauth2_permission_grants(
        self, tenant: str, client_id: str
    ) -> list[OAuth2PermissionGrant]:
        """Delegated grants held by the client service principal (its object id, not appId)."""
        params = {"$filter": f"clientId eq {_odata_literal(client_id)}"}
        return await self._list("oauth2PermissionGrants", tenant, OAuth2PermissionGrant, params)

    async def create_oauth2_permission_grant(
        self, tenant: str, *, client_id: str, resource_id: str, scopes: Sequence[str]
    ) -> OAuth2PermissionGrant:
        body = {
            "clientId": client_id,
            "consentType": "AllPrincipals",
            "resourceId": resource_id,
            # Graph's grant scope is space-separated, unlike Partner Center's comma list.
            "scope": " ".join(scopes),
        }
        return await self._post("oauth2PermissionGrants", tenant, OAuth2PermissionGrant, body)

    async def update_oauth2_permission_grant(
        self, tenant: str, grant_id: str, *, scopes: Sequence[str]
    ) -> None:
        path = f"oauth2PermissionGrants/{quote(grant_id)}"
        await self._request("PATCH", path, tenant, json={"scope": " ".join(scopes)})

    # --- reads by path (Petra Scan's checks) ---

    async def get_json(
        self, tenant: str, path_or_url: str, params: Mapping[str, str | int] | None = None
    ) -> Any:
        """One GET relative to the version root (or an absolute nextLink); the parsed body."""
        return (await self._request("GET", path_or_url, tenant, params=params)).json()

    async def next_pages(
        self, tenant: str, first: Mapping[str, Any], *, limit: int
    ) -> list[dict[str, Any]]:
        """The items of a collection whose first page is `first`, following nextLinks verbatim
        until `limit` items are read."""
        items = [dict(i) for i in first.get("value", [])]
        next_link = first.get("@odata.nextLink")
        while next_link and len(items) < limit:
            body = await self.get_json(tenant, str(next_link))
            items.extend(dict(i) for i in body.get("value", []))
            next_link = body.get("@odata.nextLink")
        return items[:limit]

    # --- $batch ---

    async def batch(
        self,
        tenant: str,
        requests: Sequence[BatchRequest],
        *,
        raise_on_throttle: bool = True,
    ) -> list[BatchResponse]:
        async def post(chunk: list[BatchRequest]) -> list[BatchResponse]:
            resp = await self._request(
                "POST", "$batch", tenant, json={"requests": [r.envelope() for r in chunk]}
            )
            return [BatchResponse.model_validate(r) for r in resp.json().get("responses", [])]

        return await run_batch(requests, post, self._policy, raise_on_throttle=raise_on_throttle)
