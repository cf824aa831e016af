"""The interactive endpoints: /authorize (sign-in, consent, code), /adminconsent (v1.0) and
/v2.0/adminconsent (learn.microsoft.com/entra/identity-platform/v2-admin-consent)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from emulator import catalog
from emulator.errors import IdentityError
from emulator.identity import pages, scopes
from emulator.identity.common import error_fields, redirect, resolve_tenant, state_of
from emulator.model import AppRegistration, AuthCode, PendingFlow, User
from emulator.state import World

router = APIRouter()
FLOW_LIFETIME = timedelta(hours=1)
ADMIN_ROLES = frozenset({catalog.GLOBAL_ADMIN, catalog.APP_ADMIN, catalog.CLOUD_APP_ADMIN})
ADMIN_CONSENT = "adminconsent"
ADMIN_CONSENT_V2 = "adminconsent_v2"
ADMIN_CONSENTS = frozenset({ADMIN_CONSENT, ADMIN_CONSENT_V2})
# The documented error response of the v2.0 admin consent endpoint when the admin does not
# approve: `admin_consent=True&error=consent_required&error_description=AADSTS65004: The
# resource owner or authorization server denied the request.…&state=…`
# (learn.microsoft.com/entra/identity-platform/v2-admin-consent, "Error response").
DECLINED_V2 = "The resource owner or authorization server denied the request."


def _app_or_page(
    request: Request, tenant: str, client_id: str, redirect_uri: str
) -> AppRegistration | Response:
    world = state_of(request).world
    if (
        tenant.lower() not in ("common", "organizations")
        and resolve_tenant(request, tenant) is None
    ):
        return pages.error(90002, f"Tenant '{tenant}' not found.")
    app = world.apps.get(client_id.lower())
    if app is None:
        return pages.error(
            700016,
            f"Application with identifier '{client_id}' was not found in the directory '{tenant}'.",
        )
    if redirect_uri not in app.redirect_uris:
        return pages.error(
            50011,
            f"The redirect URI '{redirect_uri}' specified in the request does not match the "
            f"redirect URIs configured for the application '{client_id}'.",
        )
    return app


def _authorize_problem(params: dict[str, str]) -> tuple[str, int, str] | None:
    if params.get("response_type") != "code":
        return ("unsupported_response_type", 700054, "response_type 'code' is required.")
    if not params.get("scope"):
        return (
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'scope'.",
        )
    method = params.get("code_challenge_method", "plain")
    if params.get("code_challenge") and method not in ("S256", "plain"):
        return ("invalid_request", 50148, "The code_challenge_method is not supported.")
    if params.get("prompt") == "none":
        return (
            "login_required",
            50058,
            "A silent sign-in request was sent but no user is signed in.",
        )
    return _scope_problem(params["scope"])


def _scope_problem(scope: str) -> tuple[str, int, str] | None:
    """A scope that does not parse, or names a permission its resource does not have."""
    try:
        requested = scopes.parse(scope)
    except IdentityError as exc:
        return (exc.error, exc.code, exc.description)
    for app_id, names in requested.by_resource.items():
        unknown = set(names) - scopes.known_names(app_id)
        if unknown:
            return (
                "invalid_client",
                650053,
                f"The application asked for scope '{unknown.pop()}' "
                "that doesn't exist on the resource.",
            )
    return None


def _admin_consent_problem(params: dict[str, str]) -> tuple[str, int, str] | None:
    """`scope` is required on the v2.0 endpoint: static (`/.default`) or dynamic scopes."""
    if not params.get("scope"):
        return (
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'scope'.",
        )
    return _scope_problem(params["scope"])


def _v2_wanted(
    app: AppRegistration, scope: str
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Delegated scopes and app roles an admin consent on the v2.0 endpoint grants, by resource.

    A resource's `/.default` stands for every permission the registration requires of it,
    delegated and application alike; application permissions are granted only that way. Other
    names are dynamic delegated scopes (learn.microsoft.com/entra/identity-platform/
    v2-admin-consent: "In order to request app permissions, you must use the /.default value").
    """
    delegated: dict[str, list[str]] = {}
    roles: dict[str, list[str]] = {}
    for app_id, names in scopes.parse(scope).by_resource.items():
        if ".default" in names:
            delegated[app_id] = list(app.required_scopes.get(app_id, ()))
            roles[app_id] = list(app.required_app_roles.get(app_id, ()))
        dynamic = [n for n in names if n != ".default"]
        delegated[app_id] = list(dict.fromkeys([*delegated.get(app_id, []), *dynamic]))
    return delegated, roles


