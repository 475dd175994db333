"""Request and response shapes of manual facts."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class FactIn(BaseModel):
    """A fact reported by a county: a count or value, or a ratio's numerator/denominator, with evidence."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "period": "2026-Q1",
                    "code": "cross_agency_meetings",
                    "value": 1,
                    "evidence": "府衛字第1150001234號 會議紀錄",
                },
                {
                    "county": "TW-MIA",
                    "period": "2026",
                    "code": "gatekeeper_training_village_chiefs",
                    "numerator": 250,
                    "denominator": 274,
                    "evidence": "守門人訓練簽到表 2026",
                },
            ]
        },
    )

    county: str = Field(pattern=r"^TW-[A-Z]{3}$", examples=["TW-MIA"])
    period: str = Field(max_length=7, examples=["2026", "2026-Q1"])
    code: str = Field(max_length=80, examples=["cross_agency_meetings"])
    value: Decimal | bool | None = Field(None, examples=[1])
    numerator: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=4)
    denominator: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=4)
    evidence: str = Field(min_length=1, max_length=500, description="reference to the evidence (document no., URL)")
    note: str | None = Field(None, max_length=4000)


class FactPatch(BaseModel):
    """An edit of a fact; `reason` goes into its history."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"value": 2, "evidence": "府衛字第1150001299號 會議紀錄", "reason": "second meeting was missing"}
            ]
        },
    )

    value: Decimal | bool | None = None
    numerator: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=4)
    denominator: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=4)
    evidence: str | None = Field(None, min_length=1, max_length=500)
    note: str | None = Field(None, max_length=4000)
    reason: str | None = Field(None, max_length=500)


class FactOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "3f7c2a7e-5d7b-4c1e-9b4e-1f2a3b4c5d6e",
                    "county": "TW-MIA",
                    "period": "2026-Q1",
                    "code": "cross_agency_meetings",
                    "value": 1,
                    "numerator": None,
                    "denominator": None,
                    "evidence": "府衛字第1150001234號 會議紀錄",
                    "note": None,
                    "status": "active",
                    "source": "manual",
                    "version": 1,
                    "created_at": "2026-03-31T09:00:00+08:00",
                    "created_by": "admin-mia",
                    "updated_at": "2026-03-31T09:00:00+08:00",
                    "updated_by": "admin-mia",
                }
            ]
        },
    )

    id: str
    county: str
    period: str
    code: str
    value: float | None
    numerator: float | None
    denominator: float | None
    evidence: str
    note: str | None
    status: str
    source: str = Field("manual", description="manual (a county or the ministry) or workforce (its staffing feed)")
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str

    @field_validator("created_at", "updated_at")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        return v.replace(tzinfo=UTC) if v.tzinfo is None else v  # SQLite drops the offset


class FactPage(BaseModel):
    items: list[FactOut]
    next_cursor: str | None = None


class RevisionOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "version": 2,
                    "action": "edited",
                    "at": "2026-04-02T10:00:00+08:00",
                    "by": "admin-mia",
                    "reason": "second meeting was missing",
                    "before": {"value": 1},
                    "after": {"value": 2},
                }
            ]
        },
    )

    version: int
    action: str
    at: datetime
    by: str
    reason: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class HistoryOut(BaseModel):
    fact_id: str
    items: list[RevisionOut]
