"""RS256 signing and verification of the emulator's access and id tokens."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

ACCESS_TOKEN_LIFETIME = 3599


class TokenInvalid(Exception):
    """The bearer token is malformed, badly signed, expired or for someone else."""


@functools.cache
def _signing_key() -> RSAKey:
    # One key per process: generating RSA keys is the slowest part of building an app.
    kid = uuid.uuid4().hex[:27]
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig"}, private=True)


def jwks() -> dict[str, Any]:
    public = _signing_key().as_dict(private=False)
    return {"keys": [{**public, "alg": "RS256", "x5t": public["kid"]}]}


def sign(claims: dict[str, Any]) -> str:
    key = _signing_key()
    header = {"alg": "RS256", "typ": "JWT", "kid": key.kid}
    return jwt.encode(header, claims, key)


def unverified_claims(token: str) -> dict[str, Any]:
    """Peek at a token's claims (for fault routing and counters only)."""
    try:
        payload = token.split(".")[1]
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@functools.lru_cache(maxsize=8192)
def _signed_claims(token: str) -> tuple[tuple[str, Any], ...]:
    """The claims of a token whose signature checks out, remembered like a resource server's
    validation cache: a token's signature never changes, so each is checked once. Lifetime and
    audience are still checked on every use."""
    try:
        return tuple(jwt.decode(token, _signing_key(), algorithms=["RS256"]).claims.items())
    except (JoseError, ValueError) as exc:
        raise TokenInvalid("Access token validation failure.") from exc


def verify(token: str, *, audiences: set[str], now: datetime) -> dict[str, Any]:
    claims = dict(_signed_claims(token))
    if claims.get("aud") not in audiences:
        raise TokenInvalid("Access token validation failure. Invalid audience.")
    stamp = now.timestamp()
    if int(claims.get("exp", 0)) <= stamp:
        raise TokenInvalid("Lifetime validation failed, the token is expired.")
    if int(claims.get("nbf", 0)) > stamp + 300:
        raise TokenInvalid("Lifetime validation failed, the token is not yet valid.")
    return claims


@dataclass
class Issued:
    access_token: str
    expires_in: int
    scope: str


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def client_info(oid: str, tid: str) -> str:
    raw = json.dumps({"uid": oid, "utid": tid}).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