def _start(request: Request, tenant: str, kind: str) -> Response:
    params = dict(request.query_params)
    found = _app_or_page(
        request, tenant, params.get("client_id", ""), params.get("redirect_uri", "")
    )
    if not isinstance(found, AppRegistration):
        return found
    mode = params.get("response_mode", "query")
    if kind == "authorize" and (problem := _authorize_problem(params)):
        fields = error_fields(*problem, params.get("state"))
        return redirect(params["redirect_uri"], fields, mode)
    if kind == ADMIN_CONSENT_V2 and (problem := _admin_consent_problem(params)):
        fields = error_fields(*problem, params.get("state"))
        return redirect(params["redirect_uri"], fields)
    state = state_of(request)
    flow = PendingFlow(secrets.token_urlsafe(24), kind, tenant, params, created=state.now())
    state.world.flows[flow.id] = flow
    return pages.sign_in(
        str(request.url.remove_query_params(list(params))), flow.id, params.get("login_hint", "")
    )


def _missing_consent(world: World, user: User, flow: PendingFlow, now: datetime) -> list[str]:
    home = world.tenants[user.tenant_id]
    client_id = flow.params["client_id"].lower()
    if flow.kind in ADMIN_CONSENTS or flow.params.get("prompt") == "consent":
        return _all_requested(world, flow)
    requested = scopes.parse(flow.params["scope"])
    missing = []
    for app_id, names in requested.by_resource.items():
        granted = world.consented_scopes(home, client_id, app_id, user.id, now) or set()
        wanted = set(names) - {".default"} or set(
            world.apps[client_id].required_scopes.get(app_id, ())
        )
        missing += [n for n in sorted(wanted) if n not in granted]
    return missing


def _all_requested(world: World, flow: PendingFlow) -> list[str]:
    app = world.apps[flow.params["client_id"].lower()]
    if flow.kind == ADMIN_CONSENT_V2:
        delegated, roles = _v2_wanted(app, flow.params["scope"])
    elif flow.kind == ADMIN_CONSENT:
        delegated = {k: list(v) for k, v in app.required_scopes.items()}
        roles = {k: list(v) for k, v in app.required_app_roles.items()}
    else:
        delegated, roles = {k: list(v) for k, v in app.required_scopes.items()}, {}
    listed = [s for names in delegated.values() for s in names]
    listed += [f"{r} (application)" for names in roles.values() for r in names]
    return list(dict.fromkeys(listed))


async def _continue(request: Request, tenant: str) -> Response:
    state = state_of(request)
    world, now = state.world, state.now()
    form = await request.form()
    flow = world.flows.get(str(form.get("flow", "")))
    if flow is None or flow.created + FLOW_LIFETIME < now:
        return pages.error(90014, "The sign-in session is missing or has expired. Start again.")
    action = str(request.url)
    if "consent" in form:
        return _after_consent(request, flow, str(form["consent"]) == "yes")
    if "mfa" in form:
        return _after_mfa(request, flow)
    user = world.find_user(str(form.get("username", "")))
    if user is None or user.password != form.get("password"):
        return pages.sign_in(
            action,
            flow.id,
            str(form.get("username", "")),
            "AADSTS50126: Error validating credentials due to invalid username or password.",
        )
    target = world.tenant(flow.tenant)
    if target is not None and target.id != user.tenant_id:
        return pages.sign_in(
            action,
            flow.id,
            user.upn,
            f"AADSTS50020: User account '{user.upn}' from identity provider does "
            f"not exist in tenant '{target.display_name}'.",
        )
    flow.user_id = user.id
    if user.mfa:
        # Entra asks an account with a registered MFA method for its second factor here; the
        # tokens of this sign-in then list "mfa" in amr
        # (https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference,
        # amr; Partner Center requires it: https://learn.microsoft.com/en-us/partner-center/
        # security/partner-security-requirements).
        return pages.mfa(action, flow.id, user.upn)
    return _after_sign_in(request, flow, user)


def _after_sign_in(request: Request, flow: PendingFlow, user: User) -> Response:
    state = state_of(request)
    world, now = state.world, state.now()
    missing = _missing_consent(world, user, flow, now)
    if flow.kind in ADMIN_CONSENTS and not user.roles & ADMIN_ROLES:
        return _deny(flow, 90094, "Admin consent is required for the permissions requested.")
    if not missing:
        return _finish(request, flow)
    if not user.roles & ADMIN_ROLES:
        return _deny(flow, 90094, "Admin consent is required for the permissions requested.")
    app = world.apps[flow.params["client_id"].lower()]
    return pages.consent(
        str(request.url), flow.id, app.display_name, missing, flow.kind in ADMIN_CONSENTS
    )


def _after_mfa(request: Request, flow: PendingFlow) -> Response:
    user = state_of(request).world.users.get(flow.user_id or "")
    if user is None:
        return pages.error(90014, "Sign in before completing multifactor authentication.")
    flow.mfa_done = True
    return _after_sign_in(request, flow, user)


def _deny(flow: PendingFlow, code: int, description: str) -> Response:
    fields = error_fields("access_denied", code, description, flow.params.get("state"))
    if flow.kind == ADMIN_CONSENT:
        fields["admin_consent"] = "False"
    elif flow.kind == ADMIN_CONSENT_V2:
        # "admin_consent: Will be set to True to indicate that this response occurred on an
        # admin consent flow" (learn.microsoft.com/entra/identity-platform/v2-admin-consent).
        fields = {"admin_consent": "True", **fields}
    return redirect(flow.params["redirect_uri"], fields, flow.params.get("response_mode", "query"))


