"""Request and response models of the office calendar."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Holiday(BaseModel):
    date: date
    name: str | None = Field(None, max_length=200)


class YearIn(BaseModel):
    holidays: list[Holiday] = Field(max_length=400, description="national days off (observed days included)")
    workdays: list[date] = Field(default_factory=list, max_length=60, description="make-up workdays (補行上班)")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "holidays": [
                        {"date": "2028-01-01", "name": "中華民國開國紀念日"},
                        {"date": "2028-01-25", "name": "農曆除夕"},
                    ],
                    "workdays": [],
                }
            ]
        }
    )


class ClosureIn(BaseModel):
    county: str | None = Field(None, min_length=2, max_length=10, description="default: your county")
    date: date
    reason: str = Field(min_length=1, max_length=500)

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"county": "TW-MIA", "date": "2026-09-29", "reason": "颱風停止上班"}]}
    )


class ClosureOut(BaseModel):
    id: str
    county: str
    date: date
    reason: str
    declared_by: str
    declared_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "5e0c…",
                    "county": "TW-MIA",
                    "date": "2026-09-29",
                    "reason": "颱風停止上班",
                    "declared_by": "adm-1",
                    "declared_at": "2026-09-28T20:00:00+08:00",
                }
            ]
        }
    )


class CalendarOut(BaseModel):
    year: int
    holidays: list[date] = Field(description="national days off, weekend holidays included")
    workdays: list[date] = Field(description="make-up workdays (補行上班)")
    holiday_names: dict[str, str] = Field(default_factory=dict)
    source: Literal["seeded", "ministry", "none"]
    calendar_missing: bool = Field(description="true: no data for the year; working days are Monday–Friday")
    county: str | None = None
    closures: list[ClosureOut] | None = Field(None, description="with ?county=: the county's closed days")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2027,
                    "holidays": ["2027-01-01", "2027-02-04", "2027-02-05"],
                    "workdays": [],
                    "holiday_names": {"2027-01-01": "Founding Day of the Republic of China"},
                    "source": "seeded",
                    "calendar_missing": False,
                    "county": "TW-MIA",
                    "closures": [],
                }
            ]
        }
    )
