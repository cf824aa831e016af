"""Partner Center REST API (app+user token for the partner tenant)."""

from __future__ import annotations

import enum
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from api.microsoft.errors import MicrosoftError, RequestError, partner_center_error
from api.microsoft.identity import PARTNER_CENTER
from api.microsoft.root_causes import CONSENT_ALREADY_EXISTS
from api.microsoft.settings import MicrosoftEndpoints
from api.microsoft.tokens import TokenProvider
from api.microsoft.transport import DEFAULT_POLICY, RetryPolicy, send

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
# The largest page Partner Center serves of a customer's users.
USER_PAGE_SIZE = 500


class PartnerCenterModel(BaseModel):
    model_config = ConfigDict(populate_by_name=True, alias_generator=to_camel, extra="ignore")


class CompanyProfile(PartnerCenterModel):
    tenant_id: str | None = None
    domain: str | None = None
    company_name: str | None = None


class Customer(PartnerCenterModel):
    id: str
    company_profile: CompanyProfile = Field(default_factory=CompanyProfile)
    relationship_to_partner: str | None = None

    @property
    def tenant_id(self) -> str:
        # The customer id is the tenant id in practice; the profile says so explicitly.
        return self.company_profile.tenant_id or self.id


class ApplicationGrant(BaseModel):
    enterprise_application_id: str = Field(description="appId of the resource API")
    scopes: list[str]

    def envelope(self) -> dict[str, str]:
        # Partner Center wants a comma-separated list, unlike Graph's space-separated scope.
        return {
            "enterpriseApplicationId": self.enterprise_application_id,
            "scope": ",".join(self.scopes),
        }


class ConsentOutcome(enum.Enum):
    created = "created"
    already_exists = "already_exists"


class _Link(PartnerCenterModel):
    uri: str
    method: str = "GET"
    headers: list[dict[str, str]] = Field(default_factory=list)


class _Page(PartnerCenterModel):
    links: dict[str, _Link] = Field(default_factory=dict)


class _CustomerPage(_Page):
    items: list[Customer] = Field(default_factory=list)


class _Counted(PartnerCenterModel):
    """An item only counted: its fields are skipped by the parser, never built."""


class _CountedPage(_Page):
    """A page only counted. `totalCount` is the number of items in the page (§4.3b of the
    reference: the size of the page returned, not of the collection), so the parser skips the
    items without building them: a 500-user page is ~130 kB, and building its items cost more
    CPU than the rest of the sync's work for that tenant."""

    total_count: int | None = None


class _ItemsPage(_Page):
    """The same page with its items, for a page that does not state its `totalCount`."""

    items: list[_Counted] = Field(default_factory=list)


P = TypeVar("P", bound=_Page)


class PartnerCenterClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        endpoints: MicrosoftEndpoints,
        tokens: TokenProvider,
        *,
        policy: RetryPolicy = DEFAULT_POLICY,
    ) -> None:
        self._http = http
        self._root = endpoints.partner_center_url
        self._tokens = tokens
        self._policy = policy

    def _url(self, uri: str) -> str:
        """Partner Center's links are relative and lack the version (`/customers/{id}/users?
        size=500&seekOperation=Next`): they resolve under the base *with* `/v1`."""
        if "://" in uri:
            return uri
        path = uri.lstrip("/")
        if not path.startswith("v1/"):
            path = f"v1/{path}"
        return f"{self._root}/{path}"

    async def _request(
        self,
        method: str,
        uri: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        token = await self._tokens.access_token(self._tokens.partner_tenant_id, PARTNER_CENTER)
        correlation = str(uuid.uuid4())
        try:
            return await send(
                self._http,
                method,
                self._url(uri),
                service="partner_center",
                parse_error=partner_center_error,
                policy=self._policy,
                params=params,
                json=json,
                headers={
                    "Authorization": f"Bearer {token}",
                    "Accept": "application/json",
                    "MS-CorrelationId": correlation,
                    "MS-RequestId": correlation,
                    **(headers or {}),
                },
            )
        except MicrosoftError as exc:
            # Partner Center rarely echoes an id; ours is what its support can trace.
            if exc.request_id is None:
                exc.request_id = correlation
            raise

    async def _collection(
        self, uri: str, params: Mapping[str, str | int], page: type[P]
    ) -> AsyncIterator[P]:
        """Every page of a collection, following `links.next` with the headers it lists."""
        resp: httpx.Response | None = await self._request("GET", uri, params=params)
        while resp is not None:
            body = page.model_validate_json(resp.content)
            yield body
            resp = await self._next(body)

    async def _next(self, body: _Page) -> httpx.Response | None:
        link = body.links.get("next")
        if link is None:
            return None
        # The next page is selected by the continuation token header, not the URI alone.
        headers = {h["key"]: h["value"] for h in link.headers if "key" in h and "value" in h}
        return await self._request(link.method, link.uri, headers=headers)

    async def customers(self, page_size: int = 100) -> AsyncIterator[Customer]:
        async for page in self._collection("/v1/customers", {"size": page_size}, _CustomerPage):
            for customer in page.items:
                yield customer

    async def customer(self, customer_id: str) -> Customer:
        resp = await self._request("GET", f"/v1/customers/{customer_id}")
        return Customer.model_validate(resp.json())

    def user_pages(self, customer_id: str) -> UserPages:
        """A customer's users, counted one page (one call) at a time."""
        return UserPages(self, customer_id)

    async def customer_user_count(self, customer_id: str) -> int:
        """Every page of the customer's users, one after the other (`UserPages`)."""
        pages = self.user_pages(customer_id)
        while pages.more:
            await pages.read()
        return pages.count

    async def create_application_consent(
        self,
        customer_id: str,
        application_id: str,
        grants: Sequence[ApplicationGrant],
        *,
        display_name: str | None = None,
    ) -> ConsentOutcome:
        body: dict[str, Any] = {
            "applicationId": application_id,
            "applicationGrants": [g.envelope() for g in grants],
        }
        if display_name:
            body["displayName"] = display_name
        try:
            await self._request(
                "POST", f"/v1/customers/{customer_id}/applicationconsents", json=body
            )
        except RequestError as exc:
            # "Permission entry already exists" means the consent is in place; its HTTP status
            # is not documented, so the text decides.
            if exc.root_cause == CONSENT_ALREADY_EXISTS or exc.status == 409:
                return ConsentOutcome.already_exists
            raise
        return ConsentOutcome.created

    async def delete_application_consent(self, customer_id: str, application_id: str) -> bool:
        """False when there was no consent to delete."""
        uri = f"/v1/customers/{customer_id}/applicationconsents/{application_id}"
        try:
            await self._request("DELETE", uri)
        except RequestError as exc:
            if exc.status == 404:
                return False
            raise
        return True


class UserPages:
    """A customer's users counted by paging, one `read` (one call) at a time, so the caller
    decides when each page goes (api/operations/pace.py). Needs Directory Readers, Global
    Reader or User Administrator through GDAP.

    A collection's `totalCount` is the size of the page returned, not of the collection, and
    Partner Center offers no count query on customer users: the users are counted by paging
    through them, 500 at a time, each next page asked for with the continuation header its link
    lists.
    """

    def __init__(self, client: PartnerCenterClient, customer_id: str) -> None:
        self._client = client
        self._uri = f"/v1/customers/{customer_id}/users"
        self._last: _Page | None = None
        self.count = 0
        self.pages = 0

    @property
    def more(self) -> bool:
        """Whether a page is left to read: before the first, or where the last had a next link."""
        return self._last is None or "next" in self._last.links

    async def read(self) -> None:
        """The next page, counted."""
        if self._last is None:
            resp = await self._client._request("GET", self._uri, params={"size": USER_PAGE_SIZE})
        else:
            following = await self._client._next(self._last)
            assert following is not None, "read past the last page"
            resp = following
        page = _CountedPage.model_validate_json(resp.content)
        if page.total_count is None:
            self.count += len(_ItemsPage.model_validate_json(resp.content).items)
        else:
            self.count += page.total_count
        self._last, self.pages = page, self.pages + 1
