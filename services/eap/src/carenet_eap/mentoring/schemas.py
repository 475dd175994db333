"""Bodies of new-staff mentoring."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from .rules import DEFAULT_MONTHS


class MentorshipIn(BaseModel):
    new_staff_id: str = Field(min_length=1, max_length=36, description="the id from POST /v1/new-staff")
    mentor_sub: str = Field(min_length=1, max_length=200, description="the senior colleague's login")
    months: int = Field(DEFAULT_MONTHS, ge=1, le=12)


class MonthOut(BaseModel):
    month: str
    held_on: date | None


class MentorshipOut(BaseModel):
    id: str
    code_name: str = Field(description="the new staff member's code name (代號)")
    mentor_sub: str
    hire_date: date
    months: list[MonthOut]


class TalkIn(BaseModel):
    held_on: date


class DueMentoring(BaseModel):
    mentorship_id: str
    code_name: str
    mentor_sub: str


class DueMentoringList(BaseModel):
    month: str
    items: list[DueMentoring]
