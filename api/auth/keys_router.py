from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from api.audit.service import describe_failure, record
from api.auth import service
from api.auth.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyOut
from api.db import DbSession
from api.deps import require
from api.permissions import Action, Principal

router = APIRouter(prefix="/api-keys", tags=["api-keys"])


@router.get("", operation_id="list_api_keys", summary="List API keys (never their secrets)")
async def list_api_keys(
    db: DbSession, principal: Principal = require(Action.api_keys_read)
) -> list[ApiKeyOut]:
    return await service.list_api_keys(db, principal.organization_id)


@router.post(
    "",
    operation_id="create_api_key",
    summary="Create an API key; its secret is shown once",
    status_code=201,
)
async def create_api_key(
    body: ApiKeyCreate,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.api_keys_manage),
) -> ApiKeyCreated:
    describe_failure(request, action="api_key.create", target_type="api_key")
    created = await service.create_api_key(db, principal, body.name, body.scope)
    record(
        db,
        request,
        "api_key.create",
        target_type="api_key",
        target_id=created.id,
        details={"name": created.name, "scope": created.scope.value},
    )
    return created


@router.delete(
    "/{key_id}", operation_id="revoke_api_key", summary="Revoke an API key", status_code=204
)
async def revoke_api_key(
    key_id: uuid.UUID,
    request: Request,
    db: DbSession,
    principal: Principal = require(Action.api_keys_manage),
) -> None:
    describe_failure(request, action="api_key.revoke", target_type="api_key", target_id=key_id)
    await service.revoke_api_key(db, principal.organization_id, key_id)
    record(db, request, "api_key.revoke", target_type="api_key", target_id=key_id)
