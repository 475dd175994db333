# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of discharge plans."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class DischargePlanIn(BaseModel):
    national_id: str = Field(min_length=10, max_length=10)
    name: str = Field(min_length=1, max_length=100)
    hospital: str = Field(min_length=1, max_length=200)
    discharged_at: date
    compulsory: bool = False
    needs_follow_up: bool = True
    summary: str | None = Field(None, max_length=20000)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "national_id": "A123456789",
                    "name": "王小明",
                    "hospital": "為恭紀念醫院",
                    "discharged_at": "2026-11-18",
                    "compulsory": False,
                    "needs_follow_up": True,
                    "summary": "schizophrenia, stable on discharge",
                }
            ]
        }
    )

    @field_validator("national_id")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.strip().upper()


class DischargePlanOut(BaseModel):
    id: str
    case_id: str | None
    status: Literal["linked", "pending_intake"]
    national_id: str = Field(description="masked")
    name: str = Field(description="masked")
    hospital: str
    county: str
    discharged_at: date
    uploaded_at: datetime
    upload_date: date
    uploaded_within_14_days: bool
    first_visit_due: date
    compulsory: bool
    needs_follow_up: bool
    first_visit_id: str | None = None
    first_visit_date: date | None = None
    first_visit_within_14_days: bool | None = None
    discharge_id: str | None = Field(None, description="the discharge notice the plan links to")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "a3e1…",
                    "case_id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                    "status": "linked",
                    "national_id": "A12****789",
                    "name": "王*明",
                    "hospital": "為恭紀念醫院",
                    "county": "TW-MIA",
                    "discharged_at": "2026-11-18",
                    "uploaded_at": "2026-11-23T09:00:00+08:00",
                    "upload_date": "2026-11-23",
                    "uploaded_within_14_days": True,
                    "first_visit_due": "2026-12-07",
                    "compulsory": False,
                    "needs_follow_up": True,
                    "first_visit_id": None,
                    "first_visit_date": None,
                    "first_visit_within_14_days": None,
                }
            ]
        }
    )


class DischargePlanPage(BaseModel):
    items: list[DischargePlanOut]
    next_cursor: str | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": DischargePlanOut.model_config["json_schema_extra"]["examples"], "next_cursor": None}]
        }
    )  # type: ignore[index]


class DischargeNoticeIn(BaseModel):
    national_id: str = Field(min_length=10, max_length=10)
    name: str = Field(min_length=1, max_length=100)
    hospital: str = Field(min_length=1, max_length=200)
    discharged_at: date
    compulsory: bool = False
    needs_follow_up: bool = True

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "national_id": "A123456789",
                    "name": "王小明",
                    "hospital": "為恭紀念醫院",
                    "discharged_at": "2026-11-30",
                    "compulsory": False,
                    "needs_follow_up": True,
                }
            ]
        }
    )

    @field_validator("national_id")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.strip().upper()


class DischargeNoticeOut(BaseModel):
    id: str
    national_id: str = Field(description="masked")
    name: str = Field(description="masked")
    hospital: str
    county: str
    discharged_at: date
    compulsory: bool
    needs_follow_up: bool
    source: Literal["notice", "plan"] = Field(description="`plan`: a plan that arrived with no notice is its own")
    notified_at: datetime
    plan_id: str | None
    plan_upload_date: date | None
    plan_due: date = Field(description="the last day to upload the plan: discharge + 14 days")
    plan_missing: bool = Field(description="needs follow-up, no plan, and the 14 days are over")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "b7d2…",
                    "national_id": "A12****789",
                    "name": "王*明",
                    "hospital": "為恭紀念醫院",
                    "county": "TW-MIA",
                    "discharged_at": "2026-11-30",
                    "compulsory": False,
                    "needs_follow_up": True,
                    "source": "notice",
                    "notified_at": "2026-11-30T10:00:00+08:00",
                    "plan_id": None,
                    "plan_upload_date": None,
                    "plan_due": "2026-12-14",
                    "plan_missing": False,
                }
            ]
        }
    )


class HospitalCount(BaseModel):
    hospital: str
    notices: int


class DischargeNoticePage(BaseModel):
    items: list[DischargeNoticeOut] = Field(description="by hospital, then discharge day")
    by_hospital: list[HospitalCount] = Field(description="how many notices each hospital has in this list")
    next_cursor: str | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": DischargeNoticeOut.model_config["json_schema_extra"]["examples"],
                    "by_hospital": [{"hospital": "為恭紀念醫院", "notices": 1}],
                    "next_cursor": None,
                }
            ]
        }
    )
