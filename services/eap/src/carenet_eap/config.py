"""Settings of eap (env prefix CARENET_EAP_)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from carenet_core.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_EAP_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "eap"
    db_schema: ClassVar[str] = "eap"
