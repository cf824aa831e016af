"""Secrets at rest: Fernet under TOKEN_ENCRYPTION_KEYS, each ciphertext bound to its row.

Fernet has no associated data, so the binding (which row a secret belongs to) is sealed inside
the ciphertext and checked on every open: a sealed token copied into another organization's row
does not open there.
"""

from __future__ import annotations

import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from api.settings import Settings


class VaultError(Exception):
    """A sealed value could not be opened: wrong key set, tampering, or moved to another row."""


class TokenVault:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("TOKEN_ENCRYPTION_KEYS is empty")
        try:
            self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        except ValueError as exc:
            raise ValueError("TOKEN_ENCRYPTION_KEYS holds a key that is not a Fernet key") from exc

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenVault:
        raw = settings.token_encryption_keys.get_secret_value()
        return cls([k.strip() for k in raw.split(",") if k.strip()])

    def seal(self, value: str, *, bound_to: str) -> bytes:
        envelope = json.dumps({"b": bound_to, "v": value}, separators=(",", ":"))
        return self._fernet.encrypt(envelope.encode())

    def open(self, sealed: bytes, *, bound_to: str) -> str:
        try:
            envelope = json.loads(self._fernet.decrypt(sealed))
        except (InvalidToken, ValueError) as exc:
            raise VaultError("sealed value cannot be opened with the configured keys") from exc
        if not isinstance(envelope, dict) or envelope.get("b") != bound_to:
            raise VaultError("sealed value belongs to another record")
        value = envelope.get("v")
        if not isinstance(value, str):
            raise VaultError("sealed value is malformed")
        return value

    def rotate(self, sealed: bytes) -> bytes:
        """Re-encrypt under the first key, keeping the binding inside."""
        try:
            return self._fernet.rotate(sealed)
        except InvalidToken as exc:
            raise VaultError("sealed value cannot be opened with the configured keys") from exc


def connection_binding(organization_id: object) -> str:
    return f"partner_connection:{organization_id}"


def oauth_state_binding(state_hash: bytes) -> str:
    return f"oauth_state:{state_hash.hex()}"
