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
}


def role_name(role_id: str) -> str:
    return ROLE_NAMES.get(role_id, role_id)


def role_list(role_ids: Iterable[str]) -> str:
    """Role names joined for a sentence, in a stable order."""
    return ", ".join(sorted(role_name(r) for r in role_ids))