def _after_consent(request: Request, flow: PendingFlow, accepted: bool) -> Response:
    state = state_of(request)
    world = state.world
    user = world.users.get(flow.user_id or "")
    if user is None or (user.mfa and not flow.mfa_done):
        return pages.error(90014, "Sign in before consenting.")
    if not accepted:
        if flow.kind == ADMIN_CONSENT_V2:
            fields = {"admin_consent": "True"}
            fields.update(
                error_fields("consent_required", 65004, DECLINED_V2, flow.params.get("state"))
            )
            return redirect(flow.params["redirect_uri"], fields)
        return _deny(flow, 65004, "User declined to consent to access the app.")
    home = world.tenants[user.tenant_id]
    app = world.apps[flow.params["client_id"].lower()]
    world.ensure_builtins(home)
    present = {sp.app_id for sp in home.service_principals.values()}
    roles: dict[str, list[str]] = {}
    if flow.kind == ADMIN_CONSENT:
        # The v1.0 endpoint consents every required permission, delegated and application.
        wanted = {k: list(v) for k, v in app.required_scopes.items()}
        roles = {k: list(v) for k, v in app.required_app_roles.items()}
    elif flow.kind == ADMIN_CONSENT_V2:
        wanted, roles = _v2_wanted(app, flow.params["scope"])
    else:
        requested = scopes.parse(flow.params["scope"])
        wanted = {
            k: [n for n in v if n != ".default"] or list(app.required_scopes.get(k, ()))
            for k, v in requested.by_resource.items()
        }
    grants = {k: v for k, v in wanted.items() if k in present and v}
    client = world.consent(home, app, grants, state.now())
    # Admin consent installs the app (its service principal) and grants what was approved: with
    # `/.default`, "all scopes found in the required permissions (both user and app)"
    # (learn.microsoft.com/entra/identity-platform/v2-admin-consent); application permissions
    # become app role assignments on the app's service principal. A resource whose service
    # principal the tenant lacks gets none, as with the other consents here.
    for resource_app_id, values in roles.items():
        world.grant_app_roles(home, client, resource_app_id, values)
    return _finish(request, flow)


def _finish(request: Request, flow: PendingFlow) -> Response:
    state = state_of(request)
    world = state.world
    user = world.users[flow.user_id or ""]
    del world.flows[flow.id]
    params = flow.params
    if flow.kind in ADMIN_CONSENTS:
        # Successful response: admin_consent=True, tenant (GUID), on v2.0 the scope granted,
        # and state (learn.microsoft.com/entra/identity-platform/v2-admin-consent).
        fields = {"admin_consent": "True", "tenant": user.tenant_id}
        if flow.kind == ADMIN_CONSENT_V2:
            fields["scope"] = params["scope"]
        if "state" in params:
            fields["state"] = params["state"]
        return redirect(params["redirect_uri"], fields)
    code = AuthCode(
        code=secrets.token_urlsafe(48),
        client_id=params["client_id"].lower(),
        redirect_uri=params["redirect_uri"],
        user_id=user.id,
        tenant_id=user.tenant_id,
        scopes=params["scope"].split(),
        code_challenge=params.get("code_challenge"),
        code_challenge_method=params.get("code_challenge_method", "plain"),
        nonce=params.get("nonce"),
        issued=state.now(),
        amr=["pwd", "mfa"] if flow.mfa_done else ["pwd"],
    )
    world.codes[code.code] = code
    fields = {"code": code.code}
    if "state" in params:
        fields["state"] = params["state"]
    fields["session_state"] = flow.id
    return redirect(params["redirect_uri"], fields, params.get("response_mode", "query"))


@router.get("/{tenant}/oauth2/v2.0/authorize")
async def authorize(request: Request, tenant: str) -> Response:
    return _start(request, tenant, "authorize")


@router.post("/{tenant}/oauth2/v2.0/authorize")
async def authorize_form(request: Request, tenant: str) -> Response:
    resolve_tenant(request, tenant)
    return await _continue(request, tenant)


@router.get("/{tenant}/adminconsent")
async def admin_consent(request: Request, tenant: str) -> Response:
    return _start(request, tenant, ADMIN_CONSENT)


@router.get("/{tenant}/v2.0/adminconsent")
async def admin_consent_v2(request: Request, tenant: str) -> Response:
    """learn.microsoft.com/entra/identity-platform/v2-admin-consent: client_id, redirect_uri,
    scope (required) and state; the admin signs in, approves, and the browser goes back."""
    return _start(request, tenant, ADMIN_CONSENT_V2)


@router.post("/{tenant}/v2.0/adminconsent")
async def admin_consent_v2_form(request: Request, tenant: str) -> Response:
    resolve_tenant(request, tenant)
    return await _continue(request, tenant)


@router.post("/{tenant}/adminconsent")
async def admin_consent_form(request: Request, tenant: str) -> Response:
    resolve_tenant(request, tenant)
    return await _continue(request, tenant)
