"""The API docs page: Swagger UI served from the installed `fastapi-offline` wheel.

FastAPI's own page loads Swagger UI from a CDN and boots it with an inline script. This one works
without the internet, and everything it runs comes from the portal's own origin, so its policy
needs neither a CDN nor a script hash.
"""

from __future__ import annotations

import html
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse, Response

DOCS_PATH = "/api/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"
INIT_SCRIPT_PATH = f"{DOCS_PATH}/init.js"

# Swagger UI reads its options from the page, so the script stays the same for every app.
_INIT_SCRIPT = """\
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
"""


def swagger_ui_dir() -> Path:
    """Swagger UI's dist files (swagger-ui-bundle.js, swagger-ui.css, favicon.png)."""
    return Path(str(files("fastapi_offline") / "static"))


def _page(title: str, openapi_url: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} - docs</title>
<link rel="icon" type="image/png" href="{ASSETS_PATH}/favicon.png">
<link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{html.escape(openapi_url)}"></div>
<script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="{INIT_SCRIPT_PATH}"></script>
</body>
</html>
"""


def install_docs(app: FastAPI) -> None:
    """Serve the docs page, its init script and Swagger UI's assets under DOCS_PATH.

    The app must be created with docs_url=None; call this before any catch-all route.
    """
    page = _page(app.title, app.openapi_url or "/openapi.json")
    app.mount(ASSETS_PATH, StaticFiles(directory=swagger_ui_dir()), name="docs-assets")

    @app.get(INIT_SCRIPT_PATH, include_in_schema=False)
    async def swagger_ui_init() -> Response:
        return Response(_INIT_SCRIPT, media_type="text/javascript")

    @app.get(DOCS_PATH, include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return HTMLResponse(page)
