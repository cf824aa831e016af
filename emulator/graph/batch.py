"""Graph JSON batching: up to 20 members, dependsOn with 424, per-member status and headers."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from emulator.errors import GraphError, graph_body, request_id
from emulator.graph.common import emulator_state, json_body

router = APIRouter()
MAX_REQUESTS = 20
METHODS = {"GET", "POST", "PATCH", "PUT", "DELETE"}
_MEMBER_HEADERS = ("content-type", "location", "retry-after", "etag", "odata-version")
_FORWARDED = ("authorization", "client-request-id", "consistencylevel", "prefer")


def _validate(body: dict[str, Any]) -> list[dict[str, Any]]:
    members = body.get("requests")
    if not isinstance(members, list) or not members:
        raise GraphError(400, "BadRequest", "Invalid batch payload format.")
    if len(members) > MAX_REQUESTS:
        raise GraphError(
            400,
            "BadRequest",
            f"Number of batch request steps exceeds the maximum of {MAX_REQUESTS}.",
        )
    ids: set[str] = set()
    for member in members:
        if not isinstance(member, dict) or not member.get("id") or not member.get("url"):
            raise GraphError(400, "BadRequest", "Each batch request step needs an id and a url.")
        if str(member.get("method", "")).upper() not in METHODS:
            raise GraphError(400, "BadRequest", "Invalid method in batch request step.")
        if str(member["id"]) in ids:
            raise GraphError(400, "BadRequest", "Batch request contains duplicate Id.")
        ids.add(str(member["id"]))
        headers = {k.lower() for k in (member.get("headers") or {})}
        if "body" in member and "content-type" not in headers:
            raise GraphError(
                400, "BadRequest", "Content-Type header missing in batch request step with a body."
            )
    for member in members:
        for dep in member.get("dependsOn") or []:
            if str(dep) not in ids or str(dep) == str(member["id"]):
                raise GraphError(400, "BadRequest", f"Invalid dependsOn value '{dep}'.")
    return members


def _relative(url: str) -> str:
    path = url.lstrip("/")
    for prefix in ("v1.0/", "beta/"):
        if path.startswith(prefix):
            return path[len(prefix) :]
    return path


async def _run_member(
    client: httpx.AsyncClient, member: dict[str, Any], outer: dict[str, str]
) -> dict[str, Any]:
    headers = dict(outer)
    headers.update({str(k): str(v) for k, v in (member.get("headers") or {}).items()})
    content = None
    if "body" in member:
        body = member["body"]
        content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    resp = await client.request(
        str(member["method"]).upper(),
        "/graph/v1.0/" + _relative(str(member["url"])),
        headers=headers,
        content=content,
    )
    result: dict[str, Any] = {
        "id": str(member["id"]),
        "status": resp.status_code,
        "headers": {k: v for k, v in resp.headers.items() if k.lower() in _MEMBER_HEADERS},
    }
    if resp.content:
        is_json = "json" in resp.headers.get("content-type", "")
        result["body"] = resp.json() if is_json else resp.text
    return result


def _failed_dependency(member: dict[str, Any], rid: str) -> dict[str, Any]:
    return {
        "id": str(member["id"]),
        "status": 424,
        "headers": {"Content-Type": "application/json"},
        "body": graph_body("FailedDependency", "Request failed due to a failed dependency.", rid),
    }


@router.post("/$batch")
async def batch(request: Request) -> JSONResponse:
    members = _validate(await json_body(request))
    state = emulator_state(request)
    outer = {k: v for k, v in request.headers.items() if k.lower() in _FORWARDED}
    done: dict[str, dict[str, Any]] = {}
    pending = list(members)
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url=state.public_url) as client:
        while pending:
            ready = [m for m in pending if all(str(d) in done for d in m.get("dependsOn") or [])]
            if not ready:
                raise GraphError(400, "BadRequest", "Circular dependsOn in batch request.")
            pending = [m for m in pending if m not in ready]
            runs = []
            for member in ready:
                deps = [done[str(d)] for d in member.get("dependsOn") or []]
                if any(d["status"] >= 400 for d in deps):
                    done[str(member["id"])] = _failed_dependency(member, request_id(request))
                else:
                    runs.append(member)
            results = await asyncio.gather(*(_run_member(client, m, outer) for m in runs))
            done.update({r["id"]: r for r in results})
    return JSONResponse({"responses": [done[str(m["id"])] for m in members]})
