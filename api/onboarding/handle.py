"""What a batch of onboarding work shares: the partner's clients and the app's own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from api.microsoft.app_tokens import AppTokens
from api.microsoft.graph import GraphClient
from api.microsoft.settings import MicrosoftEndpoints
from api.onboarding.products import Product
from api.onboarding.steps import TenantWork
from api.partner_center.clients import PartnerClients, identity_client
from api.resources import Resources
from api.tenants.sync import sign_in_clients


@dataclass(frozen=True)
class Handle:
    resources: Resources
    clients: PartnerClients
    app_graph: GraphClient
    app_tokens: AppTokens
    client_id: str

    def work(self, tenant_id: str, product: Product) -> TenantWork:
        return TenantWork(
            self.clients, self.app_graph, self.app_tokens, self.client_id, tenant_id, product
        )


def _app_clients(resources: Resources) -> tuple[GraphClient, AppTokens]:
    """One app-token cache per process: the app's tokens do not depend on the partner."""
    cache: dict[str, tuple[GraphClient, AppTokens]] = resources.cache("app_clients")
    client_id = resources.settings.ms_client_id
    if client_id not in cache:
        tokens = AppTokens(identity_client(resources.http, resources.settings))
        endpoints = MicrosoftEndpoints.from_settings(resources.settings)
        cache[client_id] = (GraphClient(resources.http, endpoints, tokens), tokens)
    return cache[client_id]


async def open_handle(resources: Resources, organization_id: uuid.UUID) -> Handle:
    clients, _ = await sign_in_clients(resources, organization_id)
    app_graph, app_tokens = _app_clients(resources)
    return Handle(resources, clients, app_graph, app_tokens, resources.settings.ms_client_id)
