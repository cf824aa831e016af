"""openapi.yaml is generated from the app and committed; the two must not drift."""

from __future__ import annotations

from pathlib import Path

import yaml

from api.cli import openapi_document

ROOT = Path(__file__).resolve().parent.parent


def test_committed_openapi_matches_the_app() -> None:
    committed = (ROOT / "openapi.yaml").read_text()
    assert yaml.safe_load(committed) == yaml.safe_load(openapi_document()), (
        "openapi.yaml is stale: run `petra openapi -o openapi.yaml`"
    )


def test_every_operation_has_a_stable_id_a_tag_and_a_summary() -> None:
    schema = yaml.safe_load(openapi_document())
    seen: set[str] = set()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            assert operation.get("operationId"), where
            assert operation["operationId"] not in seen, where
            seen.add(operation["operationId"])
            assert len(operation.get("tags", [])) == 1, where
            assert operation.get("summary"), where
            if path.startswith("/api/") and path != "/api/v1/auth/login":
                assert path.startswith("/api/v1/"), where
