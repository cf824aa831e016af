"""The Microsoft clients for one organization's partner sign-in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import httpx

from api.microsoft.graph import GraphClient
from api.microsoft.identity import IdentityClient
from api.microsoft.partner_center import PartnerCenterClient
from api.microsoft.settings import MicrosoftEndpoints
from api.microsoft.tokens import RefreshTokenStore, TokenProvider
from api.partner_center.tokens import DbRefreshTokenStore
from api.resources import Resources
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


def clients_for_sign_in(
    resources: Resources,
    organization_id: uuid.UUID,
    partner_tenant_id: str,
    connected_at: datetime | None,
) -> PartnerClients:
    """One token cache per partner sign-in per process, shared by every job it runs.

    A reauthentication changes connected_at, so it starts a new cache and a new store.
    """
    cache: dict[tuple[uuid.UUID, str, datetime | None], PartnerClients] = resources.cache(
        "partner_clients"
    )
    key = (organization_id, partner_tenant_id, connected_at)
    if key not in cache:
        store = DbRefreshTokenStore(
            resources.sessionmaker, resources.vault, organization_id, connected_at=connected_at
        )
        cache[key] = partner_clients(
            resources.http, resources.settings, store, partner_tenant_id=partner_tenant_id
        )
    return cache[key]
