"""Fixed Microsoft identifiers the emulator shares with the real services."""

from __future__ import annotations

from typing import Any

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
GRAPH_RESOURCE = "https://graph.microsoft.com"
PARTNER_CENTER_APP_ID = "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd"
PARTNER_CENTER_RESOURCE = "https://api.partnercenter.microsoft.com"
EXCHANGE_APP_ID = "00000002-0000-0ff1-ce00-000000000000"
EXCHANGE_RESOURCE = "https://outlook.office365.com"
O365_MANAGEMENT_APP_ID = "c5393580-f805-4401-95e8-94b7a6ef2fc2"
O365_MANAGEMENT_RESOURCE = "https://manage.office.com"
MICROSOFT_TENANT_ID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"

OIDC_SCOPES = frozenset({"openid", "profile", "offline_access", "email"})

ROLES: dict[str, str] = {
    "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
    "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
    "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
    "31392ffb-586c-42d1-9346-e59415a2cc4e": "Exchange Recipient Administrator",
    "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
    "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
    "fdd7a751-b60b-444a-984c-02652fe8fa1c": "Groups Administrator",
    "729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
    "966707d0-3269-4727-9be2-8c3a10f19b9d": "Password Administrator",
    "c4e39bd9-1100-46d3-8c65-fb160da0071f": "Authentication Administrator",
    "0526716b-113d-4c15-b2c8-68e3c22b9f80": "Authentication Policy Administrator",
    "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
    "5d6b6bb7-de71-4623-b4af-96380a352509": "Security Reader",
    "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f": "Security Operator",
    "f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
    "88d8e3e3-8f55-4a1e-953a-9b9898b8876b": "Directory Readers",
    "9360feb5-f418-4baa-8175-e2a00bac4301": "Directory Writers",
    "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9": "Conditional Access Administrator",
    "3a2c62db-5318-420d-8d74-23affee5d9d5": "Intune Administrator",
    "7698a772-787b-4ac8-901f-60d6b08affd2": "Cloud Device Administrator",
    "69091246-20e8-4a56-aa4d-066075b2a7a8": "Teams Administrator",
    "f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
    "17315797-102d-40b4-93e0-432062caca18": "Compliance Administrator",
    "892c5842-a9a6-463a-8041-72aa08ca3cf6": "Cloud App Security Administrator",
    "4d6ac14f-3453-41d0-bef9-a3e0c569773a": "License Administrator",
    "b0f54661-2d74-4c50-afa3-1ec803f12efe": "Billing Administrator",
    "4a5d8f65-41da-4de4-8968-e035b65339cf": "Reports Reader",
    "f023fd81-a637-4b56-95fd-791ac0226033": "Service Support Administrator",
    "8329153b-31d0-4727-b945-745eb3bc5f31": "Domain Name Administrator",
    "75941009-915a-4869-abe7-691bff18279e": "Skype for Business Administrator",
    "44367163-eba1-44c3-98af-f5787879f96a": "Dynamics 365 Administrator",
    "11648597-926c-4cf3-9c36-bcebb0ba8dcc": "Power Platform Administrator",
}

# Built-in roles GDAP does not delegate: Microsoft's GDAP role guidance lists the roles a
# relationship may carry, and Partner Tier1/Tier2 Support and Directory Synchronization
# Accounts are not among them. Source:
# learn.microsoft.com/partner-center/customers/gdap-least-privileged-roles-by-task
NON_DELEGABLE_ROLES: dict[str, str] = {
    "4ba39ca4-527c-499a-b93d-d9b492c50246": "Partner Tier1 Support",
    "e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8": "Partner Tier2 Support",
    "d29b2b05-8046-44ba-8758-1e26182fcf32": "Directory Synchronization Accounts",
}

GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"
APP_ADMIN = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"
CLOUD_APP_ADMIN = "158c047a-c907-4556-b7ef-446551a6b5f7"
USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1"
GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451"
DIRECTORY_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"
DIRECTORY_WRITERS = "9360feb5-f418-4baa-8175-e2a00bac4301"
PRIVILEGED_ROLE_ADMIN = "e8611ab8-c189-46e8-94e1-60213ab1f814"
HELPDESK_ADMIN = "729827e3-9c14-49f7-bb1b-9608f156bbb8"
PASSWORD_ADMIN = "966707d0-3269-4727-9be2-8c3a10f19b9d"  # noqa: S105 - a role id
EXCHANGE_ADMIN = "29232cdf-9323-42fd-ade2-1d097af3e4de"
SECURITY_READER = "5d6b6bb7-de71-4623-b4af-96380a352509"

CONSENT_CAPABLE_ROLES = frozenset({GLOBAL_ADMIN, APP_ADMIN, CLOUD_APP_ADMIN})
USER_LIST_ROLES = frozenset({GLOBAL_ADMIN, DIRECTORY_READERS, GLOBAL_READER, USER_ADMIN})

# Step 1 of "How Petra Connects": what the portal's app asks for in the partner tenant.
PORTAL_GRAPH_SCOPES = (
    "DelegatedAdminRelationship.Read.All",
    "DelegatedAdminRelationship.ReadWrite.All",
    "User.Read.All",
    "Organization.Read.All",
    "Directory.ReadWrite.All",
    "Application.ReadWrite.All",
    "AppRoleAssignment.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All",
)
PORTAL_PARTNER_CENTER_SCOPES = ("user_impersonation",)
# The application permissions the portal's app registration requires (its products' app-only
# reads), by resource: what a client's admin grants by consenting with `/.default`.
PORTAL_APPLICATION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    GRAPH_APP_ID: (
        "Directory.Read.All",
        "AuditLog.Read.All",
        "Policy.Read.All",
        "MailboxSettings.Read",
    ),
    O365_MANAGEMENT_APP_ID: ("ActivityFeed.Read",),
    EXCHANGE_APP_ID: ("Exchange.ManageAsApp",),
}

_GRAPH_DELEGATED = {
    "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
    "User.Read.All": "a154be20-db9c-4678-8ab7-66f6cc099a59",
    "Directory.Read.All": "06da0dbc-49e2-44d2-8312-53f166ab848a",
    "Directory.ReadWrite.All": "c5366453-9fb0-48a5-a156-24f0c49a4b84",
    "Organization.Read.All": "4908d5b9-3fb2-4b1e-9336-1888b7937185",
    "Application.Read.All": "c79f8feb-a9db-4090-85f9-90d820caa0eb",
    "Application.ReadWrite.All": "bdfbf15f-ee85-4955-8675-146e8e5296b5",
    "AppRoleAssignment.ReadWrite.All": "84bccea3-f856-4a8a-967b-dbe0a3d53a64",
    "DelegatedPermissionGrant.ReadWrite.All": "41ce6ca6-6826-4807-84f1-1c82854f7ee5",
    "DelegatedAdminRelationship.Read.All": "0c0064ea-477b-4130-82a5-4c2cc4ff68aa",
    "DelegatedAdminRelationship.ReadWrite.All": "885f682f-a990-4bad-a642-36736a74b0c7",
    "RoleManagement.Read.Directory": "741c54c3-0c1e-44a1-818b-3f97ab4e8c83",
    "RoleManagement.ReadWrite.Directory": "d01b97e9-cbc0-49fe-810a-750afd5527a3",
    "Domain.Read.All": "2f9ee017-59c1-4f1d-9472-bd5529a7b311",
    "AuditLog.Read.All": "e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20",
}
_GRAPH_APPLICATION = {
    "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
    "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
    "Directory.ReadWrite.All": "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
    "Organization.Read.All": "498476ce-e0fe-48b0-b801-37ba7e2685c6",
    "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
    "Application.ReadWrite.All": "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
    "AppRoleAssignment.ReadWrite.All": "06b708a9-e830-4db3-a914-8e69da51d44f",
    "DelegatedPermissionGrant.ReadWrite.All": "8e8e4742-1d95-4f68-9d56-6ee75648c72a",
    "AuditLog.Read.All": "b0afded3-3588-46d8-8b3d-9842eff778da",
    "MailboxSettings.Read": "40f97065-369a-49f4-947c-6a255697ae91",
    "MailboxSettings.ReadWrite": "6931bccd-447a-43d1-b442-00a195474933",
    "Mail.Read": "810c84a8-4a9e-49e6-bf7d-12d183f40d01",
    "RoleManagement.ReadWrite.Directory": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
    "Domain.Read.All": "dbb9058a-0e50-45d7-ae91-66909b5d4664",
    "Policy.Read.All": "246dd0d5-5bd0-4def-940b-0421030a5b68",
}


