"""Shared Graph plumbing: bearer-token callers, permission checks, OData helpers."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import quote, urlencode

from fastapi import Request

from emulator import catalog
from emulator.errors import TENANT_KEY, GraphError
from emulator.model import Tenant, User
from emulator.state import EmulatorState, World
from emulator.tokens import TokenInvalid, verify

GRAPH_AUDIENCES = {catalog.GRAPH_RESOURCE, catalog.GRAPH_APP_ID}
DENIED = "Insufficient privileges to complete the operation."
READ_ANY = frozenset(catalog.ROLES)


def emulator_state(request: Request) -> EmulatorState:
    state = request.app.state.emulator
    assert isinstance(state, EmulatorState)
    return state


@dataclass
class Caller:
    tenant: Tenant
    app_id: str
    user: User | None
    scopes: set[str] = field(default_factory=set)
    app_roles: set[str] = field(default_factory=set)
    directory_roles: set[str] = field(default_factory=set)

    def require(
        self,
        scopes: Iterable[str],
        roles: Iterable[str] = READ_ANY,
        also_scopes: Iterable[str] | None = None,
    ) -> None:
        """Delegated: a scope and a directory role; app-only: an app role."""
        granted = self.app_roles if self.user is None else self.scopes
        ok = bool(granted & set(scopes))
        if ok and also_scopes is not None:
            ok = bool(granted & set(also_scopes))
        if ok and self.user is not None:
            held = self.directory_roles
            ok = catalog.GLOBAL_ADMIN in held or bool(held & set(roles))
        if not ok:
            raise GraphError(403, "Authorization_RequestDenied", DENIED)


def _unauthorized(message: str) -> GraphError:
    return GraphError(
        401,
        "InvalidAuthenticationToken",
        message,
        headers={"WWW-Authenticate": 'Bearer realm="", error="invalid_token"'},
    )


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("Access token is empty.")
    return token.strip()


def graph_caller(request: Request) -> Caller:
    state = emulator_state(request)
    try:
        claims = verify(bearer(request), audiences=GRAPH_AUDIENCES, now=state.now())
    except TokenInvalid as exc:
        raise _unauthorized(str(exc)) from exc
    world = state.world
    world.tick(state.now())
    tenant = world.tenants.get(str(claims.get("tid", "")))
    if tenant is None:
        raise _unauthorized("Access token validation failure. Invalid tenant.")
    request.scope[TENANT_KEY] = tenant.id
    caller = Caller(tenant=tenant, app_id=str(claims.get("appid", "")), user=None)
    if claims.get("idtyp") == "app":
        caller.app_roles = set(claims.get("roles", []))
        return caller
    user = world.users.get(str(claims.get("oid", "")))
    if user is None:
        raise _unauthorized("Access token validation failure. Unknown user.")
    caller.user = user
    caller.scopes = set(str(claims.get("scp", "")).split())
    caller.directory_roles = world.roles_in(user, tenant.id)
    if not caller.directory_roles and user.tenant_id != tenant.id:
        raise GraphError(403, "Authorization_RequestDenied", DENIED)
    return caller


def partner_caller(request: Request, *, write: bool) -> tuple[Caller, World]:
    """GDAP APIs: only partner-tenant callers who are Admin agents."""
    caller = graph_caller(request)
    world = emulator_state(request).world
    scopes = ["DelegatedAdminRelationship.ReadWrite.All"]
    if not write:
        scopes.append("DelegatedAdminRelationship.Read.All")
    granted = caller.app_roles if caller.user is None else caller.scopes
    allowed = caller.tenant.is_partner and bool(granted & set(scopes))
    if allowed and caller.user is not None:
        allowed = world.is_admin_agent(caller.user.id)
    if not allowed:
        raise GraphError(403, "Authorization_RequestDenied", DENIED)
    return caller, world


async def json_body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError as exc:
        raise GraphError(400, "BadRequest", "Unable to read JSON request payload.") from exc
    if not isinstance(body, dict):
        raise GraphError(400, "BadRequest", "Unable to read JSON request payload.")
    return body


def encode_skiptoken(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_skiptoken(token: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        kind, _, value = raw.partition(":")
        if kind != "o":
            raise ValueError(raw)
        return max(0, int(value))
    except ValueError as exc:
        raise GraphError(400, "BadRequest", "Invalid $skiptoken.") from exc


def select(item: dict[str, Any], fields: str | None) -> dict[str, Any]:
    if not fields:
        return item
    wanted = {f.strip().lower() for f in fields.split(",") if f.strip()}
    keep = {k: v for k, v in item.items() if k.lower() in wanted or k.startswith("@odata.")}
    return keep


def parse_filter(expr: str, fields: dict[str, str]) -> list[tuple[str, set[str]]]:
    """`a eq 'x'`, `a in ('x','y')`, joined by `and`; field names map to item keys."""
    clauses: list[tuple[str, set[str]]] = []
    for part in _split_and(expr):
        name, op, rest = ([*part.strip().split(None, 2), "", ""])[:3]
        key = fields.get(name.lower())
        if key is None or op.lower() not in ("eq", "in"):
            raise GraphError(400, "BadRequest", f"Invalid filter clause: {part.strip()}")
        values = _literals(rest, op.lower() == "in")
        clauses.append((key, {v.lower() for v in values}))
    return clauses


def _split_and(expr: str) -> list[str]:
    parts, depth, start, lower = [], 0, 0, expr.lower()
    i = 0
    while i < len(expr):
        ch = expr[i]
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and lower.startswith(" and ", i):
            parts.append(expr[start:i])
            start = i + 5
            i += 5
            continue
        i += 1
    parts.append(expr[start:])
    return parts


def _literals(text: str, many: bool) -> list[str]:
    text = text.strip()
    if many:
        if not (text.startswith("(") and text.endswith(")")):
            raise GraphError(400, "BadRequest", "Invalid filter clause: expected a list.")
        items = [t.strip() for t in text[1:-1].split(",") if t.strip()]
    else:
        items = [text]
    out = []
    for item in items:
        if len(item) < 2 or item[0] != "'" or item[-1] != "'":
            raise GraphError(400, "BadRequest", f"Invalid filter clause: {item}")
        out.append(item[1:-1].replace("''", "'"))
    return out


def matches(item: dict[str, Any], clauses: list[tuple[str, set[str]]]) -> bool:
    for key, values in clauses:
        value: Any = item
        for part in key.split("/"):
            value = value.get(part) if isinstance(value, dict) else None
        if str(value).lower() not in values:
            return False
    return True


def _as_is(item: Any) -> dict[str, Any]:
    return cast(dict[str, Any], item)


def page(
    items: Sequence[Any],
    request: Request,
    *,
    default_top: int,
    max_top: int,
    context: str,
    render: Callable[[Any], dict[str, Any]] = _as_is,
) -> dict[str, Any]:
    """Cut a page and build an absolute nextLink that repeats the query with a $skiptoken.

    `render` turns an item into its JSON; only the page's own items are rendered.
    """
    params = request.query_params
    top = default_top
    if "$top" in params:
        try:
            top = int(params["$top"])
        except ValueError as exc:
            raise GraphError(400, "BadRequest", "Invalid $top value.") from exc
        if top < 1 or top > max_top:
            raise GraphError(
                400, "BadRequest", f"The value of $top must be between 1 and {max_top}."
            )
    offset = decode_skiptoken(params["$skiptoken"]) if "$skiptoken" in params else 0
    chunk = items[offset : offset + top]
    body: dict[str, Any] = {"@odata.context": context}
    if params.get("$count", "").lower() == "true" and offset == 0:
        body["@odata.count"] = len(items)
    if offset + top < len(items):
        query = [(k, v) for k, v in params.multi_items() if k != "$skiptoken"]
        query.append(("$skiptoken", encode_skiptoken(offset + top)))
        base = emulator_state(request).public_url + request.url.path
        encoded = urlencode(query, safe="$'(),/", quote_via=quote)
        body["@odata.nextLink"] = f"{base}?{encoded}"
    body["value"] = [select(render(i), params.get("$select")) for i in chunk]
    return body
