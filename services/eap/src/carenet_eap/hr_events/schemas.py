"""Bodies of the HR-system hook."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from .rules import HrEventKind


class HrEventIn(BaseModel):
    id: str = Field(min_length=1, max_length=200, description="the HR system's own id of the event (idempotency)")
    employee_sub: str = Field(min_length=1, max_length=200, description="the employee's login `sub`")
    agency: str | None = Field(None, max_length=200)
    kind: HrEventKind
    occurred_on: date

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "HR-2026-000123",
                    "employee_sub": "emp-0042",
                    "agency": "工務局",
                    "kind": "bereavement",
                    "occurred_on": "2026-11-27",
                }
            ]
        }
    }


class HrEventAccepted(BaseModel):
    """The same answer for a new event and a repeat: HR learns nothing about the employee."""

    accepted: bool = True
