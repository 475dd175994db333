"""Request and response models of county settings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .rules import DEFAULT_SETTINGS


class CountySettingsIn(BaseModel):
    caseload_limit: int = Field(DEFAULT_SETTINGS.caseload_limit, ge=1, le=1000)
    elderly_care_months: int = Field(DEFAULT_SETTINGS.elderly_care_months, ge=3, le=36)
    child_under_6_care_months: int = Field(DEFAULT_SETTINGS.child_under_6_care_months, ge=3, le=36)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"caseload_limit": 60, "elderly_care_months": 12, "child_under_6_care_months": 9}]
        }
    )


class CountySettingsOut(CountySettingsIn):
    county: str
    source: str = Field(description="`default` until the county sets its own, then `county`")
    version: int = 0

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "caseload_limit": 80,
                    "elderly_care_months": 6,
                    "child_under_6_care_months": 6,
                    "source": "default",
                    "version": 0,
                }
            ]
        }
    )
