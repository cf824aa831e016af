"""The products a tenant can be onboarded to and the permissions each needs, in one catalog.

Ids are Microsoft's: resource app ids of the first-party APIs, app role ids (application
permissions) and scope names (delegated permissions). Each permission says why Petra needs it,
in words a client's administrator can read. Bump CATALOG_VERSION when a product's permissions
change: onboarding records the version it granted.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

CATALOG_VERSION = "2026-12-01.1"

# Sources of the ids: resource app ids, learn.microsoft.com/troubleshoot/azure/active-directory/
# verify-first-party-apps-sign-in; Graph's app role ids and scopes,
# learn.microsoft.com/graph/permissions-reference; ActivityFeed.Read,
# learn.microsoft.com/office/office-365-management-api/get-started-with-office-365-management-apis;
# Exchange.ManageAsApp, learn.microsoft.com/powershell/exchange/app-only-auth-powershell-v2.
GRAPH = "00000003-0000-0000-c000-000000000000"
EXCHANGE_ONLINE = "00000002-0000-0ff1-ce00-000000000000"
MANAGEMENT_APIS = "c5393580-f805-4401-95e8-94b7a6ef2fc2"
# Each API's application ID URI: an admin consent asks for its application permissions with
# `<uri>/.default` (learn.microsoft.com/entra/identity-platform/v2-admin-consent).
RESOURCE_URIS = {
    GRAPH: "https://graph.microsoft.com",
    EXCHANGE_ONLINE: "https://outlook.office365.com",
    MANAGEMENT_APIS: "https://manage.office.com",
}
RESOURCE_NAMES = {
    GRAPH: "Microsoft Graph",
    EXCHANGE_ONLINE: "Office 365 Exchange Online",
    MANAGEMENT_APIS: "Office 365 Management APIs",
}
# Exchange Online's app-only access takes its RBAC from the app's Entra directory role
# (learn.microsoft.com/powershell/exchange/app-only-auth-powershell-v2).
EXCHANGE_ADMINISTRATOR = "29232cdf-9323-42fd-ade2-1d097af3e4de"
PRIVILEGED_ROLE_ADMINISTRATOR = "e8611ab8-c189-46e8-94e1-60213ab1f814"
EXCHANGE_MANAGE_AS_APP = "dc50a0fb-09a3-484d-be87-e023b12c6440"


class ProductName(enum.StrEnum):
    active = "active"
    autopsy = "autopsy"
    scan = "scan"


@dataclass(frozen=True)
class AppPermission:
    """An application permission: an app role of a resource, assigned to the app's SP."""

    resource_app_id: str
    name: str
    app_role_id: str
    reason: str

    @property
    def resource_name(self) -> str:
        return RESOURCE_NAMES[self.resource_app_id]


@dataclass(frozen=True)
class DelegatedPermission:
    """A delegated scope granted to the app for all users (consentType AllPrincipals)."""

    resource_app_id: str
    name: str
    reason: str

    @property
    def resource_name(self) -> str:
        return RESOURCE_NAMES[self.resource_app_id]


@dataclass(frozen=True)
class Product:
    name: ProductName
    title: str
    summary: str
    delegated: tuple[DelegatedPermission, ...]
    application: tuple[AppPermission, ...]
    # Whether the product reads mail settings through Exchange (Email Perms applies).
    email: bool

    def delegated_for(self, resource_app_id: str) -> list[str]:
        return [p.name for p in self.delegated if p.resource_app_id == resource_app_id]

    @property
    def admin_consent_scopes(self) -> list[str]:
        """What a client's admin consents to when adding the tenant individually: every API
        the product reads without a user, through its `/.default`."""
        apis = dict.fromkeys(p.resource_app_id for p in self.application)
        return [f"{RESOURCE_URIS[a]}/.default" for a in apis]

    @property
    def resources(self) -> list[str]:
        seen = [p.resource_app_id for p in self.delegated]
        seen += [p.resource_app_id for p in self.application]
        return list(dict.fromkeys(seen))


