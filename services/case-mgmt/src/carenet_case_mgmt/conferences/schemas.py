# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of conferences."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class AgendaCase(BaseModel):
    case_id: str
    national_id: str = Field(description="masked")
    name: str = Field(description="masked")
    district: str
    kinds: list[str]
    tier: int
    facts: dict[str, Any] = Field(description="the facts that put the case in this section")


class Agenda(BaseModel):
    county: str
    month: str
    computed_for: date
    not_met_3_plus: list[AgendaCase]
    high_risk_household: list[AgendaCase]
    due_and_overdue: list[AgendaCase]
    combined_issues: list[AgendaCase]
    refusing_tier_1_2: list[AgendaCase]

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
                }
            ]
        }
    )


class ConferenceIn(BaseModel):
    county: str = Field(min_length=2, max_length=10)
    month: str = Field(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", examples=["2026-11"])
    held_on: date
    kind: Literal["psychiatric", "suicide", "combined"]
    expert: str | None = Field(None, max_length=200, description="the external expert supervising")
    notes: str | None = Field(None, max_length=20000)
    case_ids: list[str] = Field(default_factory=list, max_length=1000, description="cases discussed")

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
    notes: str | None
    case_ids: list[str]
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
                    "notes": "12 cases discussed",
                    "case_ids": [],
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
