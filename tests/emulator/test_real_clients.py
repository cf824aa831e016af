"""Clients nobody here wrote: MSAL Python and msgraph-sdk's models, against the emulator."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import msal
import pytest
from fastapi.testclient import TestClient
from kiota_abstractions.serialization import Parsable
from kiota_serialization_json.json_parse_node_factory import JsonParseNodeFactory
from msgraph.generated.models.app_role_assignment import AppRoleAssignment
from msgraph.generated.models.delegated_admin_relationship_collection_response import (
    DelegatedAdminRelationshipCollectionResponse,
)
from msgraph.generated.models.service_principal import ServicePrincipal

from emulator import catalog
from emulator.app import create_app
from emulator.scenario import portal_app
from tests.emulator.conftest import Emu, customers

HTTPS_URL = "https://emulator.test"
REDIRECT = "http://localhost:8000/api/v1/partner-center/callback"


class RoutedHttpClient:
    """The requests-like surface MSAL uses, routed into the in-process emulator."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def get(self, url: str, params: Any = None, headers: Any = None, **_: Any) -> Any:
        return self.client.get(url, params=params, headers=headers)

    def post(
        self, url: str, params: Any = None, data: Any = None, headers: Any = None, **_: Any
    ) -> Any:
        return self.client.post(url, params=params, data=data, headers=headers)

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def https_client() -> Iterator[TestClient]:
    app = create_app(public_url=HTTPS_URL, control_enabled=True)
    with TestClient(app, base_url=HTTPS_URL, follow_redirects=False) as client:
        yield client


def browser_sign_in(client: TestClient, url: str, username: str) -> str:
    page = client.get(url)
    flow = unescape(re.search(r"name='flow' value='([^']*)'", page.text).group(1))  # type: ignore[union-attr]
    action = unescape(re.search(r"action='([^']*)'", page.text).group(1))  # type: ignore[union-attr]
    resp = client.post(action, data={"flow": flow, "username": username, "password": "emulator"})
    if "name='mfa'" in resp.text:
        resp = client.post(action, data={"flow": flow, "mfa": "approve"})
    assert resp.status_code == 302, resp.text
    return str(resp.headers["location"])


class TestMsal:
    def test_auth_code_flow_with_pkce_and_refresh(self, https_client: TestClient) -> None:
        portal = portal_app(1)
        app = msal.ConfidentialClientApplication(
            portal.client_id,
            client_credential=portal.client_secret,
            oidc_authority=f"{HTTPS_URL}/login/{portal.partner_tenant_id}/v2.0",
            http_client=RoutedHttpClient(https_client),
            instance_discovery=False,
        )
        flow = app.initiate_auth_code_flow(
            ["https://graph.microsoft.com/.default"], redirect_uri=REDIRECT
        )
        assert flow["code_verifier"]
        assert "code_challenge_method=S256" in flow["auth_uri"]
        location = browser_sign_in(https_client, flow["auth_uri"], portal.admin_username)
        response = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        result = app.acquire_token_by_auth_code_flow(flow, response)
        assert "access_token" in result, result
        assert result["id_token_claims"]["preferred_username"] == portal.admin_username
        sent_nonce = parse_qs(urlsplit(flow["auth_uri"]).query)["nonce"][0]
        assert result["id_token_claims"]["nonce"] == sent_nonce
        accounts = app.get_accounts()
        assert accounts
        assert accounts[0]["username"] == portal.admin_username
        pc = app.acquire_token_by_refresh_token(
            result["refresh_token"], scopes=["https://api.partnercenter.microsoft.com/.default"]
        )
        assert "access_token" in pc, pc
        silent = app.acquire_token_silent(
            ["https://graph.microsoft.com/.default"], account=accounts[0]
        )
        assert silent
        assert "access_token" in silent

    def test_errors_come_back_as_msal_dicts(self, https_client: TestClient) -> None:
        portal = portal_app(1)
        app = msal.ConfidentialClientApplication(
            portal.client_id,
            client_credential="wrong",
            oidc_authority=f"{HTTPS_URL}/login/{portal.partner_tenant_id}/v2.0",
            http_client=RoutedHttpClient(https_client),
            instance_discovery=False,
        )
        result = app.acquire_token_by_refresh_token(
            "0.Anope", scopes=["https://graph.microsoft.com/.default"]
        )
        assert result["error"] == "invalid_client"
        assert result["error_codes"] == [7000215]


def parse(model: type[Parsable], content: bytes) -> Any:
    node = JsonParseNodeFactory().get_root_parse_node("application/json", content)
    return node.get_object_value(model)  # type: ignore[arg-type]


def leftovers(obj: Any) -> set[str]:
    return {k for k in (obj.additional_data or {}) if not k.startswith("@odata.")}


class TestMsgraphModels:
    async def test_relationship_collection(self, emu: Emu, partner_rt: str) -> None:
        headers = await emu.bearer(partner_rt)
        resp = await emu.client.get(
            "/graph/v1.0/tenantRelationships/delegatedAdminRelationships?$top=20", headers=headers
        )
        parsed = parse(DelegatedAdminRelationshipCollectionResponse, resp.content)
        assert parsed.odata_next_link == resp.json()["@odata.nextLink"]
        assert len(parsed.value) == 20
        for raw, rel in zip(resp.json()["value"], parsed.value, strict=True):
            assert leftovers(rel) == set()
            assert rel.id == raw["id"]
            assert rel.status.value == raw["status"]
            assert rel.customer.tenant_id == raw["customer"]["tenantId"]
            assert [r.role_definition_id for r in rel.access_details.unified_roles] == [
                r["roleDefinitionId"] for r in raw["accessDetails"]["unifiedRoles"]
            ]
            assert leftovers(rel.customer) == leftovers(rel.access_details) == set()
            assert rel.duration is not None
            assert rel.auto_extend_duration is not None

    async def test_service_principal_and_assignment(self, emu: Emu, partner_rt: str) -> None:
        tenant = customers(
            await emu.truth(), consented=True, covered=catalog.CONSENT_CAPABLE_ROLES
        )[0]
        headers = await emu.bearer(partner_rt, tenant=tenant["tenantId"])
        graph_sp = await emu.client.get(
            f"/graph/v1.0/servicePrincipals(appId='{catalog.GRAPH_APP_ID}')", headers=headers
        )
        sp = parse(ServicePrincipal, graph_sp.content)
        assert leftovers(sp) == set()
        assert all(leftovers(r) == set() for r in sp.app_roles)
        assert all(leftovers(s) == set() for s in sp.oauth2_permission_scopes)
        assert {r.value for r in sp.app_roles} >= {"User.Read.All", "AuditLog.Read.All"}
        ours = (
            await emu.client.get(
                f"/graph/v1.0/servicePrincipals(appId='{emu.portal.client_id}')", headers=headers
            )
        ).json()
        role = next(r for r in graph_sp.json()["appRoles"] if r["value"] == "User.Read.All")
        created = await emu.client.post(
            f"/graph/v1.0/servicePrincipals/{ours['id']}/appRoleAssignments",
            json={"principalId": ours["id"], "resourceId": sp.id, "appRoleId": role["id"]},
            headers=headers,
        )
        assignment = parse(AppRoleAssignment, created.content)
        assert leftovers(assignment) == set()
        assert str(assignment.app_role_id) == role["id"]
        assert assignment.created_date_time is not None
