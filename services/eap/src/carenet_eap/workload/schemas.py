"""Bodies of workload care."""

from __future__ import annotations

import re
from decimal import Decimal

from pydantic import BaseModel, Field, field_validator


class FigureIn(BaseModel):
    employee_sub: str = Field(min_length=1, max_length=200)
    overtime_hours: Decimal = Field(ge=0, le=744, max_digits=5, decimal_places=1)
    documents: int = Field(0, ge=0, le=100000, description="公文量 of the month")


class FiguresIn(BaseModel):
    month: str = Field(description="YYYY-MM")
    agency: str = Field(min_length=1, max_length=200)
    items: list[FigureIn] = Field(min_length=1, max_length=20000)

    @field_validator("month")
    @classmethod
    def _month(cls, v: str) -> str:
        if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", v):
            raise ValueError("a month as YYYY-MM")
        return v

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "month": "2026-10",
                    "agency": "工務局",
                    "items": [{"employee_sub": "emp-0042", "overtime_hours": "52.5", "documents": 310}],
                }
            ]
        }
    }


class FiguresAccepted(BaseModel):
    accepted: bool = True


class ThresholdIn(BaseModel):
    overtime_hours: Decimal = Field(gt=0, le=744, max_digits=5, decimal_places=1)
    documents: int | None = Field(None, gt=0)

    model_config = {"json_schema_extra": {"examples": [{"overtime_hours": "40", "documents": 400}]}}


class ThresholdOut(ThresholdIn):
    agency: str
    source: str = Field(description="`agency` (set for it) or `setting` (the service default)")


class MembersIn(BaseModel):
    member_subs: list[str] = Field(max_length=200)

    model_config = {"json_schema_extra": {"examples": [{"member_subs": ["care-001", "care-002"]}]}}


class MembersOut(MembersIn):
    agency: str


class CareListItem(BaseModel):
    employee_sub: str
    overtime_hours: Decimal
    documents: int


class CareList(BaseModel):
    agency: str
    month: str
    threshold: ThresholdOut
    items: list[CareListItem]


class SummaryCell(BaseModel):
    band: str
    count: int | None
    suppressed: bool


class WorkloadSummary(BaseModel):
    """The agency's analysis: aggregates only, every cell under the threshold (or revealing one) suppressed."""

    agency: str
    month: str
    suppression_threshold: int
    people: int | None
    above_threshold: int | None
    average_overtime_hours: Decimal | None
    bands: list[SummaryCell]
