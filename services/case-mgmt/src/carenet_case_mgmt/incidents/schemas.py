# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of incidents."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["media_reported", "filicide_suicide", "group_suicide"]


class IncidentIn(BaseModel):
    kind: Kind
    occurred_on: date
    persons: int | None = Field(None, ge=1, le=1000, description="persons involved (a group suicide: 3 or more)")
    note: str | None = Field(None, max_length=5000)

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"kind": "media_reported", "occurred_on": "2026-11-26", "note": "新聞報導"}]}
    )


class FlashReportIn(BaseModel):
    filed_on: date | None = Field(None, description="default: today (Asia/Taipei)")
    reference: str = Field(min_length=1, max_length=200, description="the flash report's (速報單) reference")

    model_config = ConfigDict(json_schema_extra={"examples": [{"filed_on": "2026-11-30", "reference": "速報-115-031"}]})


class IncidentOut(BaseModel):
    id: str
    case_id: str
    county: str
    kind: Kind
    occurred_on: date
    persons: int | None
    note: str | None
    recorded_on: date
    flash_report_due: date
    conference_due: date
    flash_report_filed_on: date | None
    flash_report_reference: str | None
    conference_held_on: date | None
    conference_id: str | None
    flash_report_overdue: bool
    conference_overdue: bool
    overdue: bool = Field(description="any deadline passed and not met")
    status: Literal["open", "closed"]
    calendar_missing: bool = Field(description="a counted year had no calendar data: Monday–Friday were counted")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "9a1b…",
                    "case_id": "6f1c…",
                    "county": "TW-MIA",
                    "kind": "media_reported",
                    "occurred_on": "2026-11-26",
                    "persons": None,
                    "note": None,
                    "recorded_on": "2026-11-27",
                    "flash_report_due": "2026-12-01",
                    "conference_due": "2026-12-10",
                    "flash_report_filed_on": None,
                    "flash_report_reference": None,
                    "conference_held_on": None,
                    "conference_id": None,
                    "flash_report_overdue": False,
                    "conference_overdue": False,
                    "overdue": False,
                    "status": "open",
                    "calendar_missing": False,
                }
            ]
        }
    )


class IncidentPage(BaseModel):
    items: list[IncidentOut]
    next_cursor: str | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": IncidentOut.model_config["json_schema_extra"]["examples"], "next_cursor": None}]
        }
    )


class KindStats(BaseModel):
    """One kind's counts in the half-year (附件10: 媒體報導情形 and 速報單後續處置情形)."""

    kind: Kind
    incidents: int
    flash_reports_filed: int
    flash_reports_on_time: int
    flash_reports_late: int
    flash_reports_outstanding: int = Field(description="not filed yet")
    conferences_held: int
    conferences_on_time: int
    conferences_outstanding: int


class ReportRow(BaseModel):
    incident_id: str
    case_id: str
    kind: Kind
    occurred_on: date
    flash_report_due: date
    flash_report_filed_on: date | None
    flash_report_on_time: bool | None
    flash_report_reference: str | None
    conference_due: date
    conference_held_on: date | None
    conference_on_time: bool | None


class HalfYearReport(BaseModel):
    county: str
    half: str
    computed_for: date
    media_reported: KindStats
    by_kind: list[KindStats]
    rows: list[ReportRow]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "half": "2026-H2",
                    "computed_for": "2026-11-30",
                    "media_reported": {
                        "kind": "media_reported",
                        "incidents": 2,
                        "flash_reports_filed": 2,
                        "flash_reports_on_time": 1,
                        "flash_reports_late": 1,
                        "flash_reports_outstanding": 0,
                        "conferences_held": 1,
                        "conferences_on_time": 1,
                        "conferences_outstanding": 1,
                    },
                    "by_kind": [],
                    "rows": [],
                }
            ]
        }
    )
