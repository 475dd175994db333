# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of cases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# bereaved_family: 自殺死亡者家屬關懷服務 (seed 001), a care track of its own
Kind = Literal["psychiatric", "suicide_attempt", "bereaved_family"]
Source = Literal[
    "hospital_discharge",
    "community",
    "compulsory_admission_discharge",
    "suicide_report",
    "disability_certificate",
    "family",
    "hotline_1925",
    "social_welfare",
    "labour",
    "education",
    "police",
    "fire",
    "medical",
    "self",
    "other",
]
Situation = Literal["imprisoned", "missing", "lost_contact"]


class Household(BaseModel):
    caregiver_age: int | None = Field(None, ge=0, le=130, examples=[68])
    psychiatric_patients: int | None = Field(None, ge=0, le=20, examples=[2])
    model_config = ConfigDict(extra="allow")


INTAKE_EXAMPLE = {
    "national_id": "A123456789",
    "name": "王小明",
    "birth_date": "1980-05-01",
    "sex": "M",
    "county": "TW-MIA",
    "district": "頭份市",
    "kinds": ["psychiatric"],
    "source": "hospital_discharge",
    "intake_date": "2026-11-20",
    "household": {"caregiver_age": 68, "psychiatric_patients": 1},
    "flags": ["lives_alone"],
}


class CaseIn(BaseModel):
    """Intake (收案)."""

    national_id: str = Field(min_length=10, max_length=10, description="national ID or resident certificate number")
    name: str = Field(min_length=1, max_length=100)
    birth_date: date
    sex: Literal["M", "F", "X"]
    county: str = Field(min_length=2, max_length=10, examples=["TW-MIA"])
    district: str = Field(min_length=1, max_length=50, examples=["頭份市"])
    kinds: list[Kind] = Field(min_length=1, max_length=3)
    source: Source = Field(examples=["hospital_discharge"], description="closed list (sources/rules.py)")
    intake_date: date
    household: Household | None = None
    flags: list[str] = Field(default_factory=list, max_length=30)
    assigned_to: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="the case worker's `sub` (default: the caller when a case_worker; else unassigned)",
    )

    model_config = ConfigDict(json_schema_extra={"examples": [INTAKE_EXAMPLE]})

    @field_validator("national_id")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.strip().upper()

    @field_validator("kinds", "flags")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))


class CaseOut(BaseModel):
    id: str
    national_id: str
    name: str
    birth_date: date
    age: int
    sex: str
    county: str
    district: str
    kinds: list[str]
    source: str
    intake_date: date
    household: dict | None
    flags: list[str]
    tier: int
    tier_locked_until: date
    status: Literal["open", "closed"]
    situation: str | None = None
    refuses_service: bool = False
    protective_worker: str | None = None
    assigned_to: str | None = None
    next_visit_due: date
    overdue: bool
    days_overdue: int
    consecutive_not_met: int
    only_phone_for_a_year: bool
    last_visit_date: date | None
    reasons: list[str]
    closed_on: date | None = None
    close_reason: str | None = None
    read_only: bool = False
    created_at: datetime
    version: int

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                    "national_id": "A123456789",
                    "name": "王小明",
                    "birth_date": "1980-05-01",
                    "age": 46,
                    "sex": "M",
                    "county": "TW-MIA",
                    "district": "頭份市",
                    "kinds": ["psychiatric"],
                    "source": "hospital_discharge",
                    "intake_date": "2026-11-20",
                    "household": {"caregiver_age": 68, "psychiatric_patients": 1},
                    "flags": ["lives_alone"],
                    "tier": 1,
                    "tier_locked_until": "2027-02-20",
                    "status": "open",
                    "situation": None,
                    "refuses_service": False,
                    "protective_worker": None,
                    "next_visit_due": "2026-12-04",
                    "overdue": False,
                    "days_overdue": 0,
                    "consecutive_not_met": 0,
                    "only_phone_for_a_year": False,
                    "last_visit_date": None,
                    "reasons": [],
                    "closed_on": None,
                    "close_reason": None,
                    "read_only": False,
                    "created_at": "2026-11-23T10:00:00+08:00",
                    "version": 1,
                }
            ]
        }
    )


class CaseSummary(BaseModel):
    """A case in a list: national ID and name masked."""

    id: str
    national_id: str = Field(examples=["A12****789"])
    name: str = Field(examples=["王*明"])
    county: str
    district: str
    kinds: list[str]
    tier: int
    status: str
    flags: list[str]
    assigned_to: str | None = None
    next_visit_due: date
    overdue: bool
    days_overdue: int
    consecutive_not_met: int
    reasons: list[str]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                    "national_id": "A12****789",
                    "name": "王*明",
                    "county": "TW-MIA",
                    "district": "頭份市",
                    "kinds": ["psychiatric"],
                    "tier": 1,
                    "status": "open",
                    "flags": [],
                    "next_visit_due": "2026-12-04",
                    "overdue": False,
                    "days_overdue": 0,
                    "consecutive_not_met": 0,
                    "reasons": [],
                }
            ]
        }
    )


class CasePage(BaseModel):
    items: list[CaseSummary]
    next_cursor: str | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": CaseSummary.model_config["json_schema_extra"]["examples"], "next_cursor": None}]
        }
    )  # type: ignore[index]


class CasePatch(BaseModel):
    """Change of facts on a case (needs `If-Match`)."""

    district: str | None = Field(None, min_length=1, max_length=50)
    household: Household | None = None
    flags: list[str] | None = Field(None, max_length=30)
    situation: Situation | Literal["none"] | None = Field(None, description="`none` clears it")
    situation_reason: str | None = Field(None, max_length=2000)
    refuses_service: bool | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"situation": "lost_contact", "situation_reason": "moved without notice; phone disconnected"}]
        }
    )


class CloseIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)
    closed_on: date | None = Field(None, description="default: today (Asia/Taipei)")

    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "stable for two years; tier 5 review"}]})


class TierChangeIn(BaseModel):
    to_tier: int = Field(ge=1, le=5)
    reason: str = Field(min_length=1, max_length=2000)
    visit_id: str | None = Field(
        None, description="the visit the change rests on (default: the latest met face-to-face)"
    )
    exception_reason: str | None = Field(
        None, max_length=2000, description="for imprisoned / missing / lost_contact cases: why no face-to-face visit"
    )

    model_config = ConfigDict(json_schema_extra={"examples": [{"to_tier": 2, "reason": "stable after 3 months"}]})


class TierChangeOut(BaseModel):
    id: str
    case_id: str
    from_tier: int | None
    to_tier: int
    tier: int
    changed_at: datetime
    changed_by: str
    reason: str
    visit_id: str | None
    exception_reason: str | None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b7e…",
                    "case_id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                    "from_tier": 1,
                    "to_tier": 2,
                    "tier": 2,
                    "changed_at": "2027-02-21T09:30:00+08:00",
                    "changed_by": "u1",
                    "reason": "stable after 3 months",
                    "visit_id": "9c0d…",
                    "exception_reason": None,
                }
            ]
        }
    )


class TierHistoryOut(BaseModel):
    items: list[TierChangeOut]

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": TierChangeOut.model_config["json_schema_extra"]["examples"]}]}
    )  # type: ignore[index]
