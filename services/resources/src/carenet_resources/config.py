"""Settings of resources (env prefix CARENET_RESOURCES_)."""

from __future__ import annotations

from typing import ClassVar

from carenet_core.settings import ServiceSettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_RESOURCES_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "resources"
    db_schema: ClassVar[str] = "resources"

    # seed 001 「定期更新」: an entry not checked for this many months is listed for review.
    stale_after_months: int = Field(12, ge=1, le=120, description="months without a check before an entry is stale")
    default_radius_km: float = Field(5.0, gt=0, le=200, description="`radius_km` when `near` is given without one")
    max_radius_km: float = Field(200.0, gt=0, le=1000, description="the largest `radius_km` a search may ask for")
    import_max_bytes: int = Field(5 * 1024 * 1024, ge=1024, description="largest CSV file an import accepts")
    import_max_rows: int = Field(20_000, ge=1, le=200_000, description="most data rows in one CSV file")
