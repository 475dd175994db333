# mypy: disable-error-code="index,list-item,dict-item"
"""Response models of the worklist."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from ..incidents.schemas import IncidentOut


class WorkItem(BaseModel):
    case_id: str
    national_id: str = Field(description="masked", examples=["A12****789"])
    name: str = Field(description="masked", examples=["王*明"])
    county: str
    district: str
    kinds: list[str]
    tier: int
    next_visit_due: date
    overdue: bool
    days_overdue: int
    consecutive_not_met: int
    last_visit_date: date | None
    reasons: list[str] = Field(
        description="overdue, due_soon, not_met_retry, consecutive_not_met, lost_contact, missing, "
        "only_phone_for_a_year, elderly_monthly_visits, elderly_monthly_face_to_face, elderly_missed_last_month, "
        "child_under_6_monthly_visits, child_under_6_monthly_face_to_face, child_under_6_missed_last_month, "
        "discharge_first_visit, transfer_expired"
    )


class Worklist(BaseModel):
    on: date
    days: int
    items: list[WorkItem]
    next_cursor: str | None = None
    incidents: list[IncidentOut] = Field(
        default_factory=list,
        description="open incidents of these cases with their flash-report and conference deadlines "
        "(working days, seed 001), `overdue` flagged; on the first page only",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "on": "2026-11-23",
                    "days": 7,
                    "next_cursor": None,
                    "items": [
                        {
                            "case_id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                            "national_id": "A12****789",
                            "name": "王*明",
                            "county": "TW-MIA",
                            "district": "頭份市",
                            "kinds": ["psychiatric"],
                            "tier": 1,
                            "next_visit_due": "2026-11-16",
                            "overdue": True,
                            "days_overdue": 7,
                            "consecutive_not_met": 1,
                            "last_visit_date": "2026-11-09",
                            "reasons": ["overdue", "not_met_retry"],
                        }
                    ],
                }
            ]
        }
    )
