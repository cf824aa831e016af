"""The checks' decisions on Microsoft's shapes, without a tenant: Conditional Access nuances,
refusals, the Global Administrator bounds and what counts as a third-party app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from api.microsoft.batch import BatchResponse
from api.microsoft.graph import GraphClient
from api.scans import checks
from api.scans.checks import GLOBAL_ADMIN, PRIVILEGED_ROLES, READS, Reads, Status

OWN_APP = "11111111-1111-1111-1111-111111111111"


class _Pages:
    """Stands in for the Graph client: a page without a nextLink is the whole collection."""

    async def next_pages(self, tenant: str, first: dict[str, Any], *, limit: int) -> list[Any]:
        return list(first.get("value", []))[:limit]


async def _no_audit() -> None:
    return None


def reads(**bodies: Any) -> Reads:
    """Every read answers an empty collection unless given: a body, or an int status."""
    r = Reads(cast(GraphClient, _Pages()), "tenant", OWN_APP, _no_audit, datetime.now(UTC))
    for key in READS:
        body = bodies.get(key.replace(":", "_"), {"value": []})
        if isinstance(body, int):
            error = {"error": {"code": "Authorization_RequestDenied", "message": "Insufficient"}}
            r.responses[key] = BatchResponse(id=key, status=body, body=error)
        else:
            r.responses[key] = BatchResponse(id=key, status=200, body=body)
    r.responses["security_defaults"] = BatchResponse(
        id="security_defaults",
        status=200,
        body=bodies.get("security_defaults", {"isEnabled": False}),
    )
    return r


def policy(state: str = "enabled", **conditions: Any) -> dict[str, Any]:
    users = {
        "includeUsers": conditions.pop("users", ["All"]),
        "includeRoles": conditions.pop("roles", []),
    }
    return {
        "id": "p",
        "displayName": "p",
        "state": state,
        "conditions": {"users": users, "clientAppTypes": conditions.pop("apps", ["all"])},
        "grantControls": {"builtInControls": conditions.pop("grant", ["mfa"])},
    }


async def run(check_id: str, r: Reads) -> checks.Finding:
    check = next(c for c in checks.CHECKS if c.id == check_id)
    return await checks.run_check(check, r)


async def test_report_only_policies_do_not_count() -> None:
    report_only = reads(ca_policies={"value": [policy("enabledForReportingButNotEnforced")]})
    assert (await run("mfa_all_users", report_only)).status is Status.fail
    enforced = reads(ca_policies={"value": [policy()]})
    assert (await run("mfa_all_users", enforced)).status is Status.pass_


async def test_a_policy_for_admin_roles_covers_admins_only() -> None:
    admins = reads(ca_policies={"value": [policy(users=[], roles=[GLOBAL_ADMIN])]})
    assert (await run("mfa_admins", admins)).status is Status.pass_
    assert (await run("mfa_all_users", admins)).status is Status.fail


async def test_security_defaults_pass_the_policy_checks() -> None:
    on = reads(security_defaults={"isEnabled": True})
    for check_id in ("mfa_all_users", "mfa_admins", "legacy_auth_blocked"):
        assert (await run(check_id, on)).status is Status.pass_


async def test_legacy_auth_needs_both_client_app_types_blocked() -> None:
    half = reads(ca_policies={"value": [policy(apps=["exchangeActiveSync"], grant=["block"])]})
    assert (await run("legacy_auth_blocked", half)).status is Status.fail
    both = reads(
        ca_policies={"value": [policy(apps=["exchangeActiveSync", "other"], grant=["block"])]}
    )
    assert (await run("legacy_auth_blocked", both)).status is Status.pass_


async def test_a_refused_read_is_an_error_never_a_pass() -> None:
    denied = reads(ca_policies=403)
    finding = await run("mfa_all_users", denied)
    assert finding.status is Status.error
    assert "Authorization_RequestDenied" in finding.summary
    assert "Policy.Read.All" in finding.summary


async def test_global_admin_bounds_and_an_unactivated_role() -> None:
    def admins(n: int) -> Reads:
        users = [{"id": str(i), "userPrincipalName": f"a{i}@x"} for i in range(n)]
        return reads(**{f"role_{GLOBAL_ADMIN}": {"value": users}})

    assert (await run("global_admin_count", admins(1))).status is Status.fail
    assert (await run("global_admin_count", admins(2))).status is Status.pass_
    assert (await run("global_admin_count", admins(4))).status is Status.pass_
    assert (await run("global_admin_count", admins(5))).status is Status.fail
    # A role nobody was given is not activated: Graph answers 404, meaning no members.
    r = reads(**{f"role_{role}": 404 for role in PRIVILEGED_ROLES})
    r.responses[f"role:{GLOBAL_ADMIN}"] = BatchResponse(
        id=GLOBAL_ADMIN, status=200, body={"value": [{"id": "1"}, {"id": "2"}]}
    )
    assert (await run("guest_accounts", r)).status is Status.pass_


async def test_microsoft_and_petra_are_not_third_party_apps() -> None:
    sps = [
        {"id": "ms", "appId": "m", "appOwnerOrganizationId": checks.MICROSOFT_TENANT_ID},
        {"id": "petra", "appId": OWN_APP, "appOwnerOrganizationId": "partner"},
        {"id": "bait", "appId": "b", "displayName": "Bait", "appOwnerOrganizationId": "other"},
    ]
    grants = [
        {"clientId": sp, "scope": "Directory.ReadWrite.All User.Read"} for sp in ("ms", "petra")
    ]
    clean = reads(service_principals={"value": sps}, grants={"value": grants})
    assert (await run("risky_consent_grants", clean)).status is Status.pass_
    grants.append({"clientId": "bait", "scope": "User.Read Mail.ReadWrite"})
    graph_sp = {"appRoles": [{"id": "r1", "value": "Mail.Send"}]}
    assigned = {"value": [{"principalId": "bait", "appRoleId": "r1"}]}
    risky = reads(
        service_principals={"value": sps},
        grants={"value": grants},
        graph_sp=graph_sp,
        graph_assigned_to=assigned,
    )
    finding = await run("risky_consent_grants", risky)
    assert finding.status is Status.fail
    example = finding.evidence["examples"][0]
    assert (example["delegated"], example["application"]) == (["Mail.ReadWrite"], ["Mail.Send"])


async def test_stale_privileged_accounts_use_the_latest_sign_in() -> None:
    now = datetime.now(UTC)
    old = (now - timedelta(days=120)).isoformat()
    recent = (now - timedelta(days=3)).isoformat()
    holders = {"value": [{"id": "1", "userPrincipalName": "a@x"}]}
    user = {"id": "1", "signInActivity": {"lastSignInDateTime": old}}
    stale = reads(**{f"role_{GLOBAL_ADMIN}": holders}, members={"value": [user]})
    assert (await run("stale_privileged_accounts", stale)).status is Status.fail
    user["signInActivity"] = {
        "lastSignInDateTime": old,
        "lastNonInteractiveSignInDateTime": recent,
    }
    fresh = reads(**{f"role_{GLOBAL_ADMIN}": holders}, members={"value": [user]})
    assert (await run("stale_privileged_accounts", fresh)).status is Status.pass_
