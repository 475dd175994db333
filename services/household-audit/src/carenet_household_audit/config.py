"""Settings of household-audit (env prefix CARENET_HOUSEHOLD_AUDIT_)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from carenet_core.settings import ServiceSettings
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from .retention.rules import LEGAL_MIN_RETENTION_YEARS, retention_below_law
from .sampling.rules import LEGAL_MIN_FLOOR, LEGAL_MIN_RATE, policy_below_law

DEV_SUBJECT_KEY = "carenet-dev-household-audit-subject-key-change-me"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_HOUSEHOLD_AUDIT_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "household-audit"
    db_schema: ClassVar[str] = "household_audit"

    # Key of the HMAC that protects subject national IDs (never stored in clear).
    subject_hmac_key: SecretStr = SecretStr(DEV_SUBJECT_KEY)
    # Defaults of the monthly sampling; a county may store its own (sampling_policies).
    # Raising them is allowed; below the law (2 %, 10 records) the service refuses to start.
    sampling_rate: Decimal = Field(LEGAL_MIN_RATE, gt=0, le=1)
    sampling_floor: int = Field(LEGAL_MIN_FLOOR, ge=0)
    max_batch: int = Field(10_000, ge=1)
    # A monthly sampling counts as "on time" in the internal audit when drawn within this many days of month end.
    sampling_due_days: int = Field(5, ge=0)
    # The in-service scheduler: draws last month on the 1st, publishes seed commitments, purges.
    scheduler_enabled: bool = True
    scheduler_interval_seconds: float = Field(300.0, gt=0)
    retention_years: int = Field(LEGAL_MIN_RETENTION_YEARS, ge=1)  # at least 3 by law (保留三年備查)
    retention_enabled: bool = True

    @model_validator(mode="after")
    def _refuse_below_legal_minimum(self) -> Settings:
        """A setting below the law's floors stops the start-up (code `below_legal_minimum`)."""
        below = policy_below_law(self.sampling_rate, self.sampling_floor)
        if (why := retention_below_law(self.retention_years)) is not None:
            below.append(why)
        if below:
            raise ValueError("below_legal_minimum: " + "; ".join(below))
        return self

    @model_validator(mode="after")
    def _refuse_dev_subject_key(self) -> Settings:
        if self.env == "production" and self.subject_hmac_key.get_secret_value() == DEV_SUBJECT_KEY:
            raise ValueError("production needs CARENET_HOUSEHOLD_AUDIT_SUBJECT_HMAC_KEY (not the dev default)")
        if self.env == "production" and len(self.subject_hmac_key.get_secret_value()) < 32:
            raise ValueError("CARENET_HOUSEHOLD_AUDIT_SUBJECT_HMAC_KEY must be at least 32 characters")
        return self
