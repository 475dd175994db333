"""Bodies of new-staff registration and care questionnaires."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from ..common import example_of
from . import rules
from .models import NewStaff
from .rules import Questionnaire


class NewStaffIn(BaseModel):
    employee_ref: str = Field(min_length=1, max_length=200, description="the new employee's login `sub`")
    hire_date: date
    agency: str | None = Field(None, max_length=200)

    model_config = {
        "json_schema_extra": {
            "examples": [{"employee_ref": "emp-0107", "hire_date": "2026-10-01", "agency": "臺北市政府社會局"}]
        }
    }


class WindowOut(BaseModel):
    questionnaire: Questionnaire
    opens: date
    closes: date
    answered: bool


class NewStaffOut(BaseModel):
    id: str
    code_name: str
    hire_date: date
    windows: list[WindowOut]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091",
                    "code_name": "NS-K7M2Q9ZP",
                    "hire_date": "2026-10-01",
                    "windows": [
                        {"questionnaire": "first", "opens": "2026-11-01", "closes": "2027-01-01", "answered": False},
                        {
                            "questionnaire": "anniversary",
                            "opens": "2027-10-01",
                            "closes": "2027-10-31",
                            "answered": False,
                        },
                    ],
                }
            ]
        }
    }


class DueOut(BaseModel):
    """One questionnaire due, by code name only (for HR)."""

    code_name: str
    agency: str | None = None
    questionnaire: Questionnaire
    opens: date
    closes: date

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "code_name": "NS-K7M2Q9ZP",
                    "agency": "臺北市政府社會局",
                    "questionnaire": "first",
                    "opens": "2026-11-01",
                    "closes": "2027-01-01",
                }
            ]
        }
    }


class DueList(BaseModel):
    on: date
    items: list[DueOut]

    model_config = {"json_schema_extra": {"examples": [{"on": "2026-11-23", "items": [example_of(DueOut)]}]}}


class CheckInIn(BaseModel):
    questionnaire: Questionnaire
    answers: dict[str, Any] = Field(min_length=1, max_length=100)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "questionnaire": "first",
                    "answers": {"adaptation": 4, "workload": 3, "mentor_helpful": True, "needs": "希望多了解差勤系統"},
                }
            ]
        }
    }


class CheckInOut(BaseModel):
    id: str
    questionnaire: Questionnaire
    submitted_on: date

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"id": "7c6b5a49-3827-4161-a5b4-c3d2e1f0a9b8", "questionnaire": "first", "submitted_on": "2026-11-23"}
            ]
        }
    }


def new_staff_out(ns: NewStaff, answered: set[str]) -> NewStaffOut:
    return NewStaffOut(
        id=ns.id,
        code_name=ns.code_name,
        hire_date=ns.hire_date,
        windows=[
            WindowOut(
                questionnaire=w.questionnaire, opens=w.opens, closes=w.closes, answered=w.questionnaire in answered
            )
            for w in rules.due_windows(ns.hire_date)
        ],
    )
