from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.settings import DEV_SECRET_KEY, Settings

STRONG = "s" * 40
KEY = "q6fK3n0bZr9o1vJ1lJ8b4VnQ2m7a5c0d9e8f7g6h5i4="


def test_production_refuses_default_secrets() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(
            environment="production",
            secret_key=DEV_SECRET_KEY,
            token_encryption_keys=KEY,
            database_url="postgresql+asyncpg://db/petra",
            redis_url="redis://redis",
        )


def test_production_refuses_empty_encryption_keys_and_missing_services() -> None:
    with pytest.raises(ValidationError) as error:
        Settings(environment="production", secret_key=STRONG, token_encryption_keys="")
    message = str(error.value)
    assert "TOKEN_ENCRYPTION_KEYS" in message
    assert "DATABASE_URL" in message
    assert "REDIS_URL" in message


def test_production_starts_with_real_secrets() -> None:
    settings = Settings(
        environment="production",
        secret_key=STRONG,
        token_encryption_keys=KEY,
        database_url="postgresql+asyncpg://db/petra",
        redis_url="redis://redis",
        public_base_url="https://portal.example.com",
    )
    assert settings.secure_cookies
    assert settings.session_cookie_name.startswith("__Host-")


def test_development_uses_plain_cookie_over_http() -> None:
    settings = Settings(environment="development")
    assert not settings.secure_cookies
    assert settings.session_cookie_name == "petra_session"
