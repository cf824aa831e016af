"""Typed clients for Microsoft identity, Graph and Partner Center."""

from api.microsoft.batch import BatchRequest, BatchResponse
from api.microsoft.errors import (
    MicrosoftError,
    RequestError,
    RootCause,
    SignInError,
    TransientError,
)
from api.microsoft.graph import GraphClient
from api.microsoft.http import create_http_client
from api.microsoft.identity import (
    GRAPH_DEFAULT,
    PARTNER_CENTER,
    REDEEM_SCOPES,
    SIGN_IN_SCOPES,
    IdentityClient,
    TokenSet,
)
from api.microsoft.partner_center import (
    ApplicationGrant,
    ConsentOutcome,
    Customer,
    PartnerCenterClient,
)
from api.microsoft.root_causes import root_cause_for
from api.microsoft.settings import MicrosoftEndpoints
from api.microsoft.tokens import RefreshTokenStore, TokenProvider
from api.microsoft.transport import RetryPolicy

__all__ = [
    "GRAPH_DEFAULT",
    "PARTNER_CENTER",
    "REDEEM_SCOPES",
    "SIGN_IN_SCOPES",
    "ApplicationGrant",
    "BatchRequest",
    "BatchResponse",
    "ConsentOutcome",
    "Customer",
    "GraphClient",
    "IdentityClient",
    "MicrosoftEndpoints",
    "MicrosoftError",
    "PartnerCenterClient",
    "RefreshTokenStore",
    "RequestError",
    "RetryPolicy",
    "RootCause",
    "SignInError",
    "TokenProvider",
    "TokenSet",
    "TransientError",
    "create_http_client",
    "root_cause_for",
]
