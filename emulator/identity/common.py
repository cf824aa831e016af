"""Helpers shared by the authorize, admin consent and token endpoints."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from emulator.errors import TENANT_KEY
from emulator.identity import pages
from emulator.model import Tenant
from emulator.state import EmulatorState

GENERIC_TENANTS = ("common", "organizations")


def state_of(request: Request) -> EmulatorState:
    state = request.app.state.emulator
    assert isinstance(state, EmulatorState)
    return state


def resolve_tenant(request: Request, key: str) -> Tenant | None:
    """None for common/organizations; raises nothing, callers decide the error."""
    state = state_of(request)
    tenant = state.world.tenant(key)
    request.scope[TENANT_KEY] = tenant.id if tenant else key.lower()
    return tenant


def redirect(uri: str, fields: dict[str, str], mode: str = "query") -> Response:
    if mode == "form_post":
        return pages.form_post(uri, fields)
    parts = urlsplit(uri)
    encoded = urlencode(fields)
    if mode == "fragment":
        return RedirectResponse(urlunsplit(parts._replace(fragment=encoded)), status_code=302)
    query = f"{parts.query}&{encoded}" if parts.query else encoded
    return RedirectResponse(urlunsplit(parts._replace(query=query)), status_code=302)


def error_fields(error: str, code: int, description: str, state: str | None) -> dict[str, str]:
    fields = {"error": error, "error_description": f"AADSTS{code}: {description}"}
    if state is not None:
        fields["state"] = state
    return fields
