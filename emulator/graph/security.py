"""Graph v1.0 reads behind Petra Scan's checks, served from the tenant's posture.

Every route is a GET: nothing here changes the tenant. Paths, permissions and shapes follow
the pages named next to each route.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request

from emulator import catalog, posture
from emulator.errors import GraphError
from emulator.graph.common import (
    emulator_state,
    graph_caller,
    matches,
    page,
    parse_filter,
    select,
)
from emulator.model import iso

router = APIRouter()
META = "https://graph.microsoft.com/v1.0/$metadata#"
READ_DIR = frozenset({"Directory.Read.All", "Directory.ReadWrite.All"})
USERS_READ = READ_DIR | {"User.Read.All", "User.ReadWrite.All"}
POLICY_READ = frozenset({"Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"})
AUDIT_READ = frozenset({"AuditLog.Read.All"})
ROLE_READ = READ_DIR | {"RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory"}
MAILBOX_READ = frozenset({"MailboxSettings.Read", "MailboxSettings.ReadWrite"})


# learn.microsoft.com/graph/api/identitysecuritydefaultsenforcementpolicy-get: GET /policies/
# identitySecurityDefaultsEnforcementPolicy, least privilege Policy.Read.All.
@router.get("/policies/identitySecurityDefaultsEnforcementPolicy")
async def security_defaults(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(POLICY_READ)
    policy = {
        "@odata.context": META + "policies/identitySecurityDefaultsEnforcementPolicy/$entity",
        "id": "00000000-0000-0000-0000-000000000005",
        "displayName": "Security Defaults",
        "description": "Security defaults is a set of basic identity security mechanisms "
        "recommended by Microsoft.",
        # Hardened tenants use Conditional Access instead (the two exclude each other).
        "isEnabled": False,
    }
    return select(policy, request.query_params.get("$select"))


# learn.microsoft.com/graph/api/conditionalaccessroot-list-policies:
# GET /identity/conditionalAccess/policies, least privilege Policy.Read.All.
@router.get("/identity/conditionalAccess/policies")
async def ca_policies(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(POLICY_READ)
    items = posture.conditional_access(caller.tenant, emulator_state(request).now())
    context = META + "identity/conditionalAccess/policies"
    return page(items, request, default_top=100, max_top=999, context=context)


def _user_json(request: Request, user: posture.SyntheticUser) -> dict[str, Any]:
    now = emulator_state(request).now()
    return {
        "id": user.id,
        "displayName": user.display_name,
        "userPrincipalName": user.upn,
        "mail": None if user.user_type == "Guest" else user.upn,
        "userType": user.user_type,
        "accountEnabled": True,
        "signInActivity": {
            "lastSignInDateTime": iso(now - timedelta(days=user.last_sign_in_days)),
            "lastNonInteractiveSignInDateTime": None,
        },
    }


# learn.microsoft.com/graph/api/user-list: GET /users; $filter on userType (eq) and $select;
# signInActivity needs AuditLog.Read.All on top of User.Read.All
# (learn.microsoft.com/graph/api/resources/signinactivity); pages of 100 by default, 999 at most.
@router.get("/users")
async def list_users(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(USERS_READ)
    wanted = request.query_params.get("$select", "").lower()
    if "signinactivity" in wanted:
        caller.require(AUDIT_READ)
    items = [_user_json(request, u) for u in posture.users(caller.tenant)]
    if expr := request.query_params.get("$filter"):
        clauses = parse_filter(expr, {"usertype": "userType", "id": "id"})
        items = [i for i in items if matches(i, clauses)]
    return page(items, request, default_top=100, max_top=999, context=META + "users")


# learn.microsoft.com/graph/api/directoryrole-list-members:
# GET /directoryRoles(roleTemplateId='{id}')/members, least privilege
# RoleManagement.Read.Directory (Directory.Read.All also works); 404 when the role was never
# activated in the tenant.
@router.get("/directoryRoles(roleTemplateId='{template_id}')/members")
async def role_members(request: Request, template_id: str) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(ROLE_READ)
    if template_id not in catalog.ROLES:
        raise GraphError(
            404, "Request_ResourceNotFound", f"Resource '{template_id}' does not exist."
        )
    items = [
        {"@odata.type": "#microsoft.graph.user", **_user_json(request, u)}
        for u in posture.users(caller.tenant)
        if template_id in u.roles
    ]
    return page(items, request, default_top=100, max_top=999, context=META + "directoryObjects")


# learn.microsoft.com/graph/api/
# authenticationmethodsroot-list-userregistrationdetails: GET /reports/authenticationMethods/
# userRegistrationDetails, least privilege AuditLog.Read.All (application); isMfaRegistered.
@router.get("/reports/authenticationMethods/userRegistrationDetails")
async def registration_details(request: Request) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(AUDIT_READ)
    items = [
        {
            "id": u.id,
            "userPrincipalName": u.upn,
            "userDisplayName": u.display_name,
            "userType": "guest" if u.user_type == "Guest" else "member",
            "isAdmin": bool(u.roles),
            "isMfaCapable": u.mfa_registered,
            "isMfaRegistered": u.mfa_registered,
            "methodsRegistered": ["microsoftAuthenticatorPush"] if u.mfa_registered else [],
        }
        for u in posture.users(caller.tenant)
        if u.user_type == "Member"
    ]
    context = META + "reports/authenticationMethods/userRegistrationDetails"
    return page(items, request, default_top=100, max_top=999, context=context)


# learn.microsoft.com/graph/api/mailfolder-list-messagerules:
# GET /users/{id}/mailFolders/inbox/messageRules, least privilege
# MailboxSettings.Read (application); actions.forwardTo / redirectTo / forwardAsAttachmentTo
# are recipients.
@router.get("/users/{user_id}/mailFolders/inbox/messageRules")
async def message_rules(request: Request, user_id: str) -> dict[str, Any]:
    caller = graph_caller(request)
    caller.require(MAILBOX_READ)
    user = next((u for u in posture.users(caller.tenant) if u.id == user_id), None)
    if user is None or user.user_type == "Guest":
        raise GraphError(
            404, "ErrorItemNotFound", "The specified object was not found in the store."
        )
    rules = []
    if user.forward_to:
        recipient = {"emailAddress": {"name": user.forward_to, "address": user.forward_to}}
        rules.append(
            {
                "id": "AQAAAJ5dZqA=",
                "displayName": "Forward everything",
                "sequence": 1,
                "isEnabled": True,
                "hasError": False,
                "isReadOnly": False,
                "conditions": {},
                "actions": {"forwardTo": [recipient], "stopProcessingRules": True},
            }
        )
    body = {
        "@odata.context": META + f"users('{user_id}')/mailFolders('inbox')/messageRules",
        "value": [select(r, request.query_params.get("$select")) for r in rules],
    }
    return body
