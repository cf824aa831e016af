from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from sqlalchemy import select

from api.audit.service import describe_failure, record
from api.auth.models import ApiKey
from api.auth.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyOut
from api.auth.security import digest, new_api_key
from api.db import DbSession, utcnow
from api.deps import require
from api.errors import NotFound
from api.permissions import Action, Principal

router = APIRouter(prefix="/api-keys", tags=["api-keys"])


@router.get("", operation_id="list_api_keys", summary="List API keys (never their secrets)")
async def list_api_keys(
    db: DbSession, principal: Principal = require(Action.api_keys_read)
) -> list[ApiKeyOut]:
    rows = await db.execute(
        select(ApiKey)
        .where(ApiKey.organization_id == principal.organization_id)
        .order_by(ApiKey.created_at, ApiKey.id)
    )
    return [ApiKeyOut.model_validate(k) for k in rows.scalars()]


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
    prefix, secret = new_api_key()
    key = ApiKey(
        organization_id=principal.organization_id,
        name=body.name,
        prefix=prefix,
        key_hash=digest(secret),
        scope=body.scope,
        created_by_member_id=principal.member_id,
    )
    db.add(key)
    await db.flush()
    record(
        db,
        request,
        "api_key.create",
        target_type="api_key",
        target_id=key.id,
        details={"name": key.name, "scope": key.scope.value},
    )
    return ApiKeyCreated(**ApiKeyOut.model_validate(key).model_dump(), key=secret)


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
    key = (
        await db.execute(
            select(ApiKey).where(
                ApiKey.id == key_id, ApiKey.organization_id == principal.organization_id
            )
        )
    ).scalar_one_or_none()
    if key is None:
        raise NotFound("No such API key.", code="api_key_not_found")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    record(db, request, "api_key.revoke", target_type="api_key", target_id=key.id)
