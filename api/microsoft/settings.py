"""Where Microsoft lives for this deployment: real endpoints, the emulator, or anything alike."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from api.settings import Settings


@dataclass(frozen=True)
class MicrosoftEndpoints:
    login_url: str
    graph_url: str
    partner_center_url: str
    admin_center_url: str
    client_id: str
    client_secret: SecretStr

    def __post_init__(self) -> None:
        # Trailing slashes would double up when paths are appended.
        for name in ("login_url", "graph_url", "partner_center_url", "admin_center_url"):
            object.__setattr__(self, name, getattr(self, name).rstrip("/"))

    @classmethod
    def from_settings(cls, settings: Settings) -> MicrosoftEndpoints:
        return cls(
            login_url=settings.ms_login_url,
            graph_url=settings.ms_graph_url,
            partner_center_url=settings.ms_partner_center_url,
            admin_center_url=settings.ms_admin_center_url,
            client_id=settings.ms_client_id,
            client_secret=settings.ms_client_secret,
        )
