"""Settings of indicators (env prefix CARENET_INDICATORS_)."""

from __future__ import annotations

from typing import ClassVar

from carenet_core.settings import ServiceSettings
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_INDICATORS_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "indicators"
    db_schema: ClassVar[str] = "indicators"

    # case-mgmt's feed, followed by the background consumer.
    case_mgmt_url: str = "http://127.0.0.1:8001"
    feed_enabled: bool = True
    feed_poll_interval: float = Field(0.5, gt=0, le=60, description="seconds between polls when caught up")
    feed_batch: int = Field(500, ge=1, le=5000)
    feed_timeout: float = Field(5.0, gt=0)
    # Outside production a system token is minted with the shared dev secret; production needs this one.
    case_mgmt_token: SecretStr | None = None
    # workforce's feed (staffing.fact → facts with source `workforce`); off while empty.
    workforce_url: str = ""
    workforce_token: SecretStr | None = None
    # Drill-down ids listed inline on a scorecard item (the full list is on the item's drill-down route).
    inline_drill_down: int = Field(100, ge=0, le=10_000)

    @model_validator(mode="after")
    def _production_needs_a_feed_token(self) -> Settings:
        if self.env == "production" and self.feed_enabled and self.case_mgmt_token is None:
            raise ValueError("production needs CARENET_INDICATORS_CASE_MGMT_TOKEN to read case-mgmt's feed")
        if self.env == "production" and self.workforce_url and self.workforce_token is None:
            raise ValueError("production needs CARENET_INDICATORS_WORKFORCE_TOKEN to read workforce's feed")
        return self
