# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of the tier policy."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator


class PolicyIn(BaseModel):
    effective_from: date
    intervals: dict[int, int] = Field(description="days between visits per tier 1–5")
    not_met_retry_days: int = Field(7, ge=1, le=90)
    lock_months: int = Field(3, ge=0, le=24)
    transfer_expiry_days: int = Field(14, ge=1, le=180)
    late_after_days: int = Field(7, ge=1, le=90)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "effective_from": "2027-01-01",
                    "intervals": {"1": 14, "2": 30, "3": 90, "4": 180, "5": 365},
                    "not_met_retry_days": 7,
                    "lock_months": 3,
                    "transfer_expiry_days": 14,
                    "late_after_days": 7,
                }
            ]
        }
    )

    @field_validator("intervals")
    @classmethod
    def _all_tiers(cls, v: dict[int, int]) -> dict[int, int]:
        if set(v) != {1, 2, 3, 4, 5} or any(not 1 <= d <= 730 for d in v.values()):
            raise ValueError("give an interval of 1–730 days for each tier 1–5")
        return v


class PolicyOut(BaseModel):
    id: str | None = Field(description="null for the built-in defaults")
    county: str
    effective_from: date | None
    intervals: dict[int, int]
    not_met_retry_days: int
    lock_months: int
    transfer_expiry_days: int
    late_after_days: int


class PolicyHistory(BaseModel):
    county: str
    current: PolicyOut
    versions: list[PolicyOut]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "versions": [],
                    "current": {
                        "id": None,
                        "county": "TW-MIA",
                        "effective_from": None,
                        "intervals": {"1": 14, "2": 30, "3": 90, "4": 180, "5": 365},
                        "not_met_retry_days": 7,
                        "lock_months": 3,
                        "transfer_expiry_days": 14,
                        "late_after_days": 7,
                    },
                }
            ]
        }
    )
