"""The Microsoft sign-in that connects (or reauthenticates) Partner Center.

Start: a one-time `state` bound to the member's browser session, a PKCE verifier kept sealed
server-side, the exact redirect URI. Finish: the state is spent whatever happens next, the code
is redeemed, the account is checked (partner tenant, AdminAgents, GDAP read), and only then does
the new refresh token replace the old one, in one UPDATE.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import utcnow
from api.microsoft.errors import MicrosoftError
from api.microsoft.identity import REDEEM_SCOPES, SIGN_IN_SCOPES, TokenSet
from api.partner_center import check
from api.partner_center.clients import identity_client, partner_clients
from api.partner_center.models import (
    ConnectionState,
    OAuthPurpose,
    OAuthState,
    PartnerConnection,
)
from api.partner_center.service import save_check
from api.partner_center.tokens import MemoryRefreshTokenStore, connection_of
from api.permissions import Principal
from api.security import digest, new_token
from api.settings import Settings
from api.vault import TokenVault, connection_binding, oauth_state_binding

CALLBACK_PATH = "/api/v1/partner-center/callback"
STATE_LIFETIME = timedelta(minutes=10)


def redirect_uri(settings: Settings) -> str:
    return settings.public_base_url.rstrip("/") + CALLBACK_PATH


async def start(
    db: AsyncSession,
    principal: Principal,
    *,
    settings: Settings,
    vault: TokenVault,
    http: httpx.AsyncClient,
    purpose: OAuthPurpose,
    return_to: str,
) -> str:
    assert principal.member_id is not None
    assert principal.session_token_hash is not None
    state = new_token()
    verifier = secrets.token_urlsafe(64)
    state_hash = digest(state)
    db.add(
        OAuthState(
            state_hash=state_hash,
            organization_id=principal.organization_id,
            member_id=principal.member_id,
            session_token_hash=principal.session_token_hash,
            code_verifier_sealed=vault.seal(verifier, bound_to=oauth_state_binding(state_hash)),
            purpose=purpose,
            return_to=return_to,
            expires_at=utcnow() + STATE_LIFETIME,
        )
    )
    await db.flush()
    return identity_client(http, settings).authorization_url(
        redirect_uri=redirect_uri(settings),
        state=state,
        code_verifier=verifier,
        scopes=SIGN_IN_SCOPES,
    )


@dataclass
class Outcome:
    return_to: str
    error: str | None = None
    message: str | None = None
    purpose: OAuthPurpose | None = None
    account: str | None = None


class SignInRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


async def _spend_state(db: AsyncSession, state: str | None, principal: Principal) -> OAuthState:
    if not state:
        raise SignInRefused("state_missing", "The sign-in answer carried no state.")
    row = (
        await db.execute(
            select(OAuthState).where(OAuthState.state_hash == digest(state)).with_for_update()
        )
    ).scalar_one_or_none()
    if row is None or row.organization_id != principal.organization_id:
        raise SignInRefused("state_unknown", "This sign-in was not started here. Start again.")
    if row.session_token_hash != principal.session_token_hash:
        raise SignInRefused(
            "state_foreign_session", "This sign-in was started in another browser session."
        )
    if row.used_at is not None:
        raise SignInRefused("state_reused", "This sign-in answer was already used. Start again.")
    row.used_at = utcnow()
    if row.expires_at <= utcnow():
        raise SignInRefused(
            "state_expired", "The sign-in took longer than 10 minutes. Start again."
        )
    return row


MFA_MISSING = (
    "That account signed in without multifactor authentication (MFA), and Partner Center "
    "refuses every call made without it. Sign in with MFA: use an account that has MFA "
    "registered and complete MFA when Microsoft asks for it."
)


async def _check_account(
    http: httpx.AsyncClient, settings: Settings, tokens: TokenSet
) -> tuple[str, dict[str, Any]]:
    """The account must sign in with MFA, read GDAP data and call Partner Center (AdminAgents).

    Returns the newest refresh token (the checks themselves rotate it) and the connection
    check's findings, shown on the card right after connecting.
    """
    if not tokens.refresh_token or not tokens.tenant_id:
        raise SignInRefused(
            "no_refresh_token", "Microsoft returned no long-lived sign-in (offline_access)."
        )
    if not tokens.mfa:
        # Partner Center answers App+User calls without the MFA claim with 401/900421
        # (https://learn.microsoft.com/en-us/partner-center/developer/
        # partner-center-authentication): a connection without MFA would fail every sync.
        raise SignInRefused("mfa_missing", MFA_MISSING)
    store = MemoryRefreshTokenStore(tokens.refresh_token.get_secret_value())
    clients = partner_clients(http, settings, store, partner_tenant_id=tokens.tenant_id)
    try:
        async for _ in clients.graph.relationships(status="active", page_size=1):
            break
    except MicrosoftError as exc:
        raise SignInRefused(
            "cannot_read_gdap",
            f"The account cannot read GDAP relationships: {exc.root_cause.summary} "
            f"{exc.root_cause.action}",
        ) from exc
    try:
        async for _ in clients.partner_center.customers(page_size=1):
            break
    except MicrosoftError as exc:
        raise SignInRefused(
            "not_admin_agent",
            "The account cannot use Partner Center. Add it to the AdminAgents group of your "
            f"partner tenant, then sign in again. ({exc.root_cause.summary})",
        ) from exc
    found = await check.gather(clients, tokens.tenant_id)
    return store.refresh_token, found.as_json()


async def _store(
    db: AsyncSession,
    principal: Principal,
    vault: TokenVault,
    tokens: TokenSet,
    refresh_token: str,
    purpose: OAuthPurpose,
    found: dict[str, Any],
) -> None:
    connection = await connection_of(db, principal.organization_id, for_update=True)
    if connection is None:
        connection = PartnerConnection(
            organization_id=principal.organization_id, state=ConnectionState.disconnected
        )
        db.add(connection)
    known = connection.partner_tenant_id
    if purpose is OAuthPurpose.reauthenticate and known and known != tokens.tenant_id:
        raise SignInRefused(
            "wrong_partner_tenant",
            "That account belongs to another tenant than the connected partner tenant. "
            "Sign in with an account of your partner tenant, or disconnect first.",
        )
    now = utcnow()
    connection.state = ConnectionState.connected
    connection.partner_tenant_id = tokens.tenant_id
    connection.account_username = tokens.username
    connection.account_object_id = tokens.object_id
    connection.refresh_token_sealed = vault.seal(
        refresh_token, bound_to=connection_binding(principal.organization_id)
    )
    connection.scopes = " ".join(SIGN_IN_SCOPES)
    connection.connected_at = now
    connection.connected_by_member_id = principal.member_id
    connection.connected_by_label = principal.label
    connection.last_refreshed_at = now
    connection.reauth_reason = None
    connection.reauth_root_cause = None
    await save_check(db, connection, found)


async def finish(
    db: AsyncSession,
    principal: Principal,
    *,
    settings: Settings,
    vault: TokenVault,
    http: httpx.AsyncClient,
    state: str | None,
    code: str | None,
    error: str | None,
) -> Outcome:
    """The sign-in's outcome; a refusal sets `error` and `message` instead of raising.

    A refusal does not undo the spent state: the caller's transaction commits it either way.
    """
    try:
        return await _finish(
            db,
            principal,
            settings=settings,
            vault=vault,
            http=http,
            state=state,
            code=code,
            error=error,
        )
    except SignInRefused as refused:
        return Outcome(
            return_to=await _return_to(db, state), error=refused.code, message=refused.message
        )


async def _return_to(db: AsyncSession, state: str | None) -> str:
    """Where the sign-in that `state` started wanted to end up, or the portal."""
    if not state:
        return "portal"
    found = await db.scalar(
        select(OAuthState.return_to).where(OAuthState.state_hash == digest(state))
    )
    return found or "portal"


async def _finish(
    db: AsyncSession,
    principal: Principal,
    *,
    settings: Settings,
    vault: TokenVault,
    http: httpx.AsyncClient,
    state: str | None,
    code: str | None,
    error: str | None,
) -> Outcome:
    row = await _spend_state(db, state, principal)
    if row.purpose is OAuthPurpose.individual or row.code_verifier_sealed is None:
        # An admin consent's state answers only the admin consent's callback.
        raise SignInRefused("state_unknown", "This sign-in was not started here. Start again.")
    outcome = Outcome(return_to=row.return_to, purpose=row.purpose)
    if error:
        declined = error == "access_denied"
        raise SignInRefused(
            "consent_declined" if declined else "sign_in_failed",
            "The Microsoft sign-in was cancelled or consent was declined."
            if declined
            else f"Microsoft answered the sign-in with '{error[:60]}'.",
        )
    if not code:
        raise SignInRefused("code_missing", "The sign-in answer carried no code.")
    verifier = vault.open(row.code_verifier_sealed, bound_to=oauth_state_binding(row.state_hash))
    try:
        tokens = await identity_client(http, settings).redeem_code(
            code=code,
            redirect_uri=redirect_uri(settings),
            code_verifier=verifier,
            scopes=REDEEM_SCOPES,
        )
    except MicrosoftError as exc:
        raise SignInRefused(exc.root_cause.label, exc.root_cause.explanation) from exc
    refresh_token, found = await _check_account(http, settings, tokens)
    await _store(db, principal, vault, tokens, refresh_token, row.purpose, found)
    outcome.account = tokens.username
    return outcome
