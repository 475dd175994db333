"""Settings of household-audit (env prefix CARENET_HOUSEHOLD_AUDIT_)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from carenet_core.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_HOUSEHOLD_AUDIT_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "household-audit"
    db_schema: ClassVar[str] = "household_audit"
