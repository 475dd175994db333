# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of visits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

Method = Literal["face_to_face_home", "face_to_face_other", "phone", "video"]
Outcome = Literal["met", "not_met"]
Seen = Literal["person", "family_only"]
SEEN_DESCRIPTION = (
    "who was seen: `person` (the person themself) or `family_only`; absent: `person` for a `met` visit, "
    "nothing for `not_met`. Only a met face-to-face visit with `person` lets the tier step down."
)
Risk = Literal["none", "low", "medium", "high"]


class Assessment(BaseModel):
    """The visit's structured assessment; extra fields are kept."""

    mental_state: Literal["stable", "mildly_unstable", "unstable", "acute"] | None = None
    medication_adherence: Literal["good", "partial", "poor", "none", "not_applicable"] | None = None
    self_harm_risk: Risk | None = None
    violence_risk: Risk | None = None
    needs: list[str] = Field(default_factory=list, max_length=50)
    referrals_made: list[str] = Field(default_factory=list, max_length=50)

    model_config = ConfigDict(extra="allow")


VISIT_EXAMPLE = {
    "id": "3f6c1f0e-1d0b-4e5a-9c43-7a1b2c3d4e5f",
    "visited_at": "2026-11-21T10:30:00+08:00",
    "method": "face_to_face_home",
    "outcome": "met",
    "assessment": {
        "mental_state": "stable",
        "medication_adherence": "good",
        "self_harm_risk": "low",
        "violence_risk": "none",
        "needs": ["employment"],
        "referrals_made": ["employment_service"],
    },
    "note": "takes medication; looking for work",
    "tier_recommendation": 1,
}


class VisitIn(BaseModel):
    id: UUID = Field(description="the phone's own UUID for this visit: a resend with it creates nothing")
    visited_at: datetime = Field(description="device time (a time without offset is Asia/Taipei)")
    method: Method
    outcome: Outcome
    seen: Seen | None = Field(None, description=SEEN_DESCRIPTION)
    assessment: Assessment | None = None
    note: str | None = Field(None, max_length=10000)
    tier_recommendation: int | None = Field(None, ge=1, le=5)

    model_config = ConfigDict(json_schema_extra={"examples": [VISIT_EXAMPLE]})


class VisitPatch(BaseModel):
    """An edit of a visit (needs `If-Match`)."""

    visited_at: datetime | None = None
    method: Method | None = None
    outcome: Outcome | None = None
    seen: Seen | None = Field(None, description=SEEN_DESCRIPTION)
    assessment: Assessment | None = None
    note: str | None = Field(None, max_length=10000)
    tier_recommendation: int | None = Field(None, ge=1, le=5)

    model_config = ConfigDict(json_schema_extra={"examples": [{"note": "corrected: met the mother, not the father"}]})


class CaseAfterVisit(BaseModel):
    next_visit_due: date
    overdue: bool
    consecutive_not_met: int


class VisitOut(BaseModel):
    id: str
    case_id: str
    visitor: str
    visited_at: datetime
    visit_date: date
    received_at: datetime
    method: str
    outcome: str
    seen: str | None = None
    face_to_face: bool
    late: bool
    assessment: dict | None
    note: str | None
    tier_recommendation: int | None
    version: int
    updated_at: datetime | None = None
    case: CaseAfterVisit | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **VISIT_EXAMPLE,
                    "case_id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                    "visitor": "u1",
                    "visit_date": "2026-11-21",
                    "received_at": "2026-11-23T09:00:00+08:00",
                    "face_to_face": True,
                    "late": False,
                    "version": 1,
                    "updated_at": None,
                    "case": {"next_visit_due": "2026-12-05", "overdue": False, "consecutive_not_met": 0},
                }
            ]
        }
    )


class VisitPage(BaseModel):
    items: list[VisitOut]
    next_cursor: str | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": VisitOut.model_config["json_schema_extra"]["examples"], "next_cursor": None}]
        }
    )  # type: ignore[index]
