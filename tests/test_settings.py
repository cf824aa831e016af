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


def test_trusted_proxies_and_metrics_networks_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.7/8, 192.0.2.1")
    monkeypatch.setenv("METRICS_ALLOW_NETWORKS", "10.1.0.0/16")
    settings = Settings()
    # uvicorn would take "10.0.0.7/8" for a host name: it gets the network instead.
    assert settings.trusted_proxy_list == ["10.0.0.0/8", "192.0.2.1/32"]
    assert [str(n) for n in settings.metrics_networks] == ["10.1.0.0/16"]


def test_no_proxy_is_trusted_by_default() -> None:
    assert Settings().trusted_proxy_list == []


@pytest.mark.parametrize("field", ["trusted_proxies", "metrics_allow_networks"])
def test_a_malformed_address_is_refused_at_start(field: str) -> None:
    with pytest.raises(ValidationError, match=r"proxy\.example\.com"):
        Settings.model_validate({field: "10.0.0.1, proxy.example.com"})


@pytest.mark.parametrize(
    "given",
    [
        "postgresql://postgres@127.0.0.1:5432/petra",
        "postgres://postgres@127.0.0.1:5432/petra",
        "postgresql+asyncpg://postgres@127.0.0.1:5432/petra",
    ],
)
def test_a_plain_postgresql_url_is_reached_through_asyncpg(given: str) -> None:
    settings = Settings(database_url=given)
    assert settings.require_database_url() == "postgresql+asyncpg://postgres@127.0.0.1:5432/petra"


def test_without_a_database_url_the_error_says_how_to_get_one() -> None:
    with pytest.raises(RuntimeError, match="petra dev") as error:
        Settings(database_url=None).require_database_url()
    assert "\n" not in str(error.value)
