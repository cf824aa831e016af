"""How the identity platform reads a `scope` parameter."""

from __future__ import annotations

from dataclasses import dataclass

from emulator import catalog
from emulator.catalog import ResourceApp
from emulator.errors import IdentityError


@dataclass
class ScopeRequest:
    oidc: set[str]
    by_resource: dict[str, list[str]]
    order: list[str]

    @property
    def first(self) -> str | None:
        return self.order[0] if self.order else None


def _resource_for(prefix: str) -> ResourceApp | None:
    prefix = prefix.rstrip("/")
    return catalog.RESOURCE_BY_URI.get(prefix) or catalog.RESOURCE_APPS.get(prefix.lower())


def parse(raw: str) -> ScopeRequest:
    """Group scopes by resource app id, keeping the order resources first appear in."""
    result = ScopeRequest(oidc=set(), by_resource={}, order=[])
    for scope in raw.split():
        if scope in catalog.OIDC_SCOPES:
            result.oidc.add(scope)
            continue
        prefix, _, name = scope.rpartition("/")
        resource = _resource_for(prefix) if prefix else catalog.RESOURCE_APPS[catalog.GRAPH_APP_ID]
        if resource is None or not name:
            raise IdentityError(
                "invalid_scope",
                70011,
                f"The provided value for the input parameter 'scope' is not valid. The scope "
                f"{scope} is not valid.",
            )
        if resource.app_id not in result.by_resource:
            result.by_resource[resource.app_id] = []
            result.order.append(resource.app_id)
        result.by_resource[resource.app_id].append(name)
    return result


def known_names(resource_app_id: str) -> set[str]:
    app = catalog.RESOURCE_APPS[resource_app_id]
    return {s["value"] for s in app.scopes} | {".default"}
