"""POST /{tenant}/oauth2/v2.0/token: authorization_code, refresh_token, client_credentials."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from emulator import catalog, tokens
from emulator.errors import IdentityError
from emulator.identity import scopes
from emulator.identity.common import GENERIC_TENANTS, resolve_tenant, state_of
from emulator.model import AppRegistration, RefreshToken, Tenant, User, iso
from emulator.state import EmulatorState

router = APIRouter()
CODE_LIFETIME = timedelta(minutes=10)
REFRESH_INACTIVITY = timedelta(days=90)


def _client_credentials(request: Request, form: dict[str, str]) -> tuple[str, str | None]:
    client_id, secret = form.get("client_id", ""), form.get("client_secret")
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            raw = base64.b64decode(header[6:]).decode()
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise IdentityError(
                "invalid_client", 7000215, "Invalid client secret provided.", 401
            ) from exc
        basic_id, _, basic_secret = raw.partition(":")
        client_id, secret = client_id or unquote(basic_id), unquote(basic_secret)
    return client_id.lower(), secret


def _authenticate(
    state: EmulatorState, request: Request, form: dict[str, str], tenant: str
) -> AppRegistration:
    client_id, secret = _client_credentials(request, form)
    app = state.world.apps.get(client_id)
    if app is None:
        raise IdentityError(
            "unauthorized_client",
            700016,
            f"Application with identifier '{client_id}' was not found in the directory "
            f"'{tenant}'. This can happen if the application has not been installed by the "
            "administrator of the tenant or consented to by any user in the tenant.",
        )
    if not secret:
        raise IdentityError(
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or "
            "'client_secret'.",
            401,
        )
    if not hmac.compare_digest(secret, app.client_secret):
        raise IdentityError(
            "invalid_client",
            7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the "
            f"client secret value, not the client secret ID, for a secret added to app "
            f"'{app.client_id}'.",
            401,
        )
    return app


@router.post("/{tenant}/oauth2/v2.0/token")
async def token(request: Request, tenant: str) -> JSONResponse:
    state = state_of(request)
    state.world.tick(state.now())
    form = {k: str(v) for k, v in (await request.form()).items()}
    target = resolve_tenant(request, tenant)
    if target is None and tenant.lower() not in GENERIC_TENANTS:
        raise IdentityError(
            "invalid_request",
            90002,
            f"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and "
            "are signing into the correct cloud.",
        )
    app = _authenticate(state, request, form, tenant)
    grant = form.get("grant_type")
    if grant == "authorization_code":
        body = _redeem_code(state, app, form, target)
    elif grant == "refresh_token":
        body = _redeem_refresh(state, app, form, target)
    elif grant == "client_credentials":
        body = _app_only(state, app, form, target)
    else:
        raise IdentityError(
            "unsupported_grant_type",
            70003,
            f"The app requested an unsupported grant type '{grant}'.",
        )
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def _require(form: dict[str, str], name: str) -> str:
    value = form.get(name)
    if not value:
        raise IdentityError(
            "invalid_request",
            900144,
            f"The request body must contain the following parameter: '{name}'.",
        )
    return value


def _redeem_code(
    state: EmulatorState, app: AppRegistration, form: dict[str, str], target: Tenant | None
) -> dict[str, Any]:
    world, now = state.world, state.now()
    code = world.codes.get(_require(form, "code"))
    if code is None or code.client_id != app.client_id:
        raise IdentityError(
            "invalid_grant", 70000, "The provided value for the 'code' parameter is not valid."
        )
    if code.used:
        raise IdentityError(
            "invalid_grant",
            54005,
            "OAuth2 Authorization code was already redeemed, please retry with a new valid code or "
            "use an existing refresh token.",
        )
    if code.issued + CODE_LIFETIME < now:
        raise IdentityError(
            "invalid_grant",
            70008,
            "The provided authorization code or refresh token has expired due to inactivity. "
            "Send a new interactive authorization request for this user and resource.",
        )
    if form.get("redirect_uri") != code.redirect_uri:
        raise IdentityError(
            "invalid_grant",
            50011,
            "The redirect URI specified in the request does not match the redirect URI used to "
            "obtain the authorization code.",
        )
    _check_pkce(code.code_challenge, code.code_challenge_method, form.get("code_verifier"))
    code.used = True
    requested = scopes.parse(form.get("scope") or " ".join(code.scopes))
    if len(requested.order) > 1 and form.get("scope"):
        raise IdentityError(
            "invalid_scope",
            28000,
            "Provided value for the input parameter scope is not valid because it contains more "
            "than one resource. Scope " + form["scope"] + " is not valid.",
        )
    original = scopes.parse(" ".join(code.scopes))
    user = world.users[code.user_id]
    return _issue(
        state,
        app,
        user,
        world.tenants[code.tenant_id],
        requested,
        original.oidc,
        code.nonce,
        code.amr,
    )


def _check_pkce(challenge: str | None, method: str | None, verifier: str | None) -> None:
    if not challenge:
        return
    if not verifier:
        raise IdentityError(
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'code_verifier'.",
        )
    computed = tokens.s256(verifier) if method == "S256" else verifier
    if not hmac.compare_digest(computed, challenge):
        raise IdentityError(
            "invalid_grant",
            501481,
            "The Code_Verifier does not match the code_challenge supplied in the authorization "
            "request.",
        )


def _redeem_refresh(
    state: EmulatorState, app: AppRegistration, form: dict[str, str], target: Tenant | None
) -> dict[str, Any]:
    world, now = state.world, state.now()
    rt = world.refresh_tokens.get(_require(form, "refresh_token"))
    if rt is None:
        raise IdentityError(
            "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid."
        )
    if rt.client_id != app.client_id:
        raise IdentityError("invalid_grant", 70000, "Provided grant is invalid or malformed.")
    if rt.revoked:
        raise IdentityError(
            "invalid_grant",
            50173,
            "The provided grant has expired due to it being revoked, a fresh auth token is needed. "
            f"The user might have changed or reset their password. The grant was issued on "
            f"'{iso(rt.issued)}'.",
        )
    if rt.last_used + REFRESH_INACTIVITY < now:
        idle = now - rt.last_used
        raise IdentityError(
            "invalid_grant",
            700082,
            f"The refresh token has expired due to inactivity. The token was issued on "
            f"{iso(rt.issued)} and was inactive for {idle.days}.00:00:00.",
        )
    rt.last_used = now
    requested = scopes.parse(_require(form, "scope"))
    user = world.users[rt.user_id]
    tenant = target or world.tenants[user.tenant_id]
    if tenant.id != user.tenant_id:
        _check_cross_tenant(state, app, user, tenant)
    # Entra rotates the refresh token on every use, whatever the requested scopes.
    oidc = requested.oidc | {"offline_access"}
    return _issue(state, app, user, tenant, requested, oidc, None, rt.amr)


def _check_cross_tenant(
    state: EmulatorState, app: AppRegistration, user: User, tenant: Tenant
) -> None:
    world = state.world
    if not world.covered_roles(user.id, tenant.id):
        raise IdentityError(
            "invalid_grant",
            50020,
            f"User account '{user.upn}' from identity provider "
            f"'https://sts.windows.net/{user.tenant_id}/' does not exist in tenant "
            f"'{tenant.display_name}' and cannot access the application '{app.client_id}'"
            f"({app.display_name}) in that tenant. The account needs to be added as an external "
            "user in the tenant first.",
        )
    if world.service_principal(tenant, app.client_id, state.now()) is None:
        raise IdentityError(
            "invalid_grant",
            90099,
            f"The application '{app.client_id}' has not been authorized in the tenant "
            f"'{tenant.id}'. Applications must be authorized to access the external tenant "
            "before partner delegated administrators can use them. Provide pre-consent or "
            "execute the appropriate Partner Center API to authorize the application.",
        )


def _consent_required(app: AppRegistration) -> IdentityError:
    return IdentityError(
        "invalid_grant",
        65001,
        f"The user or administrator has not consented to use the application with ID "
        f"'{app.client_id}' named '{app.display_name}'. Send an interactive authorization request "
        "for this user and resource.",
    )


def _issue(
    state: EmulatorState,
    app: AppRegistration,
    user: User,
    tenant: Tenant,
    requested: scopes.ScopeRequest,
    oidc: set[str],
    nonce: str | None,
    amr: list[str],
) -> dict[str, Any]:
    world, now = state.world, state.now()
    resource_id = requested.first
    if resource_id is None:
        resource_id = catalog.GRAPH_APP_ID
        requested.by_resource[resource_id] = ["User.Read"]
    resource = catalog.RESOURCE_APPS[resource_id]
    consented = world.consented_scopes(tenant, app.client_id, resource_id, user.id, now)
    names = requested.by_resource[resource_id]
    granted = sorted(consented or set()) if ".default" in names else names
    if not granted or not set(granted) <= (consented or set()):
        raise _consent_required(app)
    roles = sorted(world.roles_in(user, tenant.id))
    claims = _claims(state, tenant, now)
    claims.update(
        aud=resource.uri,
        oid=user.id,
        sub=_pairwise(user.id, resource.uri),
        upn=user.upn,
        unique_name=user.upn,
        name=user.display_name,
        scp=" ".join(granted),
        appid=app.client_id,
        azp=app.client_id,
        appidacr="1",
        idtyp="user",
        ver="1.0",
        wids=roles,
        # v1.0 access tokens carry amr; "mfa" only when this sign-in completed MFA
        # (https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference).
        amr=list(amr),
    )
    body: dict[str, Any] = {
        "token_type": "Bearer",
        "scope": " ".join(f"{resource.uri}/{s}" for s in granted) + _oidc_suffix(oidc),
        "expires_in": tokens.ACCESS_TOKEN_LIFETIME,
        "ext_expires_in": tokens.ACCESS_TOKEN_LIFETIME,
        "access_token": tokens.sign(claims),
        "client_info": tokens.client_info(user.id, user.tenant_id),
    }
    if "offline_access" in oidc:
        body["refresh_token"] = _new_refresh(state, app, user, now, amr)
    if "openid" in oidc:
        body["id_token"] = _id_token(state, app, user, tenant, nonce, now)
    return body


def _oidc_suffix(oidc: set[str]) -> str:
    shown = [s for s in ("openid", "profile", "email", "offline_access") if s in oidc]
    return (" " + " ".join(shown)) if shown else ""


def _claims(state: EmulatorState, tenant: Tenant, now: datetime) -> dict[str, Any]:
    stamp = int(now.timestamp())
    return {
        "iss": f"{state.public_url}/login/{tenant.id}/v2.0",
        "iat": stamp,
        "nbf": stamp,
        "exp": stamp + tokens.ACCESS_TOKEN_LIFETIME,
        "tid": tenant.id,
    }


def _pairwise(oid: str, audience: str) -> str:
    digest = hashlib.sha256(f"{oid}|{audience}".encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()[:43]


def _new_refresh(
    state: EmulatorState, app: AppRegistration, user: User, now: datetime, amr: list[str]
) -> str:
    value = "0.A" + secrets.token_urlsafe(96)
    state.world.refresh_tokens[value] = RefreshToken(
        value, user.id, user.tenant_id, app.client_id, now, now, amr=list(amr)
    )
    return value


def _id_token(
    state: EmulatorState,
    app: AppRegistration,
    user: User,
    tenant: Tenant,
    nonce: str | None,
    now: datetime,
) -> str:
    claims = _claims(state, tenant, now)
    claims.update(
        aud=app.client_id,
        oid=user.id,
        sub=_pairwise(user.id, app.client_id),
        ver="2.0",
        name=user.display_name,
        preferred_username=user.upn,
    )
    if nonce:
        claims["nonce"] = nonce
    return tokens.sign(claims)


def _app_only(
    state: EmulatorState, app: AppRegistration, form: dict[str, str], target: Tenant | None
) -> dict[str, Any]:
    world, now = state.world, state.now()
    requested = scopes.parse(_require(form, "scope"))
    if len(requested.order) != 1 or requested.by_resource[requested.order[0]] != [".default"]:
        raise IdentityError(
            "invalid_scope",
            1002012,
            "The provided value for scope is not valid. Client credential flows must have a "
            "scope value with /.default suffixed to the resource identifier (application ID URI).",
        )
    if target is None:
        raise IdentityError(
            "invalid_request",
            9001023,
            "The grant type isn't supported over the /common or /consumers endpoints. Please use "
            "the /organizations or tenant-specific endpoint.",
        )
    client = world.service_principal(target, app.client_id, now)
    if client is None:
        raise IdentityError(
            "unauthorized_client",
            700016,
            f"Application with identifier '{app.client_id}' was not found in the directory "
            f"'{target.id}'.",
        )
    resource = catalog.RESOURCE_APPS[requested.order[0]]
    resource_sp = world.service_principal(target, resource.app_id, now)
    values = {r["id"]: r["value"] for r in resource.app_roles}
    roles = sorted(
        values[a.app_role_id]
        for a in target.app_role_assignments.values()
        if a.principal_id == client.id
        and resource_sp
        and a.resource_id == resource_sp.id
        and a.app_role_id in values
    )
    claims = _claims(state, target, now)
    claims.update(
        aud=resource.uri,
        oid=client.id,
        sub=client.id,
        appid=app.client_id,
        azp=app.client_id,
        appidacr="1",
        idtyp="app",
        ver="1.0",
    )
    if roles:
        claims["roles"] = roles
    return {
        "token_type": "Bearer",
        "expires_in": tokens.ACCESS_TOKEN_LIFETIME,
        "ext_expires_in": tokens.ACCESS_TOKEN_LIFETIME,
        "access_token": tokens.sign(claims),
    }
