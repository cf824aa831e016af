"""/api/docs works without the internet and under the policy the app sends with it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx
import pytest


class _Page(HTMLParser):
    """What a browser would fetch and run for the page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str | None] = []
        self.inline_scripts: list[str] = []
        self.assets: list[str] = []
        self.openapi_url: str | None = None
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(found.get("src"))
            self._in_script = True
        self.openapi_url = found.get("data-openapi-url") or self.openapi_url
        for name in ("src", "href"):
            if found.get(name):
                self.assets.append(str(found[name]))
        if any(name.startswith("on") for name in found):
            self.inline_scripts.append(f"<{tag}> event handler attribute")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def _policy(response: httpx.Response) -> dict[str, list[str]]:
    directives = (d.split() for d in response.headers["content-security-policy"].split(";"))
    return {d[0]: d[1:] for d in directives if d}


async def _page(anon: httpx.AsyncClient) -> tuple[httpx.Response, _Page]:
    response = await anon.get("/api/docs")
    assert response.status_code == 200
    page = _Page()
    page.feed(response.text)
    return response, page


class TestDocsPage:
    async def test_references_only_its_own_origin(self, anon: httpx.AsyncClient) -> None:
        response, page = await _page(anon)
        assert page.assets
        for url in page.assets:
            parts = urlsplit(url)
            assert not parts.scheme, url
            assert not parts.netloc, url
            assert url.startswith("/api/docs/"), url
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", response.text, re.I)

    async def test_every_script_is_a_same_origin_file_the_policy_allows(
        self, anon: httpx.AsyncClient
    ) -> None:
        response, page = await _page(anon)
        assert page.inline_scripts == []
        assert page.scripts
        assert all(src and src.startswith("/") for src in page.scripts)
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"]
        assert "'self'" in policy["style-src"]
        assert "'self'" in policy["connect-src"]

    @pytest.mark.parametrize(
        ("asset", "content_type"),
        [
            ("swagger-ui-bundle.js", "javascript"),
            ("swagger-ui.css", "text/css"),
            ("favicon.png", "image/png"),
        ],
    )
    async def test_swagger_ui_is_served_by_the_portal(
        self, anon: httpx.AsyncClient, asset: str, content_type: str
    ) -> None:
        _, page = await _page(anon)
        url = next(a for a in page.assets if a.endswith(f"/{asset}"))
        response = await anon.get(url)
        assert response.status_code == 200
        assert content_type in response.headers["content-type"]
        assert len(response.content) > 100
        assert _policy(response)["frame-ancestors"] == ["'none'"]

    async def test_the_init_script_loads_the_contract_the_page_names(
        self, anon: httpx.AsyncClient
    ) -> None:
        _, page = await _page(anon)
        init = next(s for s in page.scripts if s and not s.endswith("swagger-ui-bundle.js"))
        script = await anon.get(init)
        assert script.status_code == 200
        assert "javascript" in script.headers["content-type"]
        assert "SwaggerUIBundle(" in script.text
        assert page.openapi_url == "/api/openapi.json"
        contract = await anon.get(page.openapi_url)
        assert contract.status_code == 200
        assert contract.json()["info"]["title"] == "Petra Portal API"

    async def test_a_missing_asset_is_a_404(self, anon: httpx.AsyncClient) -> None:
        assert (await anon.get("/api/docs/assets/nothing-here.js")).status_code == 404
