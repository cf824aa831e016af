"""Settings, read from the environment in this one place."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105 - the refused default
# Fernet key used only by the embedded local run; production must set its own.
DEV_TOKEN_KEY = "ZGV2LW9ubHktdG9rZW4tZW5jcnlwdGlvbi1rZXktMzI="  # noqa: S105

PLAIN_POSTGRES_SCHEMES = ("postgresql", "postgres")
NO_DATABASE = (
    "DATABASE_URL is not set: run `petra dev` and export the PostgreSQL URL it prints as "
    "DATABASE_URL, or point DATABASE_URL at your server (postgresql://user:password@host/db)"
)

MICROSOFT_LOGIN_URL = "https://login.microsoftonline.com"
MICROSOFT_GRAPH_URL = "https://graph.microsoft.com"
MICROSOFT_PARTNER_CENTER_URL = "https://api.partnercenter.microsoft.com"
MICROSOFT_ADMIN_CENTER_URL = "https://admin.microsoft.com"
MICROSOFT_MANAGEMENT_URL = "https://manage.office.com"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str | None = None
    redis_url: str | None = None
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    public_base_url: str = "http://127.0.0.1:8000"
    token_encryption_keys: SecretStr = SecretStr(DEV_TOKEN_KEY)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = True
    data_dir: str = ".petra"

    session_idle_timeout_seconds: int = Field(default=30 * 60, ge=60)
    session_absolute_timeout_seconds: int = Field(default=12 * 3600, ge=300)
    login_rate_limit_attempts: int = Field(default=5, ge=1)
    login_rate_limit_window_seconds: int = Field(default=60, ge=1)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Each start of a Partner Center sign-in stores a one-time state: a member gets this many.
    partner_center_connect_rate_limit_attempts: int = Field(default=10, ge=1)
    partner_center_connect_rate_limit_window_seconds: int = Field(default=600, ge=1)

    # Comma-separated IPs/CIDRs. Only a peer in this list may say who the client is
    # (X-Forwarded-For/-Proto); without one, the socket's peer is the client.
    trusted_proxies: str = ""
    # /metrics is served to a bearer of this token, or to a peer in these networks; else 404.
    metrics_token: SecretStr = SecretStr("")
    metrics_allow_networks: str = ""

    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=5, ge=0)
    worker_max_jobs: int = Field(default=10, ge=1)
    # Microsoft calls a worker process makes at once for a sync (tenants at once for the other
    # per-tenant work), and the tenants one job carries. A sync's tenants all start with their
    # job and wait for a slot per call; at 100 a job and 10 jobs a worker, a first sync of up
    # to 1,000 tenants has every tenant's first user page out early (api/operations/pace.py).
    sync_concurrency: int = Field(default=25, ge=1, le=1000)
    sync_batch_size: int = Field(default=100, ge=1, le=1000)
    # How long a sync's GDAP listing keeps waiting out Microsoft's throttling (Retry-After),
    # going on from the page it reached, before the sync fails with the throttling as its cause.
    sync_listing_deadline_seconds: float = Field(default=600, ge=1, le=3600)

    ms_login_url: str = MICROSOFT_LOGIN_URL
    ms_graph_url: str = MICROSOFT_GRAPH_URL
    ms_partner_center_url: str = MICROSOFT_PARTNER_CENTER_URL
    ms_admin_center_url: str = MICROSOFT_ADMIN_CENTER_URL
    # The Office 365 Management Activity API (unified audit log), read by Petra Scan.
    ms_management_url: str = MICROSOFT_MANAGEMENT_URL
    ms_client_id: str = ""
    ms_client_secret: SecretStr = SecretStr("")

    @field_validator("database_url")
    @classmethod
    def _asyncpg_driver(cls, value: str | None) -> str | None:
        # The plain URL psql and `petra dev` print means PostgreSQL, reached through asyncpg:
        # SQLAlchemy would otherwise pick psycopg2, which is not installed.
        if value:
            scheme, sep, rest = value.partition("://")
            if sep and scheme in PLAIN_POSTGRES_SCHEMES:
                return f"postgresql+asyncpg://{rest}"
        return value

    @field_validator("trusted_proxies", "metrics_allow_networks")
    @classmethod
    def _networks(cls, value: str) -> str:
        for entry in _entries(value):
            ipaddress.ip_network(entry, strict=False)  # a ValueError names the bad entry
        return value

    @property
    def trusted_proxy_list(self) -> list[str]:
        # Normalized: uvicorn reads 10.0.0.1/8 as a host name, not as the network 10.0.0.0/8.
        return [str(ipaddress.ip_network(e, strict=False)) for e in _entries(self.trusted_proxies)]

    @property
    def metrics_networks(self) -> list[IPv4Network | IPv6Network]:
        return [
            ipaddress.ip_network(e, strict=False) for e in _entries(self.metrics_allow_networks)
        ]

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> Settings:
        if self.environment != "production":
            return self
        problems = []
        if self.secret_key.get_secret_value() in ("", DEV_SECRET_KEY):
            problems.append("SECRET_KEY must be set to a secret of your own")
        elif len(self.secret_key.get_secret_value()) < 32:
            problems.append("SECRET_KEY must be at least 32 characters")
        if self.token_encryption_keys.get_secret_value() in ("", DEV_TOKEN_KEY):
            problems.append("TOKEN_ENCRYPTION_KEYS must be set to keys of your own")
        if not self.database_url:
            problems.append("DATABASE_URL must be set")
        if not self.redis_url:
            problems.append("REDIS_URL must be set")
        if not self.ms_client_secret.get_secret_value() and self.ms_client_id:
            problems.append("MS_CLIENT_SECRET must be set when MS_CLIENT_ID is")
        if problems:
            raise ValueError("refusing to start in production: " + "; ".join(problems))
        return self

    @property
    def secure_cookies(self) -> bool:
        return self.public_base_url.startswith("https://")

    @property
    def session_cookie_name(self) -> str:
        # The __Host- prefix is only accepted by browsers on secure cookies.
        return "__Host-petra_session" if self.secure_cookies else "petra_session"

    def require_database_url(self) -> str:
        if not self.database_url:
            raise RuntimeError(NO_DATABASE)
        return self.database_url

    def require_redis_url(self) -> str:
        if not self.redis_url:
            raise RuntimeError("REDIS_URL is not set (petra dev starts an embedded Redis)")
        return self.redis_url


def _entries(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(",") if entry.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
