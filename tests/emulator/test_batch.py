"""Graph JSON batching semantics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from emulator import catalog
from tests.emulator.conftest import Emu, customers


@pytest.fixture
async def headers(emu: Emu, partner_rt: str) -> dict[str, str]:
    tenant = customers(await emu.truth(), consented=True, covered=catalog.CONSENT_CAPABLE_ROLES)[0]
    return await emu.bearer(partner_rt, tenant=tenant["tenantId"])


async def batch(
    emu: Emu, headers: dict[str, str], requests: Sequence[Mapping[str, object]]
) -> tuple[int, dict[str, Any]]:
    resp = await emu.client.post("/graph/v1.0/$batch", json={"requests": requests}, headers=headers)
    return resp.status_code, resp.json()


class TestBatch:
    async def test_members_answer_individually(self, emu: Emu, headers: dict[str, str]) -> None:
        status, body = await batch(
            emu,
            headers,
            [
                {
                    "id": "1",
                    "method": "GET",
                    "url": "/users/$count",
                    "headers": {"ConsistencyLevel": "eventual"},
                },
                {"id": "2", "method": "GET", "url": "users/$count"},
                {"id": "3", "method": "GET", "url": "/organization?$select=id"},
            ],
        )
        assert status == 200
        by_id = {r["id"]: r for r in body["responses"]}
        assert by_id["1"]["status"] == 200
        assert int(by_id["1"]["body"]) > 0
        assert by_id["2"]["status"] == 400
        assert by_id["2"]["body"]["error"]["code"] == "Request_BadRequest"
        assert by_id["3"]["headers"]["content-type"].startswith("application/json")

    async def test_more_than_twenty_is_rejected(self, emu: Emu, headers: dict[str, str]) -> None:
        requests = [{"id": str(i), "method": "GET", "url": "/organization"} for i in range(21)]
        status, body = await batch(emu, headers, requests)
        assert status == 400
        assert body["error"]["code"] == "BadRequest"

    async def test_duplicate_ids_are_rejected(self, emu: Emu, headers: dict[str, str]) -> None:
        status, _ = await batch(
            emu, headers, [{"id": "1", "method": "GET", "url": "/organization"}] * 2
        )
        assert status == 400

    async def test_body_without_content_type_is_rejected(
        self, emu: Emu, headers: dict[str, str]
    ) -> None:
        status, _ = await batch(
            emu,
            headers,
            [{"id": "1", "method": "POST", "url": "/servicePrincipals", "body": {"appId": "x"}}],
        )
        assert status == 400

    async def test_failed_dependency_is_424(self, emu: Emu, headers: dict[str, str]) -> None:
        _status, body = await batch(
            emu,
            headers,
            [
                {"id": "a", "method": "GET", "url": "/servicePrincipals/does-not-exist"},
                {"id": "b", "method": "GET", "url": "/organization", "dependsOn": ["a"]},
            ],
        )
        by_id = {r["id"]: r for r in body["responses"]}
        assert by_id["a"]["status"] == 404
        assert by_id["b"]["status"] == 424

    async def test_member_level_429_inside_200(self, emu: Emu, headers: dict[str, str]) -> None:
        await emu.client.post(
            "/_emulator/faults",
            json={"path": "/graph/v1.0/organization", "rate_429": 1.0, "retry_after": [2.128]},
        )
        status, body = await batch(
            emu,
            headers,
            [
                {"id": "1", "method": "GET", "url": "/organization"},
                {"id": "2", "method": "GET", "url": "/domains"},
            ],
        )
        by_id = {r["id"]: r for r in body["responses"]}
        assert status == 200
        assert by_id["1"]["status"] == 429
        assert by_id["1"]["headers"]["retry-after"] == "2.128"
        assert by_id["1"]["body"]["error"]["code"] == "TooManyRequests"
        assert by_id["2"]["status"] == 200
