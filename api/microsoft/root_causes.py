"""Microsoft error codes mapped to the layer that failed and the one action that fixes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Layer = Literal["partner_sign_in", "gdap", "consent", "client_policy", "microsoft", "configuration"]
Service = Literal["identity", "graph", "partner_center"]

REAUTHENTICATE = "Reauthenticate Partner Center (sign in again as the partner admin)."
ONBOARD = "Onboard the tenant again so the app's consent is granted in it."


@dataclass(frozen=True)
class RootCause:
    label: str
    summary: str
    action: str
    layer: Layer

    @property
    def explanation(self) -> str:
        """What went wrong and the one thing that fixes it, as one message for people."""
        return f"{self.summary} {self.action}"


def _rc(label: str, summary: str, action: str, layer: Layer) -> RootCause:
    return RootCause(label=label, summary=summary, action=action, layer=layer)


CONSENT_MISSING = _rc(
    "consent_missing",
    "The app has not been consented for this resource in the tenant.",
    ONBOARD,
    "consent",
)
APP_NOT_AUTHORIZED = _rc(
    "app_not_authorized_in_customer",
    "The app has not been authorized in the customer tenant yet.",
    "Run the Partner Center consent for this customer (onboard the tenant).",
    "consent",
)
SIGN_IN_EXPIRED = _rc(
    "partner_sign_in_expired",
    "The partner sign-in expired after 90 days without use.",
    REAUTHENTICATE,
    "partner_sign_in",
)
SIGN_IN_REVOKED = _rc(
    "partner_sign_in_revoked",
    "The partner sign-in was revoked (password reset or tokens revoked by an admin).",
    REAUTHENTICATE,
    "partner_sign_in",
)
MFA_REQUIRED = _rc(
    "mfa_required",
    "Microsoft requires multi-factor authentication for the partner sign-in.",
    "Reauthenticate Partner Center and complete MFA.",
    "partner_sign_in",
)
SIGN_IN_FREQUENCY = _rc(
    "sign_in_frequency_reached",
    "A Conditional Access sign-in frequency policy requires the partner to sign in again.",
    REAUTHENTICATE,
    "partner_sign_in",
)
CONDITIONAL_ACCESS = _rc(
    "blocked_by_conditional_access",
    "A Conditional Access policy blocked the sign-in for this app.",
    "Adjust the partner tenant's Conditional Access policy to allow this app.",
    "client_policy",
)
ACCOUNT_RISK = _rc(
    "delegated_admin_blocked_account_risk",
    "Delegated admin access is blocked because of suspicious activity on the partner account.",
    "Resolve the account risk for the partner user in the partner tenant (Entra ID Protection).",
    "partner_sign_in",
)
APP_NOT_FOUND = _rc(
    "app_not_found",
    "Microsoft does not know the app's client id.",
    "Check MS_CLIENT_ID and that the app registration exists and is multitenant.",
    "configuration",
)
SECRET_INVALID = _rc(
    "client_secret_invalid",
    "Microsoft rejected the app's client secret.",
    "Rotate MS_CLIENT_SECRET: create a new secret on the app registration and set its value.",
    "configuration",
)
SECRET_EXPIRED = _rc(
    "client_secret_expired",
    "The app's client secret has expired.",
    "Rotate MS_CLIENT_SECRET: create a new secret on the app registration and set its value.",
    "configuration",
)
NOT_IN_GDAP_GROUP = _rc(
    "user_not_in_gdap_group",
    "The partner user has no active GDAP access to this customer.",
    "Add the partner user to a security group with an active GDAP access assignment "
    "for this customer.",
    "gdap",
)
TENANT_NOT_FOUND = _rc(
    "tenant_not_found",
    "Microsoft does not know this tenant (wrong id, or the tenant was deleted).",
    "Check the tenant id; remove the tenant if the customer no longer exists.",
    "configuration",
)
CODE_REUSED = _rc(
    "authorization_code_reused",
    "The sign-in code was already used.",
    "Start the sign-in again.",
    "partner_sign_in",
)
SIGN_IN_INVALID = _rc(
    "sign_in_invalid",
    "The sign-in could not be completed (invalid or expired code, or a PKCE mismatch).",
    "Start the sign-in again.",
    "partner_sign_in",
)
REFRESH_TOKEN_INVALID = _rc(
    "refresh_token_invalid",
    "The stored partner sign-in is not valid any more.",
    REAUTHENTICATE,
    "partner_sign_in",
)
ADMIN_CONSENT_REQUIRED = _rc(
    "admin_consent_required",
    "The permissions the app asks for need an administrator's consent.",
    "Sign in with a Global Administrator of the partner tenant and grant consent.",
    "consent",
)
GDAP_ROLE_MISSING = _rc(
    "gdap_role_missing",
    "The partner's GDAP roles in this tenant do not allow this action.",
    "Request a GDAP relationship that includes the role this action needs.",
    "gdap",
)
TOKEN_REJECTED = _rc(
    "access_token_rejected",
    "Microsoft rejected the access token.",
    "Retry; if it keeps failing, reauthenticate Partner Center.",
    "partner_sign_in",
)
THROTTLED = _rc(
    "throttled",
    "Microsoft throttled the request.",
    "Sync again later: the portal already waited Microsoft's delay and retried.",
    "microsoft",
)
MICROSOFT_UNAVAILABLE = _rc(
    "microsoft_unavailable",
    "Microsoft answered with a server error or did not answer in time.",
    "Sync again later (the portal already retried); if it keeps failing, check Microsoft's "
    "service health.",
    "microsoft",
)
PARTNER_CENTER_FORBIDDEN = _rc(
    "partner_center_forbidden",
    "Partner Center refused: the user is not in AdminAgents or lacks a consent-capable GDAP role.",
    "Add the partner user to AdminAgents, or request GDAP with Application Administrator, "
    "Cloud Application Administrator or Global Administrator for this customer.",
    "gdap",
)
PARTNER_CENTER_UNAUTHORIZED = _rc(
    "partner_center_unauthorized",
    "Partner Center rejected the partner sign-in.",
    REAUTHENTICATE,
    "partner_sign_in",
)
CONSENT_ALREADY_EXISTS = _rc(
    "consent_already_exists",
    "The app is already consented in this customer tenant.",
    "None: nothing to fix.",
    "consent",
)
RESOURCE_SP_MISSING = _rc(
    "resource_service_principal_missing",
    "A Microsoft API the app needs has no service principal in the customer tenant.",
    "Create the missing service principal in the customer tenant, then onboard again.",
    "consent",
)
PERMISSION_ALREADY_ASSIGNED = _rc(
    "permission_already_assigned",
    "The permission is already assigned.",
    "None: nothing to fix.",
    "consent",
)

GENERIC: dict[Service, RootCause] = {
    "identity": _rc(
        "partner_sign_in_failed",
        "Microsoft's sign-in service refused the request.",
        "Check the error code; reauthenticate Partner Center if it persists.",
        "partner_sign_in",
    ),
    "graph": _rc(
        "graph_request_failed",
        "Microsoft Graph refused the request.",
        "Check the error code and retry.",
        "microsoft",
    ),
    "partner_center": _rc(
        "partner_center_request_failed",
        "Partner Center refused the request.",
        "Check the error code and retry.",
        "microsoft",
    ),
}

BY_CODE: dict[str, RootCause] = {
    "AADSTS65001": CONSENT_MISSING,
    "AADSTS90099": APP_NOT_AUTHORIZED,
    "AADSTS700082": SIGN_IN_EXPIRED,
    "AADSTS700084": SIGN_IN_EXPIRED,
    "AADSTS50173": SIGN_IN_REVOKED,
    "AADSTS50076": MFA_REQUIRED,
    "AADSTS50079": MFA_REQUIRED,
    "AADSTS70043": SIGN_IN_FREQUENCY,
    "AADSTS53003": CONDITIONAL_ACCESS,
    "AADSTS530034": ACCOUNT_RISK,
    "AADSTS700016": APP_NOT_FOUND,
    "AADSTS7000215": SECRET_INVALID,
    "AADSTS7000222": SECRET_EXPIRED,
    "AADSTS50020": NOT_IN_GDAP_GROUP,
    "AADSTS90002": TENANT_NOT_FOUND,
    "AADSTS54005": CODE_REUSED,
    "AADSTS70000": SIGN_IN_INVALID,
    "AADSTS70008": SIGN_IN_INVALID,
    "AADSTS501481": SIGN_IN_INVALID,
    "AADSTS9002313": REFRESH_TOKEN_INVALID,
    "AADSTS90094": ADMIN_CONSENT_REQUIRED,
    "AADSTS90055": THROTTLED,
    "AADSTS90033": MICROSOFT_UNAVAILABLE,
    "interaction_required": MFA_REQUIRED,
    "consent_required": CONSENT_MISSING,
    "Authorization_RequestDenied": GDAP_ROLE_MISSING,
    "InvalidAuthenticationToken": TOKEN_REJECTED,
    "TooManyRequests": THROTTLED,
    "timeout": MICROSOFT_UNAVAILABLE,
    "connection_error": MICROSOFT_UNAVAILABLE,
}

# Partner Center's description is the only stable signal for these two; its codes vary.
ALREADY_EXISTS_TEXT = "permission entry already exists"
MISSING_SP_TEXT = "lacks a service principal"
PERMISSION_ASSIGNED_TEXT = "permission being assigned already exists"


def root_cause_for(
    service: Service, code: str | None, status: int | None = None, message: str = ""
) -> RootCause:
    """The most specific cause known for Microsoft's code; else one that still names the layer."""
    if code and code in BY_CODE:
        return BY_CODE[code]
    text = message.lower()
    if service == "partner_center":
        if ALREADY_EXISTS_TEXT in text:
            return CONSENT_ALREADY_EXISTS
        if MISSING_SP_TEXT in text:
            return RESOURCE_SP_MISSING
        if status == 403:
            return PARTNER_CENTER_FORBIDDEN
        if status == 401:
            return PARTNER_CENTER_UNAUTHORIZED
    if service == "graph":
        if PERMISSION_ASSIGNED_TEXT in text:
            return PERMISSION_ALREADY_ASSIGNED
        if status == 403:
            return GDAP_ROLE_MISSING
        if status == 401:
            return TOKEN_REJECTED
    if status == 429:
        return THROTTLED
    if status is not None and status >= 500:
        return MICROSOFT_UNAVAILABLE
    return GENERIC[service]
