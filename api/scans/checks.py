"""Petra Scan's checks: a fixed, versioned catalog run against one customer tenant.

Each check names the Microsoft calls and the app permissions it needs. The tenant's first
pages are read in one Graph `$batch` (`Reads`); a check whose read Microsoft refused reports
`error` with that reason, never a pass. Nothing here writes in the tenant: every call is a GET.
Bump a check's version when what it decides changes; CATALOG_VERSION when the catalog does.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from api.microsoft.batch import BatchRequest, BatchResponse
from api.microsoft.email_surfaces import EWS_PERMISSIONS
from api.microsoft.errors import MicrosoftError, RequestError
from api.microsoft.graph import GraphClient

CATALOG_VERSION = "2026-12-01"
MAX_EXAMPLES = 20
# Pages read per collection at most (999 a page): a bound on one tenant's work.
MAX_ITEMS = 20_000
MAILBOX_SAMPLE = 20
STALE_DAYS = 90
LACKS = (
    "Petra's app lacks it in this tenant (offboard and onboard the tenant to Petra Scan again "
    "to grant it)."
)

GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"
# Roles whose holders count as privileged (learn.microsoft.com/entra/identity/role-based-
# access-control/privileged-roles-permissions), plus Global Reader, which reads everything.
PRIVILEGED_ROLES = {
    GLOBAL_ADMIN: "Global Administrator",
    "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
    "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
    "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
    "f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
    "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
    "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
    "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9": "Conditional Access Administrator",
    "f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
}
MICROSOFT_TENANT_ID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
HIGH_PRIVILEGE = frozenset(
    {
        "Directory.ReadWrite.All",
        "Application.ReadWrite.All",
        "AppRoleAssignment.ReadWrite.All",
        "RoleManagement.ReadWrite.Directory",
        "User.ReadWrite.All",
        "Mail.Read",
        "Mail.ReadWrite",
        "Mail.Send",
        "MailboxSettings.ReadWrite",
        "Files.ReadWrite.All",
        "Sites.FullControl.All",
        "Sites.ReadWrite.All",
        # A third-party app still holding Exchange Web Services' full access is a risk to flag,
        # never a surface Petra uses.
        *EWS_PERMISSIONS,
    }
)


class Severity(enum.StrEnum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"


# Most severe first: how findings and checks are ordered for a reader.
SEVERITY_ORDER = {s.value: i for i, s in enumerate(Severity)}


class Status(enum.StrEnum):
    pass_ = "pass"  # noqa: S105 - a status, not a password
    fail = "fail"
    error = "error"
    not_applicable = "not_applicable"


@dataclass(frozen=True)
class Verdict:
    status: Status
    summary: str
    counts: Mapping[str, int | float] = field(default_factory=dict)
    examples: list[dict[str, Any]] = field(default_factory=list)


class Unreadable(Exception):
    """Microsoft refused a read the check needs; the check reports `error` with why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The reads one scan shares, fetched in one $batch: (id, url).
READS: dict[str, str] = {
    "security_defaults": "/policies/identitySecurityDefaultsEnforcementPolicy?$select=id,isEnabled",
    "ca_policies": "/identity/conditionalAccess/policies"
    "?$select=id,displayName,state,conditions,grantControls",
    "registration": "/reports/authenticationMethods/userRegistrationDetails"
    "?$select=id,userPrincipalName,isMfaRegistered,userType&$top=999",
    "guests": "/users?$filter=userType%20eq%20'Guest'&$select=id,userPrincipalName,displayName"
    "&$top=999",
    "members": "/users?$filter=userType%20eq%20'Member'&$select=id,userPrincipalName,signInActivity"
    "&$top=999",
    "grants": "/oauth2PermissionGrants?$select=id,clientId,consentType,scope&$top=999",
    "service_principals": "/servicePrincipals?$select=id,appId,displayName,"
    "appOwnerOrganizationId&$top=999",
    "graph_assigned_to": f"/servicePrincipals(appId='{GRAPH_APP_ID}')/appRoleAssignedTo"
    "?$select=principalId,appRoleId&$top=999",
    "graph_sp": f"/servicePrincipals(appId='{GRAPH_APP_ID}')?$select=id,appRoles",
} | {
    f"role:{role}": f"/directoryRoles(roleTemplateId='{role}')/members"
    "?$select=id,userPrincipalName,displayName,userType"
    for role in PRIVILEGED_ROLES
}


