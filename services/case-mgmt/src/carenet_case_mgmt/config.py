"""Settings of case-mgmt (env prefix CARENET_CASE_MGMT_)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from carenet_core.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_CASE_MGMT_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "case-mgmt"
    db_schema: ClassVar[str] = "case_mgmt"
