"""Microsoft identity platform v2: authorization code + PKCE, and refresh-token redemption."""

from __future__ import annotations

import base64
import json
import time
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from api.microsoft.errors import identity_error
from api.microsoft.settings import MicrosoftEndpoints
from api.microsoft.transport import DEFAULT_POLICY, NO_RETRY, RetryPolicy, send

GRAPH = "https://graph.microsoft.com"
PARTNER_CENTER_RESOURCE = "https://api.partnercenter.microsoft.com"
GRAPH_DEFAULT = f"{GRAPH}/.default"
PARTNER_CENTER = f"{PARTNER_CENTER_RESOURCE}/user_impersonation"
OIDC_SCOPES = ("openid", "profile", "offline_access")
GRAPH_DELEGATED_SCOPES = tuple(
    f"{GRAPH}/{name}"
    for name in (
        "DelegatedAdminRelationship.Read.All",
        "DelegatedAdminRelationship.ReadWrite.All",
        "User.Read.All",
        "Organization.Read.All",
        "Directory.ReadWrite.All",
        "Application.ReadWrite.All",
        "AppRoleAssignment.ReadWrite.All",
        "DelegatedPermissionGrant.ReadWrite.All",
    )
)
# The authorize leg may span resources (one consent for all); code redemption may not, so it
# asks for Graph only and Partner Center tokens come from the refresh token later.
SIGN_IN_SCOPES = [*OIDC_SCOPES, *GRAPH_DELEGATED_SCOPES, PARTNER_CENTER]
REDEEM_SCOPES = [*OIDC_SCOPES, *GRAPH_DELEGATED_SCOPES]


def new_state() -> str:
    return str(generate_token(32))


def new_code_verifier() -> str:
    # RFC 7636 wants 43-128 characters from the unreserved set; generate_token uses letters+digits.
    return str(generate_token(64))


def unverified_claims(token: str | None) -> dict[str, Any]:
    """Claims of a JWT we just received from the token endpoint over TLS.

    Skipping signature verification is acceptable only there: the token came straight from
    Microsoft on a connection we opened, and Microsoft documents access tokens as opaque to
    clients (their signing keys differ per resource). Never use this on tokens from elsewhere.
    """
    if not token or token.count(".") < 2:
        return {}
    payload = token.split(".")[1]
    try:
        decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


class TokenSet(BaseModel):
    model_config = ConfigDict(frozen=True)

    access_token: SecretStr
    refresh_token: SecretStr | None = None
    expires_in: int
    expires_at: float = Field(description="time.time() when the access token expires")
    scope: str = ""
    tenant_id: str | None = None
    object_id: str | None = None
    username: str | None = None
    audience: str | None = None
    # How the person signed in ("pwd", "mfa", ...): v1.0 access tokens carry amr
    # (https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference).
    amr: tuple[str, ...] = ()

    @property
    def mfa(self) -> bool:
        """Partner Center checks amr for "mfa" on every App+User call
        (https://learn.microsoft.com/en-us/powershell/partnercenter/test-partner-security-requirements)."""
        return "mfa" in self.amr

    @classmethod
    def from_response(cls, body: dict[str, Any], *, now: float | None = None) -> TokenSet:
        # v1-style responses send numbers as strings; v2 sends integers.
        expires_in = int(float(body.get("expires_in") or 3599))
        access = str(body.get("access_token") or "")
        claims = unverified_claims(access)
        id_claims = unverified_claims(body.get("id_token"))
        username = (
            claims.get("upn") or id_claims.get("preferred_username") or claims.get("unique_name")
        )
        refresh = body.get("refresh_token")
        return cls(
            access_token=SecretStr(access),
            refresh_token=SecretStr(str(refresh)) if refresh else None,
            expires_in=expires_in,
            expires_at=(time.time() if now is None else now) + expires_in,
            scope=str(body.get("scope") or ""),
            tenant_id=_str(claims.get("tid") or id_claims.get("tid")),
            object_id=_str(claims.get("oid") or id_claims.get("oid")),
            username=_str(username),
            audience=_str(claims.get("aud")),
            amr=_amr(claims.get("amr")),
        )


def _amr(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _str(value: Any) -> str | None:
    return str(value) if value else None


class IdentityClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        endpoints: MicrosoftEndpoints,
        *,
        policy: RetryPolicy = DEFAULT_POLICY,
    ) -> None:
        self._http = http
        self._endpoints = endpoints
        self._policy = policy

    def authorization_url(
        self,
        *,
        redirect_uri: str,
        state: str,
        code_verifier: str,
        scopes: list[str],
        tenant: str = "organizations",
        prompt: str | None = "select_account",
    ) -> str:
        extra: dict[str, str] = {
            "code_challenge": create_s256_code_challenge(code_verifier),
            "code_challenge_method": "S256",
            "response_mode": "query",
        }
        if prompt:
            extra["prompt"] = prompt
        url = prepare_grant_uri(
            f"{self._endpoints.login_url}/{tenant}/oauth2/v2.0/authorize",
            self._endpoints.client_id,
            "code",
            redirect_uri=redirect_uri,
            scope=" ".join(scopes),
            state=state,
            **extra,
        )
        return str(url)

    async def redeem_code(
        self,
        *,
        code: str,
        redirect_uri: str,
        code_verifier: str,
        scopes: list[str],
        tenant: str = "organizations",
    ) -> TokenSet:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
            "scope": " ".join(scopes),
        }
        # A code is single-use: a retry after a lost response would only earn AADSTS54005.
        return await self._token(tenant, form, NO_RETRY)

    async def refresh(self, *, refresh_token: str, tenant: str, scope: str) -> TokenSet:
        """A token for one resource in any tenant the partner user can reach (RTs are not bound
        to a tenant or resource); a customer tenant id here is how GDAP access works."""
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token, "scope": scope}
        return await self._token(tenant, form, self._policy)

    def admin_consent_url(
        self, *, redirect_uri: str, state: str, scopes: list[str], tenant: str = "organizations"
    ) -> str:
        """Where a tenant's administrator approves the app for the whole tenant: the v2.0
        admin consent endpoint (learn.microsoft.com/entra/identity-platform/v2-admin-consent).
        Application permissions are asked for through each resource's `/.default`."""
        query = urlencode(
            {
                "client_id": self._endpoints.client_id,
                "scope": " ".join(scopes),
                "redirect_uri": redirect_uri,
                "state": state,
            },
            quote_via=quote,
        )
        return f"{self._endpoints.login_url}/{tenant}/v2.0/adminconsent?{query}"

    async def app_token(self, *, tenant: str, scope: str) -> TokenSet:
        """The app's own token in a tenant where it is consented (client credentials grant;
        scope is the resource's `/.default`)."""
        form = {"grant_type": "client_credentials", "scope": scope}
        return await self._token(tenant, form, self._policy)

    async def _token(self, tenant: str, form: dict[str, str], policy: RetryPolicy) -> TokenSet:
        body = {
            "client_id": self._endpoints.client_id,
            "client_secret": self._endpoints.client_secret.get_secret_value(),
            **form,
        }
        resp = await send(
            self._http,
            "POST",
            f"{self._endpoints.login_url}/{tenant}/oauth2/v2.0/token",
            service="identity",
            parse_error=identity_error,
            policy=policy,
            data=body,
            headers={"Accept": "application/json"},
        )
        payload = resp.json()
        if not isinstance(payload, dict) or not payload.get("access_token"):
            raise identity_error(resp)
        return TokenSet.from_response(payload)
