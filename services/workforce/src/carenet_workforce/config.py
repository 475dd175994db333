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
    # case-mgmt's base URL for the supervisor's caseload view, through the gateway
    # (e.g. http://gateway:8000/case-mgmt); the caller's own token goes with each request.
    case_mgmt_url: str = Field("", description="case-mgmt's base URL (through the gateway) for the caseload view")
    case_mgmt_wait_seconds: float = Field(
        5.0, gt=0, le=60, description="how long the caseload view waits for case-mgmt"
    )
