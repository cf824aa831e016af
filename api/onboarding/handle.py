"""What a batch of onboarding work shares: the partner's clients and the app's own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from api.microsoft.app_tokens import AppTokens
from api.microsoft.graph import GraphClient
from api.microsoft.settings import MicrosoftEndpoints
from api.onboarding.products import Product
from api.onboarding.steps import TenantWork
from api.operations.capability import ItemSpec, OperationHead
from api.partner_center.clients import PartnerClients, identity_client
from api.resources import Resources
from api.tenants.sync import sign_in_clients


@dataclass(frozen=True)
class Handle:
    resources: Resources
    # None when the work reads tenants added individually: the app's own token only.
    clients: PartnerClients | None
    app_graph: GraphClient
    app_tokens: AppTokens
    client_id: str

    @property
    def partner(self) -> PartnerClients:
        if self.clients is None:
            raise RuntimeError("This work needs the partner's sign-in (GDAP).")
        return self.clients

    def work(self, tenant_id: str, product: Product, *, app_only: bool = False) -> TenantWork:
        clients = None if app_only else self.clients
        return TenantWork(
            clients, self.app_graph, self.app_tokens, self.client_id, tenant_id, product
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


def app_only_handle(resources: Resources) -> Handle:
    """For tenants added individually: no partner sign-in is needed, or used."""
    app_graph, app_tokens = _app_clients(resources)
    return Handle(resources, None, app_graph, app_tokens, resources.settings.ms_client_id)


async def open_handle(resources: Resources, organization_id: uuid.UUID) -> Handle:
    clients, _ = await sign_in_clients(resources, organization_id)
    app_graph, app_tokens = _app_clients(resources)
    return Handle(resources, clients, app_graph, app_tokens, resources.settings.ms_client_id)


class StartedWithTenants:
    """The engine's hooks every onboarding-side capability shares: started with its tenants
    (nothing to list), one tenant per batch, the partner's and the app's clients per batch."""

    def batch_size(self, resources: Resources) -> int:
        return 1

    def concurrency(self, resources: Resources) -> int:
        return resources.settings.sync_concurrency

    async def plan(self, resources: Resources, operation: OperationHead) -> list[ItemSpec]:
        return []

    async def apply_plan(
        self, db: AsyncSession, operation: OperationHead, plan: list[ItemSpec]
    ) -> list[ItemSpec]:
        return plan

    async def open(self, resources: Resources, operation: OperationHead) -> Handle:
        return await open_handle(resources, operation.organization_id)
