"""The API's routes as data: matrix tests cover every route the app has, not a hand-kept list."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api.main import API_PREFIX, API_ROUTERS
from api.permissions import Action

PUBLIC_OPERATIONS = frozenset({"login"})


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    name: str
    action: Action | None

    @property
    def id_params(self) -> list[str]:
        return [p.strip("{}") for p in self.path.split("/") if p.startswith("{")]


def _action_of(route: APIRoute) -> Action | None:
    actions = []
    for dependency in route.dependant.dependencies:
        action = getattr(dependency.call, "action", None)
        if isinstance(action, Action):
            actions.append(action)
    assert len(actions) <= 1, f"{route.name} declares {len(actions)} permissions"
    return actions[0] if actions else None


def api_routes(app: FastAPI) -> list[Route]:
    routes = []
    for router in API_ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            for method in sorted(route.methods or ()):
                routes.append(Route(method, API_PREFIX + route.path, route.name, _action_of(route)))
    documented = {
        (method.upper(), path)
        for path, item in app.openapi()["paths"].items()
        for method in item
        if path.startswith(API_PREFIX)
    }
    # The routers walked here must be exactly the ones the app serves.
    assert {(r.method, r.path) for r in routes} == documented
    return routes
