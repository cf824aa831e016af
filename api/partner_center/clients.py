"""The Microsoft clients for one organization's partner sign-in."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from api.microsoft.graph import GraphClient
from api.microsoft.identity import IdentityClient
from api.microsoft.partner_center import PartnerCenterClient
from api.microsoft.settings import MicrosoftEndpoints
from api.microsoft.tokens import RefreshTokenStore, TokenProvider
from api.settings import Settings


@dataclass
class PartnerClients:
    identity: IdentityClient
    tokens: TokenProvider
    graph: GraphClient
    partner_center: PartnerCenterClient


def identity_client(http: httpx.AsyncClient, settings: Settings) -> IdentityClient:
    return IdentityClient(http, MicrosoftEndpoints.from_settings(settings))


def partner_clients(
    http: httpx.AsyncClient,
    settings: Settings,
    store: RefreshTokenStore,
    *,
    partner_tenant_id: str,
) -> PartnerClients:
    endpoints = MicrosoftEndpoints.from_settings(settings)
    identity = IdentityClient(http, endpoints)
    tokens = TokenProvider(identity, store, partner_tenant_id=partner_tenant_id)
    return PartnerClients(
        identity=identity,
        tokens=tokens,
        graph=GraphClient(http, endpoints, tokens),
        partner_center=PartnerCenterClient(http, endpoints, tokens),
    )
