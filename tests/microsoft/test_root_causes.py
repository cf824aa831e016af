"""Every Microsoft code the portal knows maps to a stable label, a layer and one action."""

from __future__ import annotations

import httpx
import pytest

from api.microsoft import root_cause_for
from api.microsoft.errors import (
    RequestError,
    SignInError,
    TransientError,
    graph_error,
    identity_error,
    partner_center_error,
)

IDENTITY = [
    ("AADSTS65001", "consent_missing", "consent"),
    ("AADSTS90099", "app_not_authorized_in_customer", "consent"),
    ("AADSTS700082", "partner_sign_in_expired", "partner_sign_in"),
    ("AADSTS50173", "partner_sign_in_revoked", "partner_sign_in"),
    ("AADSTS50076", "mfa_required", "partner_sign_in"),
    ("AADSTS50079", "mfa_required", "partner_sign_in"),
    ("AADSTS70043", "sign_in_frequency_reached", "partner_sign_in"),
    ("AADSTS53003", "blocked_by_conditional_access", "partner_sign_in"),
    ("AADSTS50158", "external_security_challenge", "partner_sign_in"),
    ("AADSTS530034", "delegated_admin_blocked_account_risk", "partner_sign_in"),
    ("AADSTS700016", "app_not_found", "configuration"),
    ("AADSTS7000215", "client_secret_invalid", "configuration"),
    ("AADSTS7000222", "client_secret_expired", "configuration"),
    ("AADSTS50020", "user_not_in_gdap_group", "gdap"),
    ("AADSTS90002", "tenant_not_found", "configuration"),
    ("AADSTS54005", "authorization_code_reused", "partner_sign_in"),
    ("AADSTS90055", "throttled", "microsoft"),
]


@pytest.mark.parametrize(("code", "label", "layer"), IDENTITY)
def test_identity_codes(code: str, label: str, layer: str) -> None:
    cause = root_cause_for("identity", code, 400)
    assert (cause.label, cause.layer) == (label, layer)
    assert cause.summary.endswith(".")
    assert cause.action


def test_actions_name_the_fix() -> None:
    assert "Reauthenticate" in root_cause_for("identity", "AADSTS700082").action
    assert "MFA" in root_cause_for("identity", "AADSTS50076").action
    assert "Conditional Access" in root_cause_for("identity", "AADSTS53003").action
    assert "MS_CLIENT_ID" in root_cause_for("identity", "AADSTS700016").action
    assert "MS_CLIENT_SECRET" in root_cause_for("identity", "AADSTS7000222").action
    assert "Partner Center consent" in root_cause_for("identity", "AADSTS90099").action
    assert "Onboard" in root_cause_for("identity", "AADSTS65001").action
    assert "GDAP" in root_cause_for("graph", "Authorization_RequestDenied", 403).action


@pytest.mark.parametrize(
    ("service", "code", "status", "message", "label"),
    [
        ("graph", "Authorization_RequestDenied", 403, "", "gdap_role_missing"),
        ("graph", "InvalidAuthenticationToken", 401, "", "access_token_rejected"),
        ("graph", "TooManyRequests", 429, "", "throttled"),
        ("graph", "serviceNotAvailable", 503, "", "microsoft_unavailable"),
        (
            "graph",
            "Request_BadRequest",
            400,
            "Permission being assigned already exists on the object.",
            "permission_already_assigned",
        ),
        ("partner_center", "403", 403, "Permission denied.", "partner_center_forbidden"),
        (
            "partner_center",
            "600041",
            400,
            "Permission entry already exists.",
            "consent_already_exists",
        ),
        (
            "partner_center",
            "409",
            409,
            "Permission entry already exists.",
            "consent_already_exists",
        ),
        ("partner_center", "429", 429, "Rate limit is exceeded.", "throttled"),
        ("partner_center", "401", 401, "Unauthorized", "partner_center_unauthorized"),
    ],
)
def test_graph_and_partner_center(
    service: str, code: str, status: int, message: str, label: str
) -> None:
    assert root_cause_for(service, code, status, message).label == label  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("service", "label", "layer"),
    [
        ("identity", "partner_sign_in_failed", "partner_sign_in"),
        ("graph", "graph_request_failed", "microsoft"),
        ("partner_center", "partner_center_request_failed", "microsoft"),
    ],
)
def test_unknown_codes_still_name_the_layer(service: str, label: str, layer: str) -> None:
    cause = root_cause_for(service, "SomethingNew", 400)  # type: ignore[arg-type]
    assert (cause.label, cause.layer) == (label, layer)


def _identity(status: int, error: str, code: int, **headers: str) -> httpx.Response:
    body = {
        "error": error,
        "error_description": f"AADSTS{code}: Something. Trace ID: abc Correlation ID: def",
        "error_codes": [code],
        "correlation_id": "corr-1",
    }
    return httpx.Response(status, json=body, headers=headers)


class TestEnvelopes:
    def test_identity_sign_in_consent_and_throttling(self) -> None:
        expired = identity_error(_identity(400, "invalid_grant", 700082))
        assert isinstance(expired, SignInError)
        assert expired.code == "AADSTS700082"
        assert expired.request_id == "corr-1"
        assert expired.message == "AADSTS700082: Something."
        consent = identity_error(_identity(400, "invalid_grant", 90099))
        assert type(consent) is RequestError
        throttled = identity_error(
            _identity(429, "temporarily_unavailable", 90055, **{"Retry-After": "60"})
        )
        assert isinstance(throttled, TransientError)
        assert throttled.retry_after == 60
        mfa = identity_error(_identity(400, "interaction_required", 50076))
        assert isinstance(mfa, SignInError)
        assert mfa.root_cause.label == "mfa_required"

    def test_tokens_never_reach_the_message(self) -> None:
        jwt = "eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl"
        body = {"error": {"code": "BadRequest", "message": f"bad token {jwt}"}}
        error = graph_error(httpx.Response(400, json=body, headers={"request-id": "r-1"}))
        assert jwt not in str(error)
        assert error.request_id == "r-1"

    def test_partner_center_throttle_body_gives_the_wait(self) -> None:
        body = {"statusCode": 429, "message": "Rate limit is exceeded. Try again in 57 seconds."}
        error = partner_center_error(httpx.Response(429, json=body))
        assert isinstance(error, TransientError)
        assert error.retry_after == 57
        assert error.code == "429"

    def test_non_json_bodies_are_tolerated(self) -> None:
        error = graph_error(httpx.Response(502, text="<html>Bad gateway</html>"))
        assert isinstance(error, TransientError)
        assert error.root_cause.label == "microsoft_unavailable"
