"""Entra role template ids the portal cares about, and their names."""

from __future__ import annotations

from collections.abc import Iterable

GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10"
APPLICATION_ADMINISTRATOR = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"
CLOUD_APPLICATION_ADMINISTRATOR = "158c047a-c907-4556-b7ef-446551a6b5f7"
DIRECTORY_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"
GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451"
USER_ADMINISTRATOR = "fe930be7-5e62-47db-91af-98c3a49a38b1"
# Partner Center's consent API accepts a caller holding any one of these.
CONSENT_ROLES = frozenset(
    {GLOBAL_ADMINISTRATOR, APPLICATION_ADMINISTRATOR, CLOUD_APPLICATION_ADMINISTRATOR}
)
# Partner Center lists a customer's users to a caller holding one of these through GDAP
# ("get a list of all user accounts for a customer": Directory Reader, Global reader, User
# Administrator); Global Administrator includes them.
USER_LIST_ROLES = frozenset(
    {GLOBAL_ADMINISTRATOR, DIRECTORY_READERS, GLOBAL_READER, USER_ADMINISTRATOR}
)
ROLE_NAMES = {
    GLOBAL_ADMINISTRATOR: "Global Administrator",
    APPLICATION_ADMINISTRATOR: "Application Administrator",
    CLOUD_APPLICATION_ADMINISTRATOR: "Cloud Application Administrator",
    "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
    "31392ffb-586c-42d1-9346-e59415a2cc4e": "Exchange Recipient Administrator",
    "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
    USER_ADMINISTRATOR: "User Administrator",
    "fdd7a751-b60b-444a-984c-02652fe8fa1c": "Groups Administrator",
    "729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
    "966707d0-3269-4727-9be2-8c3a10f19b9d": "Password Administrator",
    "c4e39bd9-1100-46d3-8c65-fb160da0071f": "Authentication Administrator",
    "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
    "5d6b6bb7-de71-4623-b4af-96380a352509": "Security Reader",
    GLOBAL_READER: "Global Reader",
    DIRECTORY_READERS: "Directory Readers",
    "3a2c62db-5318-420d-8d74-23affee5d9d5": "Intune Administrator",
    "69091246-20e8-4a56-aa4d-066075b2a7a8": "Teams Administrator",
    "f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
    "4d6ac14f-3453-41d0-bef9-a3e0c569773a": "License Administrator",
    "f023fd81-a637-4b56-95fd-791ac0226033": "Service Support Administrator",
    "0526716b-113d-4c15-b2c8-68e3c22b9f80": "Authentication Policy Administrator",
    "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f": "Security Operator",
    "9360feb5-f418-4baa-8175-e2a00bac4301": "Directory Writers",
    "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9": "Conditional Access Administrator",
    "7698a772-787b-4ac8-901f-60d6b08affd2": "Cloud Device Administrator",
    "17315797-102d-40b4-93e0-432062caca18": "Compliance Administrator",
    "892c5842-a9a6-463a-8041-72aa08ca3cf6": "Cloud App Security Administrator",
    "b0f54661-2d74-4c50-afa3-1ec803f12efe": "Billing Administrator",
    "4a5d8f65-41da-4de4-8968-e035b65339cf": "Reports Reader",
    "8329153b-31d0-4727-b945-745eb3bc5f31": "Domain Name Administrator",
    "75941009-915a-4869-abe7-691bff18279e": "Skype for Business Administrator",
    "44367163-eba1-44c3-98af-f5787879f96a": "Dynamics 365 Administrator",
    "11648597-926c-4cf3-9c36-bcebb0ba8dcc": "Power Platform Administrator",
}
# Built-in roles a GDAP relationship cannot carry (Microsoft's GDAP role guidance,
# learn.microsoft.com/partner-center/customers/gdap-least-privileged-roles-by-task).
NON_DELEGABLE_ROLES = {
    "4ba39ca4-527c-499a-b93d-d9b492c50246": "Partner Tier1 Support",
    "e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8": "Partner Tier2 Support",
    "d29b2b05-8046-44ba-8758-1e26182fcf32": "Directory Synchronization Accounts",
}
# What the products need and nothing more: onboarding consents the app (Cloud Application
# Administrator); user counts and email permissions read the directory (Directory Readers).
LEAST_PRIVILEGE_ROLES = (CLOUD_APPLICATION_ADMINISTRATOR, DIRECTORY_READERS)


def role_name(role_id: str) -> str:
    return ROLE_NAMES.get(role_id, role_id)


def role_list(role_ids: Iterable[str]) -> str:
    """Role names joined for a sentence, in a stable order."""
    return ", ".join(sorted(role_name(r) for r in role_ids))
