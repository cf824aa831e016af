"""OpenID Connect discovery and signing keys."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from emulator import tokens
from emulator.errors import IdentityError
from emulator.identity.common import GENERIC_TENANTS, resolve_tenant, state_of

router = APIRouter()


@router.get("/{tenant}/v2.0/.well-known/openid-configuration")
async def openid_configuration(request: Request, tenant: str) -> dict[str, Any]:
    state = state_of(request)
    known = resolve_tenant(request, tenant)
    if known is None and tenant.lower() not in GENERIC_TENANTS:
        raise IdentityError("invalid_tenant", 90002, f"Tenant '{tenant}' not found.")
    base = f"{state.public_url}/login/{tenant}"
    issuer_tenant = known.id if known else "{tenantid}"
    return {
        "issuer": f"{state.public_url}/login/{issuer_tenant}/v2.0",
        "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
        "token_endpoint": f"{base}/oauth2/v2.0/token",
        "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
        "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
        "jwks_uri": f"{base}/discovery/v2.0/keys",
        "userinfo_endpoint": f"{state.public_url}/graph/oidc/userinfo",
        "response_modes_supported": ["query", "fragment", "form_post"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": [
            "client_secret_post",
            "private_key_jwt",
            "client_secret_basic",
        ],
        "code_challenge_methods_supported": ["plain", "S256"],
        "claims_supported": [
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "nonce",
            "name",
            "oid",
            "tid",
            "ver",
            "preferred_username",
        ],
        "request_uri_parameter_supported": False,
        "tenant_region_scope": "NA",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
    }


@router.get("/{tenant}/discovery/v2.0/keys")
async def keys(request: Request, tenant: str) -> dict[str, Any]:
    resolve_tenant(request, tenant)
    return tokens.jwks()
