"""Microsoft error codes mapped to the layer that failed and the one action that fixes it.

Sign-in codes are Microsoft Entra's
(https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes). The same code
means a different fix depending on where it happened: at the partner tenant it is the partner's
sign-in or policy, and every tenant fails with it; when the partner's sign-in asks for a token
in a customer tenant, Conditional Access there is the customer's, for example a policy that
targets service provider users (`serviceProvider` among the external user types,
https://learn.microsoft.com/en-us/graph/api/resources/conditionalaccessguestsorexternalusers),
and only that tenant fails.
"""

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
SIGN_IN_WITH_MFA = (
    "Reauthenticate Partner Center with an account that has MFA registered, and complete MFA "
    "when Microsoft asks for it."
)
MFA_REQUIRED = _rc(
    "mfa_required",
    "Microsoft requires multi-factor authentication for the partner sign-in.",
    SIGN_IN_WITH_MFA,
    "partner_sign_in",
)
# Partner Center answers App+User calls whose token has no MFA claim with 401 and error code
# 900421 ("Beginning April 1, 2026 all App+User usage of Partner Center APIs will enforce the
# usage of MFA", https://learn.microsoft.com/en-us/partner-center/developer/
# partner-center-authentication).
PARTNER_CENTER_MFA = _rc(
    "partner_center_mfa_required",
    "Partner Center refused the call: the partner sign-in was made without multi-factor "
    "authentication (MFA), and Partner Center requires MFA for every App+User call.",
    SIGN_IN_WITH_MFA,
    "partner_sign_in",
)
EXTERNAL_CHALLENGE = _rc(
    "external_security_challenge",
    "The partner sign-in did not satisfy an external security challenge (a third-party MFA "
    "or identity provider the partner tenant requires).",
    "Reauthenticate Partner Center and complete the external security challenge.",
    "partner_sign_in",
)
SIGN_IN_FREQUENCY = _rc(
    "sign_in_frequency_reached",
    "A Conditional Access sign-in frequency policy of the partner tenant requires the partner "
    "to sign in again.",
    REAUTHENTICATE,
    "partner_sign_in",
)
CONDITIONAL_ACCESS = _rc(
    "blocked_by_conditional_access",
    "A Conditional Access policy of the partner tenant blocked the partner sign-in for this app.",
    "Adjust the partner tenant's Conditional Access policy to allow this app for the "
    "connected account, then reauthenticate Partner Center.",
    "partner_sign_in",
)
NOT_ADMIN_AGENT = _rc(
    "partner_not_admin_agent",
    "The connected account is not in the AdminAgents group of the partner tenant any more, so "
    "Partner Center and the GDAP APIs refuse it.",
    "Add the connected account back to AdminAgents in the partner tenant (or connect with an "
    "account that is in it), then check the connection again.",
    "partner_sign_in",
)
CUSTOMER_POLICY_ACTION = (
    "Ask the customer's administrator to exclude service provider users (your partner tenant) "
    "from the policy, or to trust your tenant's MFA in cross-tenant access settings."
)
CUSTOMER_CONDITIONAL_ACCESS = _rc(
    "customer_conditional_access_blocked",
    "A Conditional Access policy of this customer tenant blocked the partner's access (the "
    "customer's policy, for example one that targets service provider users).",
    CUSTOMER_POLICY_ACTION,
    "client_policy",
)
CUSTOMER_MFA_REQUIRED = _rc(
    "customer_policy_requires_mfa",
    "A Conditional Access policy of this customer tenant requires MFA the partner's sign-in "
    "does not satisfy there (the customer's policy).",
    CUSTOMER_POLICY_ACTION,
    "client_policy",
)
CUSTOMER_EXTERNAL_CHALLENGE = _rc(
    "customer_external_security_challenge",
    "This customer tenant requires an external security challenge the partner's sign-in does "
    "not satisfy (the customer's policy).",
    CUSTOMER_POLICY_ACTION,
    "client_policy",
)
CUSTOMER_SIGN_IN_FREQUENCY = _rc(
    "customer_sign_in_frequency_reached",
    "A sign-in frequency policy of this customer tenant requires a newer partner sign-in than "
    "the stored one (the customer's policy).",
    "Reauthenticate Partner Center, or ask the customer's administrator to exclude service "
    "provider users from the sign-in frequency policy.",
    "client_policy",
)
# The codes that, at a customer tenant, are that customer's policy; the refresh token's own
# state (expired, revoked) stays the partner's whatever tenant reported it.
CUSTOMER_POLICY: dict[str, RootCause] = {
    "AADSTS53003": CUSTOMER_CONDITIONAL_ACCESS,
    "AADSTS50076": CUSTOMER_MFA_REQUIRED,
    "AADSTS50079": CUSTOMER_MFA_REQUIRED,
    "AADSTS50158": CUSTOMER_EXTERNAL_CHALLENGE,
    "AADSTS70043": CUSTOMER_SIGN_IN_FREQUENCY,
}
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
    "AADSTS50158": EXTERNAL_CHALLENGE,
    "900421": PARTNER_CENTER_MFA,
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


def customer_policy_cause(code: str | None) -> RootCause | None:
    """The customer-policy cause for a sign-in code reported by a customer tenant, if it is one."""
    return CUSTOMER_POLICY.get(code or "")


def known_causes() -> dict[str, RootCause]:
    """Every labelled cause by its label (an operation keeps only the label of a failure)."""
    found = {c.label: c for c in (*BY_CODE.values(), *CUSTOMER_POLICY.values(), *GENERIC.values())}
    for cause in (NOT_ADMIN_AGENT, PARTNER_CENTER_FORBIDDEN, PARTNER_CENTER_UNAUTHORIZED):
        found[cause.label] = cause
    return found