def _refused(response: BatchResponse) -> str:
    body = response.body if isinstance(response.body, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else {}
    assert isinstance(error, dict)
    code = error.get("code") or f"HTTP {response.status}"
    message = error.get("message") or ""
    return f"Microsoft refused the read ({code}: {message})".strip()


@dataclass
class Reads:
    """One tenant's reads, fetched once and shared by the checks."""

    graph: GraphClient
    tenant_id: str
    own_app_id: str
    audit: Callable[[], Awaitable[None]]
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    responses: dict[str, BatchResponse] = field(default_factory=dict)
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # The audit read's outcome: read (or refused for good, with why).
    audit_read: bool = False
    audit_refused: RequestError | None = None

    async def fetch(self) -> None:
        """The Graph reads and the audit read at once: neither needs the other's answer."""
        audit = asyncio.create_task(self.read_audit())
        requests = [BatchRequest(id=key, url=url) for key, url in READS.items()]
        try:
            # ≤ 20 a batch; each member's 429 is honoured by re-sending it after its Retry-After.
            responses = await self.graph.batch(self.tenant_id, requests)
        except BaseException:
            audit.cancel()
            await asyncio.gather(audit, return_exceptions=True)
            raise
        # Throttling of the audit read propagates: the engine tries the tenant again later.
        await audit
        for response in responses:
            self.responses[response.id] = response

    async def read_audit(self) -> None:
        try:
            await self.audit()
        except RequestError as exc:
            self.audit_refused = exc
        self.audit_read = True

    def one(self, key: str) -> dict[str, Any]:
        response = self.responses[key]
        if not response.ok:
            raise Unreadable(_refused(response))
        return response.body if isinstance(response.body, dict) else {}

    async def many(self, key: str) -> list[dict[str, Any]]:
        if key in self.lists:
            return self.lists[key]
        response = self.responses[key]
        if response.status == 404 and key.startswith("role:"):
            # A directory role nobody was ever given is not activated: it has no members.
            self.lists[key] = []
            return []
        first = self.one(key)
        try:
            items = await self.graph.next_pages(self.tenant_id, first, limit=MAX_ITEMS)
        except RequestError as exc:
            raise Unreadable(f"Microsoft refused the read ({exc.code}: {exc.message})") from exc
        self.lists[key] = items
        return items


def _upn(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item.get(k) for k in ("id", "userPrincipalName", "displayName") if k in item}


def _ca_enabled(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in policies if p.get("state") == "enabled"]


def _users_of(policy: dict[str, Any]) -> dict[str, Any]:
    conditions = policy.get("conditions") or {}
    return dict(conditions.get("users") or {})


def _grant(policy: dict[str, Any]) -> set[str]:
    return set((policy.get("grantControls") or {}).get("builtInControls") or [])


def _requires_mfa_for_all(policy: dict[str, Any]) -> bool:
    users = _users_of(policy)
    apps = set((policy.get("conditions") or {}).get("clientAppTypes") or ["all"])
    return (
        "All" in (users.get("includeUsers") or [])
        and "mfa" in _grant(policy)
        and bool(apps & {"all", "browser", "mobileAppsAndDesktopClients"})
    )


def _requires_mfa_for_admins(policy: dict[str, Any]) -> bool:
    users = _users_of(policy)
    roles = set(users.get("includeRoles") or [])
    return "mfa" in _grant(policy) and (_requires_mfa_for_all(policy) or GLOBAL_ADMIN in roles)


def _blocks_legacy(policy: dict[str, Any]) -> bool:
    users = _users_of(policy)
    apps = set((policy.get("conditions") or {}).get("clientAppTypes") or [])
    return (
        "All" in (users.get("includeUsers") or [])
        and "block" in _grant(policy)
        and {"exchangeActiveSync", "other"} <= apps
    )


async def _defaults_on(reads: Reads) -> bool:
    return bool(reads.one("security_defaults").get("isEnabled"))


async def check_audit_log(reads: Reads) -> Verdict:
    if not reads.audit_read:
        await reads.read_audit()
    if reads.audit_refused is not None:
        raise reads.audit_refused
    return Verdict(Status.pass_, "Unified audit logging is on.")


async def check_mfa_all(reads: Reads) -> Verdict:
    if await _defaults_on(reads):
        return Verdict(Status.pass_, "Security defaults are on: every user must register MFA.")
    policies = _ca_enabled(await reads.many("ca_policies"))
    hits = [p for p in policies if _requires_mfa_for_all(p)]
    counts = {"enabled_policies": len(policies), "mfa_for_all_policies": len(hits)}
    examples = [{"id": p.get("id"), "displayName": p.get("displayName")} for p in hits]
    if hits:
        return Verdict(
            Status.pass_,
            "A Conditional Access policy requires MFA for all users.",
            counts,
            examples[:MAX_EXAMPLES],
        )
    return Verdict(
        Status.fail,
        "Neither security defaults nor an enabled Conditional Access policy require MFA for "
        "all users.",
        counts,
    )


async def check_mfa_admins(reads: Reads) -> Verdict:
    if await _defaults_on(reads):
        return Verdict(Status.pass_, "Security defaults are on: administrators must use MFA.")
    policies = _ca_enabled(await reads.many("ca_policies"))
    hits = [p for p in policies if _requires_mfa_for_admins(p)]
    counts = {"enabled_policies": len(policies), "mfa_for_admins_policies": len(hits)}
    if hits:
        examples = [{"id": p.get("id"), "displayName": p.get("displayName")} for p in hits]
        return Verdict(
            Status.pass_,
            "A Conditional Access policy requires MFA for admins.",
            counts,
            examples[:MAX_EXAMPLES],
        )
    return Verdict(
        Status.fail,
        "Administrators can sign in without MFA: no security defaults and no Conditional "
        "Access policy requiring it.",
        counts,
    )


async def check_mfa_registration(reads: Reads) -> Verdict:
    rows = [r for r in await reads.many("registration") if r.get("userType") != "guest"]
    missing = [r for r in rows if not r.get("isMfaRegistered")]
    share = round(100.0 * len(missing) / len(rows), 1) if rows else 0.0
    counts: dict[str, int | float] = {
        "users": len(rows),
        "without_mfa": len(missing),
        "without_mfa_percent": share,
    }
    examples = [_upn(r) for r in missing[:MAX_EXAMPLES]]
    if not rows:
        return Verdict(Status.not_applicable, "The tenant has no member users.", counts)
    if missing:
        return Verdict(
            Status.fail,
            f"{len(missing)} of {len(rows)} users ({share}%) have no MFA method registered.",
            counts,
            examples,
        )
    return Verdict(Status.pass_, "Every user has an MFA method registered.", counts)


async def check_global_admins(reads: Reads) -> Verdict:
    admins = list(await reads.many(f"role:{GLOBAL_ADMIN}"))
    counts = {"global_admins": len(admins)}
    examples = [_upn(a) for a in admins[:MAX_EXAMPLES]]
    if len(admins) < 2:
        return Verdict(
            Status.fail,
            f"{len(admins)} Global Administrator: keep at least 2 so one lockout is not fatal.",
            counts,
            examples,
        )
    if len(admins) > 4:
        return Verdict(
            Status.fail,
            f"{len(admins)} Global Administrators: keep fewer than 5.",
            counts,
            examples,
        )
    return Verdict(Status.pass_, f"{len(admins)} Global Administrators.", counts, examples)


async def _privileged_holders(reads: Reads) -> dict[str, tuple[dict[str, Any], list[str]]]:
    holders: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for role, name in PRIVILEGED_ROLES.items():
        for member in await reads.many(f"role:{role}"):
            key = str(member.get("id"))
            holders.setdefault(key, (member, []))[1].append(name)
    return holders


async def check_guests(reads: Reads) -> Verdict:
    guests = await reads.many("guests")
    holders = await _privileged_holders(reads)
    with_roles = [
        {**_upn(g), "roles": holders[str(g.get("id"))][1]}
        for g in guests
        if str(g.get("id")) in holders
    ]
    counts = {"guests": len(guests), "guests_with_roles": len(with_roles)}
    if with_roles:
        return Verdict(
            Status.fail,
            f"{len(with_roles)} guest account(s) hold an administrative role.",
            counts,
            with_roles[:MAX_EXAMPLES],
        )
    return Verdict(
        Status.pass_,
        f"{len(guests)} guest account(s); none holds an administrative role.",
        counts,
        [_upn(g) for g in guests[:MAX_EXAMPLES]],
    )


def _recipients(rule: dict[str, Any]) -> list[str]:
    actions = rule.get("actions") or {}
    out = []
    for key in ("forwardTo", "redirectTo", "forwardAsAttachmentTo"):
        for recipient in actions.get(key) or []:
            address = ((recipient or {}).get("emailAddress") or {}).get("address")
            if address:
                out.append(str(address))
    return out


async def check_forwarding(reads: Reads) -> Verdict:
    members = await reads.many("members")
    sample = members[:MAILBOX_SAMPLE]
    domains = {str(m.get("userPrincipalName", "")).rpartition("@")[2].lower() for m in members} - {
        ""
    }
    requests = [
        BatchRequest(
            id=str(i),
            url=f"/users/{m['id']}/mailFolders/inbox/messageRules"
            "?$select=id,displayName,isEnabled,actions",
        )
        for i, m in enumerate(sample)
    ]
    responses = await reads.graph.batch(reads.tenant_id, requests) if requests else []
    refused = [r for r in responses if r.status in (401, 403)]
    if refused:
        raise Unreadable(_refused(refused[0]))
    external = []
    for member, response in zip(sample, responses, strict=True):
        body = response.body
        if not response.ok or not isinstance(body, dict) or not isinstance(body.get("value"), list):
            continue
        rules: list[Any] = list(body["value"])  # type: ignore[arg-type]
        for rule in rules:
            if not rule.get("isEnabled", True):
                continue
            outside = [a for a in _recipients(rule) if a.rpartition("@")[2].lower() not in domains]
            if outside:
                external.append(
                    {**_upn(member), "rule": rule.get("displayName"), "forwards_to": outside}
                )
    counts = {"mailboxes_sampled": len(sample), "forwarding_externally": len(external)}
    if external:
        return Verdict(
            Status.fail,
            f"{len(external)} of {len(sample)} sampled mailboxes forward mail outside the "
            "organization.",
            counts,
            external[:MAX_EXAMPLES],
        )
    return Verdict(
        Status.pass_,
        f"None of {len(sample)} sampled mailboxes forwards mail outside the organization.",
        counts,
    )


async def check_consent_grants(reads: Reads) -> Verdict:
    sps = {str(s.get("id")): s for s in await reads.many("service_principals")}

    def third_party(sp_id: str) -> dict[str, Any] | None:
        sp = sps.get(sp_id)
        if sp is None:
            return None
        owner = str(sp.get("appOwnerOrganizationId") or "").lower()
        if owner == MICROSOFT_TENANT_ID or str(sp.get("appId")) == reads.own_app_id:
            return None
        return sp

    risky: dict[str, dict[str, Any]] = {}
    for grant in await reads.many("grants"):
        sp = third_party(str(grant.get("clientId")))
        scopes = set(str(grant.get("scope") or "").split()) & HIGH_PRIVILEGE
        if sp is not None and scopes:
            entry = risky.setdefault(
                str(sp["id"]),
                {
                    "appId": sp.get("appId"),
                    "displayName": sp.get("displayName"),
                    "delegated": [],
                    "application": [],
                },
            )
            entry["delegated"] = sorted(set(entry["delegated"]) | scopes)
    roles = {
        str(r.get("id")): str(r.get("value")) for r in reads.one("graph_sp").get("appRoles", [])
    }
    for assignment in await reads.many("graph_assigned_to"):
        sp = third_party(str(assignment.get("principalId")))
        value = roles.get(str(assignment.get("appRoleId")), "")
        if sp is not None and value in HIGH_PRIVILEGE:
            entry = risky.setdefault(
                str(sp["id"]),
                {
                    "appId": sp.get("appId"),
                    "displayName": sp.get("displayName"),
                    "delegated": [],
                    "application": [],
                },
            )
            entry["application"] = sorted(set(entry["application"]) | {value})
    counts = {"third_party_apps_with_high_privilege": len(risky)}
    if risky:
        return Verdict(
            Status.fail,
            f"{len(risky)} third-party app(s) hold high-privilege permissions.",
            counts,
            list(risky.values())[:MAX_EXAMPLES],
        )
    return Verdict(Status.pass_, "No third-party app holds high-privilege permissions.", counts)


async def check_legacy_auth(reads: Reads) -> Verdict:
    if await _defaults_on(reads):
        return Verdict(Status.pass_, "Security defaults are on: legacy authentication is blocked.")
    policies = _ca_enabled(await reads.many("ca_policies"))
    hits = [p for p in policies if _blocks_legacy(p)]
    if hits:
        examples = [{"id": p.get("id"), "displayName": p.get("displayName")} for p in hits]
        return Verdict(
            Status.pass_,
            "A Conditional Access policy blocks legacy authentication.",
            {"blocking_policies": len(hits)},
            examples[:MAX_EXAMPLES],
        )
    return Verdict(
        Status.fail,
        "Legacy authentication (IMAP, POP, SMTP AUTH, ActiveSync) is not blocked: it skips MFA.",
        {"blocking_policies": 0},
    )


def _last_sign_in(user: dict[str, Any]) -> datetime | None:
    activity = user.get("signInActivity") or {}
    stamps = [
        activity.get("lastSignInDateTime"),
        activity.get("lastNonInteractiveSignInDateTime"),
    ]
    parsed = [datetime.fromisoformat(str(s).replace("Z", "+00:00")) for s in stamps if s]
    return max(parsed) if parsed else None


async def check_stale_privileged(reads: Reads) -> Verdict:
    holders = await _privileged_holders(reads)
    members = {str(m.get("id")): m for m in await reads.many("members")}
    cutoff = reads.now - timedelta(days=STALE_DAYS)
    stale = []
    for user_id, (holder, roles) in holders.items():
        user = members.get(user_id)
        if user is None:
            continue
        last = _last_sign_in(user)
        if last is None or last < cutoff:
            stale.append(
                {**_upn(holder), "roles": roles, "last_sign_in": last.isoformat() if last else None}
            )
    counts = {"privileged_accounts": len(holders), "without_sign_in_90_days": len(stale)}
    if stale:
        return Verdict(
            Status.fail,
            f"{len(stale)} privileged account(s) have not signed in for {STALE_DAYS} days.",
            counts,
            stale[:MAX_EXAMPLES],
        )
    return Verdict(
        Status.pass_, f"Every privileged account signed in within {STALE_DAYS} days.", counts
    )


@dataclass(frozen=True)
class Check:
    id: str
    version: int
    title: str
    severity: Severity
    calls: tuple[str, ...]
    permissions: tuple[str, ...]
    remediation: str
    link: str
    run: Callable[[Reads], Awaitable[Verdict]]
    # Said first and loudest when it fails.
    prominent: bool = False


CHECKS: tuple[Check, ...] = (
    Check(
        "audit_logging",
        1,
        "Unified audit logging is on",
        Severity.critical,
        ("GET manage.office.com/api/v1.0/{tenant}/activity/feed/subscriptions/list",),
        ("ActivityFeed.Read (Office 365 Management APIs)",),
        "Audit logging is OFF: nothing users or admins do is recorded, so a breach cannot be "
        "investigated. Turn it on in the Microsoft Purview portal (Audit > Start recording "
        "user and admin activity); it is free with every license.",
        "https://learn.microsoft.com/purview/audit-log-enable-disable",
        check_audit_log,
        prominent=True,
    ),
    Check(
        "mfa_all_users",
        1,
        "MFA is required for all users",
        Severity.high,
        (
            "GET /policies/identitySecurityDefaultsEnforcementPolicy",
            "GET /identity/conditionalAccess/policies",
        ),
        ("Policy.Read.All",),
        "Turn on security defaults, or create a Conditional Access policy that requires MFA "
        "for all users.",
        "https://learn.microsoft.com/entra/identity/conditional-access/"
        "policy-all-users-mfa-strength",
        check_mfa_all,
    ),
    Check(
        "mfa_admins",
        1,
        "MFA is required for administrators",
        Severity.critical,
        (
            "GET /policies/identitySecurityDefaultsEnforcementPolicy",
            "GET /identity/conditionalAccess/policies",
        ),
        ("Policy.Read.All",),
        "Turn on security defaults, or create a Conditional Access policy that requires MFA "
        "for administrator roles.",
        "https://learn.microsoft.com/entra/identity/conditional-access/"
        "policy-old-require-mfa-admin",
        check_mfa_admins,
    ),
    Check(
        "mfa_registration",
        1,
        "Every user has an MFA method registered",
        Severity.high,
        ("GET /reports/authenticationMethods/userRegistrationDetails",),
        ("AuditLog.Read.All",),
        "Ask the listed users to register the Microsoft Authenticator app (aka.ms/mfasetup), "
        "or run a registration campaign.",
        "https://learn.microsoft.com/entra/identity/authentication/"
        "how-to-mfa-registration-campaign",
        check_mfa_registration,
    ),
    Check(
        "global_admin_count",
        1,
        "Between 2 and 4 Global Administrators",
        Severity.medium,
        ("GET /directoryRoles(roleTemplateId='62e90394-…')/members",),
        ("Directory.Read.All",),
        "Keep two to four Global Administrators: give the others a narrower role (User, "
        "Exchange or Helpdesk Administrator), or add a second break-glass account.",
        "https://learn.microsoft.com/entra/identity/role-based-access-control/best-practices",
        check_global_admins,
    ),
    Check(
        "guest_accounts",
        1,
        "No guest holds an administrative role",
        Severity.high,
        (
            "GET /users?$filter=userType eq 'Guest'",
            "GET /directoryRoles(roleTemplateId=…)/members",
        ),
        ("Directory.Read.All",),
        "Remove administrative roles from guest accounts and review guests no longer needed "
        "with an access review.",
        "https://learn.microsoft.com/entra/id-governance/manage-guest-access-with-access-reviews",
        check_guests,
    ),
    Check(
        "mailbox_forwarding",
        1,
        "No mailbox forwards mail outside the organization",
        Severity.high,
        (
            "GET /users?$filter=userType eq 'Member'",
            "GET /users/{id}/mailFolders/inbox/messageRules (sample of 20, $batch)",
        ),
        ("Directory.Read.All", "MailboxSettings.Read"),
        "Remove the inbox rules that forward mail outside, check the mailbox for a compromise, "
        "and block automatic external forwarding in the outbound spam policy.",
        "https://learn.microsoft.com/defender-office-365/outbound-spam-policies-external-email-"
        "forwarding",
        check_forwarding,
    ),
    Check(
        "risky_consent_grants",
        1,
        "No third-party app holds high-privilege permissions",
        Severity.high,
        (
            "GET /oauth2PermissionGrants",
            "GET /servicePrincipals",
            "GET /servicePrincipals(appId='00000003-…')/appRoleAssignedTo",
        ),
        ("Directory.Read.All",),
        "Review the listed apps in Entra ID > Enterprise applications; remove the ones nobody "
        "recognises and restrict user consent to verified publishers.",
        "https://learn.microsoft.com/entra/identity/enterprise-apps/manage-application-permissions",
        check_consent_grants,
    ),
    Check(
        "legacy_auth_blocked",
        1,
        "Legacy authentication is blocked",
        Severity.high,
        (
            "GET /policies/identitySecurityDefaultsEnforcementPolicy",
            "GET /identity/conditionalAccess/policies",
        ),
        ("Policy.Read.All",),
        "Turn on security defaults, or create a Conditional Access policy that blocks the "
        "'Exchange ActiveSync' and 'Other clients' client apps for all users.",
        "https://learn.microsoft.com/entra/identity/conditional-access/"
        "policy-block-legacy-authentication",
        check_legacy_auth,
    ),
    Check(
        "stale_privileged_accounts",
        1,
        "Privileged accounts signed in within 90 days",
        Severity.medium,
        (
            "GET /directoryRoles(roleTemplateId=…)/members",
            "GET /users?$select=signInActivity",
        ),
        ("Directory.Read.All", "AuditLog.Read.All"),
        "Remove the roles of accounts nobody uses, or disable the accounts.",
        "https://learn.microsoft.com/entra/identity/monitoring-health/"
        "howto-manage-inactive-user-accounts",
        check_stale_privileged,
    ),
)
CHECK_IDS = [c.id for c in CHECKS]


@dataclass(frozen=True)
class Finding:
    check_id: str
    check_version: int
    title: str
    severity: Severity
    status: Status
    summary: str
    evidence: dict[str, Any]
    remediation: str
    link: str
    calls: list[str]
    permissions: list[str]
    prominent: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "check_id": self.check_id,
            "check_version": self.check_version,
            "title": self.title,
            "severity": self.severity.value,
            "status": self.status.value,
            "summary": self.summary,
            "evidence": self.evidence,
            "remediation": self.remediation,
            "link": self.link,
            "calls": self.calls,
            "permissions": self.permissions,
            "prominent": self.prominent,
        }


