"""The documented surfaces email-permission checks and fixes use, and the ones they never use.

Exchange Web Services are being blocked in Exchange Online ("starting October 1, 2026, we will
start blocking EWS requests to Exchange Online",
https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/deprecation-of-ews-exchange-online),
and the ApplicationImpersonation RBAC role has been removed from Exchange Online ("in February
2025, we will completely remove this role and its feature set from Exchange Online",
https://techcommunity.microsoft.com/t5/exchange-team-blog/retirement-of-rbac-application-impersonation-in-exchange-online/ba-p/4062671,
message center MC718754, https://aka.ms/applicationimpersonationdeprecation).
So email permissions are checked and fixed through exactly one of:

* Exchange Online app-only: the `Exchange.ManageAsApp` application permission on Office 365
  Exchange Online, plus a Microsoft Entra role (Exchange Administrator) for the app's service
  principal in the customer tenant; Exchange builds the session's RBAC from the directory role
  in the token (https://learn.microsoft.com/en-us/powershell/exchange/app-only-auth-powershell-v2).
  The role is assigned with Graph `POST /roleManagement/directory/roleAssignments`
  (https://learn.microsoft.com/en-us/graph/api/rbacapplication-post-roleassignments).
* Microsoft Graph mail APIs (mailbox settings, mail), under Graph application permissions
  (https://learn.microsoft.com/en-us/graph/api/resources/mail-api-overview).

Azure AD Graph is retired and Partner Center no longer accepts its tokens ("Partner Center APIs
are no longer accepting graph.windows.net audience tokens",
https://learn.microsoft.com/en-us/partner-center/developer/deprecate-azure-active-directory-graph-token):
no request names it, and no consent grants it.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.microsoft.identity import GRAPH

EXCHANGE_ONLINE_APP_ID = "00000002-0000-0ff1-ce00-000000000000"
EXCHANGE_ONLINE_RESOURCE = "https://outlook.office365.com"
# The application permission (app role) on Office 365 Exchange Online.
EXCHANGE_MANAGE_AS_APP = "Exchange.ManageAsApp"
EXCHANGE_MANAGE_AS_APP_ROLE_ID = "dc50a0fb-09a3-484d-be87-e023b12c6440"
# Microsoft Entra built-in role template: Exchange Administrator
# (https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/permissions-reference).
EXCHANGE_ADMINISTRATOR_ROLE = "29232cdf-9323-42fd-ade2-1d097af3e4de"
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"


@dataclass(frozen=True)
class EmailSurface:
    name: str
    resource_app_id: str
    permission: str
    directory_role: str | None
    documented_at: str


EXCHANGE_APP_ONLY = EmailSurface(
    name="Exchange Online app-only (Exchange.ManageAsApp + Exchange Administrator role)",
    resource_app_id=EXCHANGE_ONLINE_APP_ID,
    permission=EXCHANGE_MANAGE_AS_APP,
    directory_role=EXCHANGE_ADMINISTRATOR_ROLE,
    documented_at="https://learn.microsoft.com/en-us/powershell/exchange/app-only-auth-powershell-v2",
)
GRAPH_MAIL = EmailSurface(
    name="Microsoft Graph mail APIs",
    resource_app_id=GRAPH_APP_ID,
    permission=f"{GRAPH}/MailboxSettings.ReadWrite",
    directory_role=None,
    documented_at="https://learn.microsoft.com/en-us/graph/api/resources/mail-api-overview",
)
SURFACES = (EXCHANGE_APP_ONLY, GRAPH_MAIL)

# Never requested, granted or assigned: EWS permissions and the removed impersonation role.
EWS_PERMISSIONS = frozenset({"EWS.AccessAsUser.All", "full_access_as_app", "full_access_as_user"})
IMPERSONATION_ROLE = "ApplicationImpersonation"
AZURE_AD_GRAPH_APP_ID = "00000002-0000-0000-c000-000000000000"
AZURE_AD_GRAPH_HOST = "graph.windows.net"
RETIRED = frozenset(
    {*EWS_PERMISSIONS, IMPERSONATION_ROLE, AZURE_AD_GRAPH_APP_ID, AZURE_AD_GRAPH_HOST, "/EWS/"}
)