def _app_role(value: str, role_id: str) -> dict[str, Any]:
    return {
        "allowedMemberTypes": ["Application"],
        "description": f"Allows the app to use {value} without a signed-in user.",
        "displayName": value,
        "id": role_id,
        "isEnabled": True,
        "origin": "Application",
        "value": value,
    }


def _scope(value: str, scope_id: str) -> dict[str, Any]:
    return {
        "adminConsentDescription": f"Allows the app to use {value} on behalf of the user.",
        "adminConsentDisplayName": value,
        "id": scope_id,
        "isEnabled": True,
        "type": "Admin",
        "userConsentDescription": f"Allows the app to use {value} on your behalf.",
        "userConsentDisplayName": value,
        "value": value,
    }


class ResourceApp:
    """A first-party API whose service principal exists in every tenant."""

    def __init__(
        self,
        app_id: str,
        uri: str,
        name: str,
        scopes: dict[str, str],
        roles: dict[str, str],
    ) -> None:
        self.app_id = app_id
        self.uri = uri
        self.name = name
        self.scopes = [_scope(v, i) for v, i in scopes.items()]
        self.app_roles = [_app_role(v, i) for v, i in roles.items()]


RESOURCE_APPS: dict[str, ResourceApp] = {
    a.app_id: a
    for a in (
        ResourceApp(
            GRAPH_APP_ID, GRAPH_RESOURCE, "Microsoft Graph", _GRAPH_DELEGATED, _GRAPH_APPLICATION
        ),
        ResourceApp(
            PARTNER_CENTER_APP_ID,
            PARTNER_CENTER_RESOURCE,
            "Microsoft Partner Center",
            {"user_impersonation": "1cebfa2a-fb4d-419e-b5f9-839b4383e05a"},
            {},
        ),
        ResourceApp(
            EXCHANGE_APP_ID,
            EXCHANGE_RESOURCE,
            "Office 365 Exchange Online",
            {"Exchange.Manage": "ab4f2b77-0b06-4fc1-a9de-02113fc2ab7c"},
            {
                "Exchange.ManageAsApp": "dc50a0fb-09a3-484d-be87-e023b12c6440",
                "full_access_as_app": "dc890d15-9560-4a4c-9b7f-a736ec74ec40",
            },
        ),
        ResourceApp(
            O365_MANAGEMENT_APP_ID,
            O365_MANAGEMENT_RESOURCE,
            "Office 365 Management APIs",
            {"ActivityFeed.Read": "e2cea78f-e743-4d8f-a16a-75b629a038ae"},
            {"ActivityFeed.Read": "594c1fb6-4f81-4475-ae41-0c394909246c"},
        ),
    )
}
RESOURCE_BY_URI: dict[str, ResourceApp] = {a.uri: a for a in RESOURCE_APPS.values()}
CUSTOMER_BUILTIN_APPS = (GRAPH_APP_ID, EXCHANGE_APP_ID, O365_MANAGEMENT_APP_ID)
PARTNER_BUILTIN_APPS = (GRAPH_APP_ID, PARTNER_CENTER_APP_ID)
