# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of conferences."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..incidents.schemas import IncidentOut


class AgendaCase(BaseModel):
    case_id: str
    national_id: str = Field(description="masked")
    name: str = Field(description="masked")
    district: str
    kinds: list[str]
    tier: int
    facts: dict[str, Any] = Field(description="the facts that put the case in this section")


AttendeeRole = Literal[
    "external_expert",
    "supervisor",
    "public_health_nurse",
    "psychiatric_visitor",
    "suicide_visitor",
    "mh_social_worker",
    "core_hospital",
    "other",
]


class Attendees(BaseModel):
    role: AttendeeRole
    count: int = Field(ge=1, le=1000)


class DecisionIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000)
    owner: str = Field(min_length=1, max_length=200, description="who carries it out (a `sub` or a unit)")
    follow_up_on: date = Field(description="when it is followed up")
    case_id: str | None = Field(None, max_length=36)


class DecisionOut(BaseModel):
    id: str
    conference_id: str
    held_on: date
    text: str
    owner: str
    follow_up_on: date
    case_id: str | None
    done_on: date | None
    done_by: str | None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "c0d1…",
                    "conference_id": "d4e5…",
                    "held_on": "2026-10-20",
                    "text": "聯繫家防中心確認保護令",
                    "owner": "cw-1",
                    "follow_up_on": "2026-11-10",
                    "case_id": None,
                    "done_on": None,
                    "done_by": None,
                }
            ]
        }
    )


class DecisionDoneIn(BaseModel):
    done_on: date | None = Field(None, description="default: today (Asia/Taipei)")
    note: str | None = Field(None, max_length=5000)

    model_config = ConfigDict(json_schema_extra={"examples": [{"done_on": "2026-11-09", "note": "已聯繫"}]})


class Agenda(BaseModel):
    county: str
    month: str
    computed_for: date
    not_met_3_plus: list[AgendaCase]
    high_risk_household: list[AgendaCase]
    due_and_overdue: list[AgendaCase]
    combined_issues: list[AgendaCase]
    refusing_tier_1_2: list[AgendaCase]
    re_reported: list[AgendaCase] = Field(description="suicide-attempt cases reported again (再次被通報)")
    multiple_problems: list[AgendaCase] = Field(
        description="suicide-attempt cases with psychiatric, domestic-violence or other protective issues"
    )
    incidents: list[IncidentOut] = Field(description="incidents with a deadline still open")
    open_decisions: list[DecisionOut] = Field(description="undone decisions of earlier conferences")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "month": "2026-11",
                    "computed_for": "2026-11-23",
                    "not_met_3_plus": [
                        {
                            "case_id": "6f1c…",
                            "national_id": "A12****789",
                            "name": "王*明",
                            "district": "頭份市",
                            "kinds": ["psychiatric"],
                            "tier": 2,
                            "facts": {"consecutive_not_met": 3, "reasons": ["consecutive_not_met"]},
                        }
                    ],
                    "high_risk_household": [],
                    "due_and_overdue": [],
                    "combined_issues": [],
                    "refusing_tier_1_2": [],
                    "re_reported": [],
                    "multiple_problems": [],
                    "incidents": [],
                    "open_decisions": [],
                }
            ]
        }
    )


class ConferenceIn(BaseModel):
    county: str = Field(min_length=2, max_length=10)
    month: str = Field(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", examples=["2026-11"])
    held_on: date
    kind: Literal["psychiatric", "suicide", "combined"]
    expert: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = Field(
        description="the external supervising expert (外部專家督導): required"
    )
    notes: str | None = Field(None, max_length=20000)
    case_ids: list[str] = Field(default_factory=list, max_length=1000, description="cases discussed")
    attendees: list[Attendees] = Field(default_factory=list, max_length=20, description="roles and counts")
    decisions: list[DecisionIn] = Field(default_factory=list, max_length=200)
    incident_ids: list[str] = Field(
        default_factory=list, max_length=200, description="incidents discussed: closes their conference deadline"
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "month": "2026-11",
                    "held_on": "2026-11-20",
                    "kind": "combined",
                    "expert": "Dr. Lin (external psychiatrist)",
                    "notes": "12 cases discussed",
                    "case_ids": [],
                    "attendees": [{"role": "external_expert", "count": 1}, {"role": "suicide_visitor", "count": 4}],
                    "decisions": [{"text": "聯繫家防中心", "owner": "cw-1", "follow_up_on": "2026-12-10"}],
                    "incident_ids": [],
                }
            ]
        }
    )


class ConferenceOut(BaseModel):
    id: str
    county: str
    month: str
    held_on: date
    kind: str
    expert: str | None
    has_external_expert: bool
    notes: str | None
    case_ids: list[str]
    attendees: list[Attendees]
    decisions: list[DecisionOut]
    incident_ids: list[str]
    created_by: str
    created_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "d4e5…",
                    "county": "TW-MIA",
                    "month": "2026-11",
                    "held_on": "2026-11-20",
                    "kind": "combined",
                    "expert": "Dr. Lin (external psychiatrist)",
                    "has_external_expert": True,
                    "notes": "12 cases discussed",
                    "case_ids": [],
                    "attendees": [{"role": "external_expert", "count": 1}],
                    "decisions": [],
                    "incident_ids": [],
                    "created_by": "sup-1",
                    "created_at": "2026-11-23T10:00:00+08:00",
                }
            ]
        }
    )


class ConferencePage(BaseModel):
    items: list[ConferenceOut]
    next_cursor: str | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": ConferenceOut.model_config["json_schema_extra"]["examples"], "next_cursor": None}]
        }
    )  # type: ignore[index]
