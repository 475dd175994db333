"""Settings base shared by every service and the gateway.

Shared values (environment, token verification) are read from `CARENET_*` variables; each service
adds its own under its own prefix (`CARENET_CASE_MGMT_*` …) by subclassing `ServiceSettings`.
"""

from __future__ import annotations

import os
from datetime import datetime
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
    jwt_previous_secret: SecretStr | None = Field(
        None,
        validation_alias="CARENET_JWT_PREVIOUS_SECRET",
        description="HS256 rotation: the secret being retired, still accepted (never used to sign) until `CARENET_JWT_PREVIOUS_SECRET_UNTIL`.",
    )
    jwt_previous_secret_until: datetime | None = Field(
        None,
        validation_alias="CARENET_JWT_PREVIOUS_SECRET_UNTIL",
        description="End of the rotation window (RFC 3339 with offset); required in production when a previous secret is set.",
    )
    jwt_audience: str = Field("carenet", validation_alias="CARENET_JWT_AUDIENCE")
    jwt_issuer: str | None = Field(None, validation_alias="CARENET_JWT_ISSUER")
    jwks_url: str | None = Field(None, validation_alias="CARENET_JWKS_URL")
    jwt_algorithms: list[str] = Field(default_factory=lambda: ["HS256"], validation_alias="CARENET_JWT_ALGORITHMS")
    oidc_issuer: str | None = Field(
        None,
        validation_alias="CARENET_OIDC_ISSUER",
        description="The OpenID provider: keys found by discovery (`{issuer}/.well-known/openid-configuration` → `jwks_uri`); also the required `iss`.",
    )
    jwks_refresh_seconds: float = Field(
        300.0,
        gt=0,
        validation_alias="CARENET_JWKS_REFRESH_SECONDS",
        description="Age after which the provider's keys are refetched in the background (a withdrawn key is trusted at most this long).",
    )
    jwks_min_refresh_seconds: float = Field(
        1.0,
        ge=0,
        validation_alias="CARENET_JWKS_MIN_REFRESH_SECONDS",
        description="At most one key fetch per this many seconds, however many tokens name an unknown key id.",
    )
    jwks_timeout_seconds: float = Field(
        5.0,
        gt=0,
        validation_alias="CARENET_JWKS_TIMEOUT_SECONDS",
        description="Seconds a discovery or JWKS fetch may take.",
    )
    claim_subject: str = Field(
        "sub", validation_alias="CARENET_CLAIM_SUBJECT", description="Claim (dotted path) naming the caller."
    )
    claim_roles: str = Field(
        "roles",
        validation_alias="CARENET_CLAIM_ROLES",
        description="Claim (dotted path, e.g. `groups`, `realm_access.roles`, `scope`) holding roles: a list or a space-separated string.",
    )
    role_map: dict[str, str] = Field(
        default_factory=dict,
        validation_alias="CARENET_ROLE_MAP",
        description='JSON map from the provider\'s values to CareNet roles (`{"mohw-dmh-analysts": "ministry"}`); when set, unmapped values grant nothing. Empty: CareNet role names are taken as they are.',
    )
    claim_county: str = Field(
        "county",
        validation_alias="CARENET_CLAIM_COUNTY",
        description="Claim (dotted path) with the caller's county code.",
    )
    claim_district: str = Field(
        "district", validation_alias="CARENET_CLAIM_DISTRICT", description="Claim (dotted path) with the district."
    )
    claim_unit: str = Field(
        "unit", validation_alias="CARENET_CLAIM_UNIT", description="Claim (dotted path) with the unit."
    )
    claim_agency: str = Field(
        "agency", validation_alias="CARENET_CLAIM_AGENCY", description="Claim (dotted path) with the agency."
    )
    log_level: str = Field("INFO", validation_alias="CARENET_LOG_LEVEL")
    log_json: bool = Field(True, validation_alias="CARENET_LOG_JSON")
    data_dir: Path = Field(Path("var"), validation_alias="CARENET_DATA_DIR")

    @property
    def uses_identity_provider(self) -> bool:
        return bool(self.jwks_url or self.oidc_issuer)

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> CoreSettings:
        if self.oidc_issuer and not self.jwt_issuer:
            self.jwt_issuer = self.oidc_issuer
        previous = self.jwt_previous_secret.get_secret_value() if self.jwt_previous_secret else None
        if previous is not None and previous == self.jwt_secret.get_secret_value():
            raise ValueError("CARENET_JWT_PREVIOUS_SECRET must differ from CARENET_JWT_SECRET")
        if self.env == "production":
            if self.jwt_secret.get_secret_value() == DEV_JWT_SECRET and not self.uses_identity_provider:
                raise ValueError(
                    "production needs CARENET_OIDC_ISSUER, CARENET_JWKS_URL or a non-default CARENET_JWT_SECRET"
                )
            if previous == DEV_JWT_SECRET:
                raise ValueError("production refuses the development secret as CARENET_JWT_PREVIOUS_SECRET too")
            if previous is not None and self.jwt_previous_secret_until is None:
                raise ValueError(
                    "production needs CARENET_JWT_PREVIOUS_SECRET_UNTIL: the old secret is accepted for a window only"
                )
            if self.jwt_previous_secret_until is not None and self.jwt_previous_secret_until.tzinfo is None:
                raise ValueError("CARENET_JWT_PREVIOUS_SECRET_UNTIL needs an offset, e.g. 2026-12-01T00:00:00+08:00")
            if self.jwks_url and not self.jwt_issuer:
                raise ValueError(
                    "production with CARENET_JWKS_URL needs CARENET_JWT_ISSUER (tokens of other issuers are refused)"
                )
            if self.uses_identity_provider and "HS256" in self.jwt_algorithms:
                self.jwt_algorithms = [a for a in self.jwt_algorithms if a != "HS256"] or ["RS256", "ES256"]
        return self


class ServiceSettings(CoreSettings):
    """Base of each service's `Settings`; subclasses set `service_name`, `db_schema` and env_prefix."""

    service_name: ClassVar[str] = "service"
    db_schema: ClassVar[str] = "public"

    database_url: str | None = None
    # Four services share one PostgreSQL (max_connections 100 by default): 4 × (15 + 0) = 60 at most. Pooled
    # connections stay open once opened; an overflow one is closed when returned, so a burst beyond the pool
    # would connect (a new server process) per request.
    db_pool_size: int = 15
    db_max_overflow: int = 0
    background_tasks: bool = True
    trail_verify_interval: float = 3600.0
    idempotency_ttl_days: float = Field(
        7.0,
        gt=0,
        description="Days an Idempotency-Key and its stored response are kept (replayed); then forgotten and swept.",
    )
    housekeeping_interval: float = Field(
        3600.0, gt=0, description="Seconds between housekeeping sweeps (one replica at a time, advisory lock)."
    )
    outbox_consumers: list[str] = Field(
        default_factory=list,
        description="JSON list of the subjects (system tokens) that follow this service's feed; events all of them have passed leave the outbox. Empty: the outbox is kept whole.",
    )
    outbox_archive_after_days: float = Field(
        30.0, ge=1, description="Events younger than this stay in the outbox even when every consumer has passed them."
    )

    @model_validator(mode="after")
    def _default_database(self) -> ServiceSettings:
        if not self.database_url:
            shared = os.environ.get("DATABASE_URL")
            self.database_url = shared or f"sqlite+aiosqlite:///{self.data_dir / (self.db_schema + '.db')}"
        return self