def _graph_delegated(name: str, reason: str) -> DelegatedPermission:
    return DelegatedPermission(GRAPH, name, reason)


# What Partner Center's consent grants (delegated, for the partner's own GDAP sign-in in the
# client tenant): enough to finish the onboarding there, and nothing more.
CONSENT_GRANTS = (
    _graph_delegated(
        "Directory.Read.All", "Find the app's and Microsoft's service principals in the tenant."
    ),
    _graph_delegated(
        "Application.ReadWrite.All",
        "Create the service principal of a Microsoft API the tenant lacks.",
    ),
    _graph_delegated(
        "AppRoleAssignment.ReadWrite.All", "Grant Petra's application permissions listed below."
    ),
    _graph_delegated(
        "DelegatedPermissionGrant.ReadWrite.All",
        "Extend this consent later without asking the client's administrator.",
    ),
    _graph_delegated(
        "RoleManagement.ReadWrite.Directory",
        "Give Petra's app the Exchange Administrator role Exchange Online reads its rights from.",
    ),
)

DIRECTORY_READ = AppPermission(
    GRAPH,
    "Directory.Read.All",
    "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
    "Read users, groups, roles and apps to spot risky changes.",
)
AUDIT_LOG_READ = AppPermission(
    GRAPH,
    "AuditLog.Read.All",
    "b0afded3-3588-46d8-8b3d-9842eff778da",
    "Read sign-ins and directory audit logs to detect compromised accounts.",
)
ACTIVITY_FEED_READ = AppPermission(
    MANAGEMENT_APIS,
    "ActivityFeed.Read",
    "594c1fb6-4f81-4475-ae41-0c394909246c",
    "Read the unified audit log (mailbox, SharePoint and admin activity).",
)
EXCHANGE_MANAGE = AppPermission(
    EXCHANGE_ONLINE,
    "Exchange.ManageAsApp",
    EXCHANGE_MANAGE_AS_APP,
    "Read mailbox forwarding and inbox rules, the usual traces of a mailbox takeover.",
)
MAILBOX_SETTINGS_READ = AppPermission(
    GRAPH,
    "MailboxSettings.Read",
    "40f97065-369a-49f4-947c-6a255697ae91",
    "Read inbox rules to find mail forwarded outside the organization.",
)
POLICY_READ = AppPermission(
    GRAPH,
    "Policy.Read.All",
    "246dd0d5-5bd0-4def-940b-0421030a5b68",
    "Read Conditional Access and authentication policies for the security checks.",
)

PRODUCTS: dict[ProductName, Product] = {
    ProductName.active: Product(
        ProductName.active,
        "Petra Active",
        "Continuous monitoring of sign-ins, audit logs and mailbox rules.",
        CONSENT_GRANTS,
        (DIRECTORY_READ, AUDIT_LOG_READ, ACTIVITY_FEED_READ, EXCHANGE_MANAGE),
        email=True,
    ),
    ProductName.autopsy: Product(
        ProductName.autopsy,
        "Petra Autopsy",
        "A six-month investigation of the same logs after a suspected breach.",
        CONSENT_GRANTS,
        (DIRECTORY_READ, AUDIT_LOG_READ, ACTIVITY_FEED_READ, EXCHANGE_MANAGE),
        email=True,
    ),
    ProductName.scan: Product(
        ProductName.scan,
        "Petra Scan",
        "Read-only checks of the tenant's security settings.",
        # No Exchange administration, so no directory role to give: inbox rules are read
        # through Graph.
        CONSENT_GRANTS[:4],
        (DIRECTORY_READ, POLICY_READ, AUDIT_LOG_READ, ACTIVITY_FEED_READ, MAILBOX_SETTINGS_READ),
        email=False,
    ),
}


def product(name: str) -> Product:
    return PRODUCTS[ProductName(name)]
