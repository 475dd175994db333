"""Settings of household-audit (env prefix CARENET_HOUSEHOLD_AUDIT_)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from carenet_core.settings import ServiceSettings
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

DEV_SUBJECT_KEY = "carenet-dev-household-audit-subject-key-change-me"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_HOUSEHOLD_AUDIT_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "household-audit"
    db_schema: ClassVar[str] = "household_audit"

    # Key of the HMAC that protects subject national IDs (never stored in clear).
    subject_hmac_key: SecretStr = SecretStr(DEV_SUBJECT_KEY)
    # Defaults of the monthly sampling; a county may store its own (sampling_policies).
    sampling_rate: Decimal = Field(Decimal("0.02"), gt=0, le=1)
    sampling_floor: int = Field(10, ge=0)
    max_batch: int = Field(10_000, ge=1)
    # A monthly sampling counts as "on time" in the internal audit when drawn within this many days of month end.
    sampling_due_days: int = Field(5, ge=0)
    # The in-service scheduler: draws last month on the 1st, publishes seed commitments, purges.
    scheduler_enabled: bool = True
    scheduler_interval_seconds: float = Field(300.0, gt=0)
    retention_years: int = Field(3, ge=1)
    retention_enabled: bool = True

    @model_validator(mode="after")
    def _refuse_dev_subject_key(self) -> Settings:
        if self.env == "production" and self.subject_hmac_key.get_secret_value() == DEV_SUBJECT_KEY:
            raise ValueError("production needs CARENET_HOUSEHOLD_AUDIT_SUBJECT_HMAC_KEY (not the dev default)")
        if self.env == "production" and len(self.subject_hmac_key.get_secret_value()) < 32:
            raise ValueError("CARENET_HOUSEHOLD_AUDIT_SUBJECT_HMAC_KEY must be at least 32 characters")
        return self
