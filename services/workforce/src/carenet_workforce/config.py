"""Settings of workforce (env prefix CARENET_WORKFORCE_)."""

from __future__ import annotations

from typing import ClassVar

from carenet_core.settings import ServiceSettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_WORKFORCE_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "workforce"
    db_schema: ClassVar[str] = "workforce"

    # An account unused for longer than this is flagged `idle` in the account review (帳號清查).
    account_idle_days: int = Field(90, ge=1, le=3650, description="days without activity before an account is idle")
    # The largest training CSV accepted in one import (rows).
    import_max_rows: int = Field(5000, ge=1, le=100_000)
