# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of escorts to hospital."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

Reason = Literal["self_harm", "harm_to_others", "acute_psychosis", "refusing_treatment", "physical_illness", "other"]
EscortedBy = Literal["police", "fire", "public_health_nurse", "case_worker", "family", "ambulance", "other"]
Outcome = Literal["admitted", "compulsory_admission", "emergency_only", "refused_by_hospital", "other"]

ESCORT_EXAMPLE = {
    "id": "7d3c0f5e-2b1a-4c9d-8e7f-6a5b4c3d2e1f",
    "escorted_at": "2026-11-29T22:10:00+08:00",
    "reason": "harm_to_others",
    "escorted_by": ["police", "public_health_nurse"],
    "hospital": "大千綜合醫院",
    "outcome": "admitted",
    "note": "family called 110",
}


class EscortIn(BaseModel):
    id: UUID = Field(description="the client's own UUID: a resend with it creates nothing")
    escorted_at: datetime = Field(description="a time without offset is Asia/Taipei")
    reason: Reason = Field(description="送醫事由")
    escorted_by: list[EscortedBy] = Field(min_length=1, max_length=7)
    hospital: str = Field(min_length=1, max_length=200)
    outcome: Outcome
    note: str | None = Field(None, max_length=5000)

    model_config = ConfigDict(json_schema_extra={"examples": [ESCORT_EXAMPLE]})


class EscortOut(BaseModel):
    id: str
    case_id: str
    escorted_at: datetime
    reason: str
    escorted_by: list[str]
    hospital: str
    outcome: str
    note: str | None
    recorded_by: str
    recorded_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **ESCORT_EXAMPLE,
                    "case_id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                    "recorded_by": "cw-1",
                    "recorded_at": "2026-11-30T09:00:00+08:00",
                }
            ]
        }
    )


class EscortList(BaseModel):
    items: list[EscortOut]

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": EscortOut.model_config["json_schema_extra"]["examples"]}]}
    )
