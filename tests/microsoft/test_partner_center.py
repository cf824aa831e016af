"""PartnerCenterClient against the emulator: customers, user counts, application consent."""

from __future__ import annotations

import json
import math
from typing import Any, cast

import httpx
import pytest
from pydantic import SecretStr

from api.microsoft import (
    GRAPH_DEFAULT,
    ApplicationGrant,
    ConsentOutcome,
    PartnerCenterClient,
)
from api.microsoft.errors import RequestError, SignInError
from api.microsoft.settings import MicrosoftEndpoints
from api.microsoft.tokens import TokenProvider
from tests.microsoft.conftest import CONSENT_CAPABLE, Emulator

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
USER_LIST_ROLES = {
    "62e90394-69f5-4237-9190-012177145e10",
    "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
    "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
    "fe930be7-5e62-47db-91af-98c3a49a38b1",
}
GRANTS = [
    ApplicationGrant(
        enterprise_application_id=GRAPH_APP_ID,
        scopes=[
            "DelegatedPermissionGrant.ReadWrite.All",
            "Directory.ReadWrite.All",
            "AppRoleAssignment.ReadWrite.All",
        ],
    )
]


class TestCustomers:
    async def test_pages_through_every_customer(self, emu: Emulator) -> None:
        truth = await emu.truth()
        _, pc, _ = await emu.clients()
        await emu.control("DELETE", "/counters")
        seen = [c async for c in pc.customers(page_size=7)]
        assert {c.tenant_id for c in seen} == {c["tenantId"] for c in truth["customers"]}
        assert len(seen) == len(truth["customers"])
        pages = await emu.calls(method="GET", path="/partnercenter/v1/customers")
        assert pages == math.ceil(len(seen) / 7)
        first = next(c for c in seen if c.tenant_id == truth["customers"][0]["tenantId"])
        assert first.company_profile.domain == truth["customers"][0]["domain"]

    async def test_customer_user_count_pages_past_the_first_page(self, emu: Emulator) -> None:
        truth = await emu.truth()
        _, pc, _ = await emu.clients()
        customer = max(
            (c for c in truth["customers"] if set(c["adminCoveredRoles"]) & USER_LIST_ROLES),
            key=lambda c: c["userCount"],
        )
        assert customer["userCount"] > 500
        await emu.control("DELETE", "/counters")
        assert await pc.customer_user_count(customer["tenantId"]) == customer["userCount"]
        pages = await emu.calls(
            method="GET", path="/partnercenter/v1/customers/{customer_id}/users"
        )
        assert pages == math.ceil(customer["userCount"] / 500)


class _PartnerToken:
    partner_tenant_id = "partner"

    async def access_token(self, tenant: str, resource: str) -> str:
        return "token"


def _users_page(items: list[dict[str, Any]], total: int | None, next_token: str | None) -> bytes:
    page: dict[str, Any] = {"items": items, "links": {}}
    if total is not None:
        page["totalCount"] = total
    if next_token is not None:
        header = [{"key": "MS-ContinuationToken", "value": next_token}]
        page["links"]["next"] = {
            "uri": "/customers/c/users?size=500&seekOperation=Next",
            "headers": header,
        }
    return json.dumps(page).encode()


class TestUserCountFromPages:
    """Each page's totalCount is its number of items; a page without one is counted."""

    async def test_sums_total_counts_and_counts_a_page_without_one(self) -> None:
        users = [{"id": str(i), "displayName": f"User {i}"} for i in range(3)]
        seen: list[str | None] = []

        def answer(request: httpx.Request) -> httpx.Response:
            token = request.headers.get("MS-ContinuationToken")
            seen.append(token)
            if token is None:
                return httpx.Response(200, content=_users_page(users[:2], 2, "second"))
            return httpx.Response(200, content=_users_page(users[2:], None, None))

        endpoints = MicrosoftEndpoints(
            "https://login", "https://graph", "https://pc", "https://admin", "id", SecretStr("s")
        )
        tokens = cast(TokenProvider, _PartnerToken())
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
            pc = PartnerCenterClient(http, endpoints, tokens)
            assert await pc.customer_user_count("c") == 3
        assert seen == [None, "second"]


class TestApplicationConsent:
    async def test_created_then_already_exists(self, emu: Emulator) -> None:
        await emu.control("PUT", "/settings", json={"propagation_delay_seconds": 0})
        truth = await emu.truth()
        _, pc, provider = await emu.clients()
        customer = next(
            c
            for c in truth["customers"]
            if not c["appConsented"] and set(c["adminCoveredRoles"]) & CONSENT_CAPABLE
        )
        tenant = customer["tenantId"]
        app_id = emu.portal.client_id
        outcome = await pc.create_application_consent(tenant, app_id, GRANTS)
        assert outcome is ConsentOutcome.created
        again = await pc.create_application_consent(tenant, app_id, GRANTS)
        assert again is ConsentOutcome.already_exists
        provider.invalidate(tenant)
        assert await provider.access_token(tenant, GRAPH_DEFAULT)

        assert await pc.delete_application_consent(tenant, app_id) is True
        assert await pc.delete_application_consent(tenant, app_id) is False

    async def test_without_consent_capable_gdap_role_is_forbidden(self, emu: Emulator) -> None:
        truth = await emu.truth()
        _, pc, _ = await emu.clients()
        customer = next(
            c
            for c in truth["customers"]
            if c["adminCoveredRoles"] and not set(c["adminCoveredRoles"]) & CONSENT_CAPABLE
        )
        with pytest.raises(RequestError) as caught:
            await pc.create_application_consent(customer["tenantId"], emu.portal.client_id, GRANTS)
        error = caught.value
        assert error.status == 403
        assert error.code == "403"
        assert error.root_cause.label == "partner_center_forbidden"
        assert "AdminAgents" in error.root_cause.action
        assert error.request_id

    async def test_user_outside_admin_agents_is_forbidden(self, emu: Emulator) -> None:
        provider, _ = await emu.provider(emu.portal.non_agent_username)
        pc = PartnerCenterClient(emu.http, emu.endpoints, provider, policy=emu.policy)
        with pytest.raises(RequestError) as caught:
            await anext(aiter(pc.customers()))
        assert caught.value.root_cause.label == "partner_center_forbidden"

    async def test_a_token_without_mfa_ends_in_the_labelled_cause(self, emu: Emulator) -> None:
        # Partner Center answers App+User calls without the MFA claim with 401 and 900421
        # (https://learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication).
        provider, _ = await emu.provider(emu.portal.no_mfa_username)
        pc = PartnerCenterClient(emu.http, emu.endpoints, provider, policy=emu.policy)
        with pytest.raises(SignInError) as caught:
            await anext(aiter(pc.customers()))
        error = caught.value
        assert (error.status, error.code) == (401, "900421")
        assert error.root_cause.label == "partner_center_mfa_required"
        assert error.root_cause.layer == "partner_sign_in"
        assert "MFA" in error.root_cause.action

    async def test_throttling_names_the_wait(self, emu: Emulator) -> None:
        truth = await emu.truth()
        _, pc, _ = await emu.clients()
        await emu.fault(path="/partnercenter/v1/customers", rate_429=1.0, retry_after=[57])
        from api.microsoft.errors import TransientError

        with pytest.raises(TransientError) as caught:
            await pc.customer_user_count(truth["customers"][0]["tenantId"])
        assert caught.value.retry_after == 57
        assert caught.value.root_cause.label == "throttled"
