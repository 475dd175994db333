"""Request and response bodies of training records, case reports, imports and compliance."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..staff.rules import StaffKind
from .rules import Level

Hours = Annotated[Decimal, Field(ge=0, le=200, max_digits=5, decimal_places=1, examples=[2])]


class TrainingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    course: str = Field(min_length=1, max_length=200, description="the course as the training body names it")
    level: Level
    topic: str = Field(
        min_length=1, max_length=100, description="a 附件7 topic of the level: its code or the seed's Chinese title"
    )
    hours: Hours
    case_conference_hours: Hours = Field(Decimal(0), description="of `hours`, those spent in case conferences")
    completed_on: date
    certificate: str = Field(min_length=1, max_length=100, description="研習證明 / 時數認證 reference")

    @model_validator(mode="after")
    def _conference_within_hours(self) -> TrainingIn:
        if self.case_conference_hours > self.hours:
            raise ValueError("case_conference_hours exceed hours")
        if self.hours <= 0:
            raise ValueError("hours must be greater than 0")
        return self


class TrainingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    staff_id: uuid.UUID
    course: str
    level: Level
    topic: str
    hours: float
    case_conference_hours: float
    completed_on: date
    certificate: str


class CaseReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    submitted_on: date
    title: str = Field(min_length=1, max_length=300)


class CaseReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    staff_id: uuid.UUID
    submitted_on: date
    title: str


class RejectedRow(BaseModel):
    index: int = Field(description="0-based data row of the CSV (the header is not counted)")
    reason: str


class ImportResult(BaseModel):
    accepted: int
    duplicates: int
    rejected: list[RejectedRow]


class MissingOut(BaseModel):
    requirement: str = Field(description="`hours`, `topic`, `case_conference_hours` or `case_report`")
    short: float = Field(description="how much is missing (hours, or reports)")
    topic: str | None = None


class ComplianceItem(BaseModel):
    staff_id: uuid.UUID
    kind: StaffKind
    level: Level
    hours: float
    required_hours: float
    case_conference_hours: float
    case_reports: int
    met: bool
    missing: list[MissingOut]


class SupervisorRatioOut(BaseModel):
    supervisors: int
    case_managers: int
    required_supervisors: int
    met: bool
    as_of: date


class ComplianceTotals(BaseModel):
    staff: int
    met: int
    not_met: int


class ComplianceOut(BaseModel):
    county: str
    year: int
    items: list[ComplianceItem]
    totals: ComplianceTotals
    supervisor_ratio: SupervisorRatioOut
