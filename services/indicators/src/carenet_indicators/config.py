"""Settings of indicators (env prefix CARENET_INDICATORS_)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from carenet_core.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_INDICATORS_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "indicators"
    db_schema: ClassVar[str] = "indicators"
