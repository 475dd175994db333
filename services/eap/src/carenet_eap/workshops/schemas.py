"""Bodies of workshops, support groups and enrolments."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from ..common import example_of
from .models import EnrolmentStatus, TargetGroup


class SessionIn(BaseModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime

    @model_validator(mode="after")
    def _order(self) -> SessionIn:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class WorkshopIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    target_group: TargetGroup = "all_staff"
    capacity: int = Field(ge=1, le=1000, description="hard: beyond it enrolments are waitlisted")
    location: str | None = Field(None, max_length=200)
    sessions: list[SessionIn] = Field(default_factory=list, max_length=52)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "title": "「真·避風港」自我探索工作坊",
                    "target_group": "age_60_plus",
                    "capacity": 10,
                    "location": "員工協談室 團體室",
                    "sessions": [
                        {"starts_at": "2026-12-02T14:00:00+08:00", "ends_at": "2026-12-02T17:00:00+08:00"},
                        {"starts_at": "2026-12-09T14:00:00+08:00", "ends_at": "2026-12-09T17:00:00+08:00"},
                    ],
                }
            ]
        }
    }


class WorkshopOut(BaseModel):
    id: str
    title: str
    target_group: TargetGroup
    capacity: int
    location: str | None = None
    sessions: list[SessionIn]
    enrolled: int
    waitlisted: int

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
                    "title": "「真·避風港」自我探索工作坊",
                    "target_group": "age_60_plus",
                    "capacity": 10,
                    "location": "員工協談室 團體室",
                    "sessions": [{"starts_at": "2026-12-02T06:00:00Z", "ends_at": "2026-12-02T09:00:00Z"}],
                    "enrolled": 10,
                    "waitlisted": 2,
                }
            ]
        }
    }


class EnrolmentOut(BaseModel):
    id: str
    workshop_id: str
    code_name: str
    status: EnrolmentStatus
    position: int | None = Field(None, description="place on the waitlist (1 = next to be promoted)")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d",
                    "workshop_id": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
                    "code_name": "WS-3PZQ7K2M",
                    "status": "waitlisted",
                    "position": 2,
                }
            ]
        }
    }


class EnrolmentList(BaseModel):
    items: list[EnrolmentOut]

    model_config = {"json_schema_extra": {"examples": [{"items": [example_of(EnrolmentOut)]}]}}


class AttendanceIn(BaseModel):
    session_index: int = Field(ge=0, le=51)
    attended: list[str] = Field(default_factory=list, description="code names of those present", max_length=1000)

    model_config = {"json_schema_extra": {"examples": [{"session_index": 0, "attended": ["WS-3PZQ7K2M"]}]}}


class AttendanceOut(BaseModel):
    session_index: int
    present: int
    absent: int

    model_config = {"json_schema_extra": {"examples": [{"session_index": 0, "present": 9, "absent": 1}]}}