async def run_check(check: Check, reads: Reads) -> Finding:
    try:
        verdict = await check.run(reads)
    except Unreadable as exc:
        verdict = Verdict(
            Status.error,
            f"Could not check: {exc.reason}. The check needs {', '.join(check.permissions)}; "
            f"{LACKS}",
        )
    except RequestError as exc:
        # Refused for good (a permission, a missing service principal, audit logging off):
        # this check reports it and the others still run. Throttling propagates and the engine
        # tries the tenant again later.
        verdict = _refused_verdict(check, exc)
    return Finding(
        check.id,
        check.version,
        check.title,
        check.severity,
        verdict.status,
        verdict.summary,
        {"counts": dict(verdict.counts), "examples": verdict.examples[:MAX_EXAMPLES]},
        check.remediation,
        check.link,
        list(check.calls),
        list(check.permissions),
        check.prominent and verdict.status is Status.fail,
    )


def _refused_verdict(check: Check, exc: MicrosoftError) -> Verdict:
    if exc.code == "AF20023":
        return Verdict(
            Status.fail,
            "Unified audit logging is OFF in this tenant: the Office 365 Management Activity "
            "API serves no audit records.",
        )
    return Verdict(
        Status.error,
        f"Could not check: Microsoft refused the read ({exc.code}: {exc.message}). The check "
        f"needs {', '.join(check.permissions)}; {LACKS}",
    )
