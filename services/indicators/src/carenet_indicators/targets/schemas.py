"""Request and response shapes of county targets."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class CountyTargetIn(BaseModel):
    """A county's own target for one indicator and period, with the evidence (the county's plan)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "target": 80,
                    "evidence": "苗栗縣社會安全網第二期計畫 6.精進醫院與社區銜接",
                    "note": "逐年提升至100%",
                }
            ]
        },
    )

    target: Decimal = Field(ge=0, max_digits=18, decimal_places=4)
    evidence: str = Field(min_length=1, max_length=500, description="reference to the evidence (plan, document no.)")
    note: str | None = Field(None, max_length=4000)


class CountyTargetOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "code": "discharge_first_visit_14d",
                    "period": "2026",
                    "target": 80,
                    "target_op": ">=",
                    "class_target": 70,
                    "evidence": "苗栗縣社會安全網第二期計畫 6.精進醫院與社區銜接",
                    "note": None,
                    "version": 1,
                    "set_at": "2026-11-30T10:00:00+08:00",
                    "set_by": "admin-mia",
                }
            ]
        }
    )

    county: str
    code: str
    period: str
    target: float
    target_op: str
    class_target: float | None = Field(description="the class target it overrides (null when the class has none)")
    evidence: str
    note: str | None
    version: int
    set_at: datetime
    set_by: str

    @field_validator("set_at")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        return v.replace(tzinfo=UTC) if v.tzinfo is None else v  # SQLite drops the offset


class CountyTargetList(BaseModel):
    items: list[CountyTargetOut]
    next_cursor: str | None = None
