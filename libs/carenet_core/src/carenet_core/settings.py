"""Settings base shared by every service and the gateway.

Shared values (environment, token verification) are read from `CARENET_*` variables; each service
adds its own under its own prefix (`CARENET_CASE_MGMT_*` …) by subclassing `ServiceSettings`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_SECRET = "carenet-dev-secret-change-me-0123456789"
Environment = Literal["dev", "test", "production"]


class CoreSettings(BaseSettings):
    """What every CareNet process needs: environment, token verification, logging."""

    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore")

    env: Environment = Field("dev", validation_alias="CARENET_ENV")
    jwt_secret: SecretStr = Field(SecretStr(DEV_JWT_SECRET), validation_alias="CARENET_JWT_SECRET")
    jwt_audience: str = Field("carenet", validation_alias="CARENET_JWT_AUDIENCE")
    jwt_issuer: str | None = Field(None, validation_alias="CARENET_JWT_ISSUER")
    jwks_url: str | None = Field(None, validation_alias="CARENET_JWKS_URL")
    jwt_algorithms: list[str] = Field(default_factory=lambda: ["HS256"], validation_alias="CARENET_JWT_ALGORITHMS")
    log_level: str = Field("INFO", validation_alias="CARENET_LOG_LEVEL")
    log_json: bool = Field(True, validation_alias="CARENET_LOG_JSON")
    data_dir: Path = Field(Path("var"), validation_alias="CARENET_DATA_DIR")

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> CoreSettings:
        if self.env == "production":
            if self.jwt_secret.get_secret_value() == DEV_JWT_SECRET and not self.jwks_url:
                raise ValueError("production needs CARENET_JWKS_URL or a non-default CARENET_JWT_SECRET")
            if self.jwks_url and not self.jwt_issuer:
                raise ValueError(
                    "production with CARENET_JWKS_URL needs CARENET_JWT_ISSUER (tokens of other issuers are refused)"
                )
            if self.jwks_url and "HS256" in self.jwt_algorithms:
                self.jwt_algorithms = [a for a in self.jwt_algorithms if a != "HS256"] or ["RS256", "ES256"]
        return self


class ServiceSettings(CoreSettings):
    """Base of each service's `Settings`; subclasses set `service_name`, `db_schema` and env_prefix."""

    service_name: ClassVar[str] = "service"
    db_schema: ClassVar[str] = "public"

    database_url: str | None = None
    # Four services share one PostgreSQL (max_connections 100 by default): 4 × (5 + 10) = 60 at most.
    db_pool_size: int = 5
    db_max_overflow: int = 10
    background_tasks: bool = True
    trail_verify_interval: float = 3600.0

    @model_validator(mode="after")
    def _default_database(self) -> ServiceSettings:
        if not self.database_url:
            shared = os.environ.get("DATABASE_URL")
            self.database_url = shared or f"sqlite+aiosqlite:///{self.data_dir / (self.db_schema + '.db')}"
        return self
