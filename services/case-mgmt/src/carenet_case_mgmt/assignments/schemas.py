# mypy: disable-error-code="index"
"""Request and response models of case assignment."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class CaseAssignmentIn(BaseModel):
    assigned_to: str = Field(min_length=1, max_length=200, description="the case worker's `sub`")
    reason: str = Field(min_length=1, max_length=2000)

    model_config = ConfigDict(json_schema_extra={"examples": [{"assigned_to": "cw-2", "reason": "caseload balance"}]})


class CaseAssignmentOut(BaseModel):
    id: str
    case_id: str
    from_sub: str | None = Field(description="the previous case worker (null: unassigned)")
    assigned_to: str | None = Field(description="the case worker from now on (null: unassigned)")
    reason: str
    assigned_at: datetime
    assigned_by: str

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "5a0c…",
                    "case_id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                    "from_sub": "cw-1",
                    "assigned_to": "cw-2",
                    "reason": "caseload balance",
                    "assigned_at": "2026-11-30T09:00:00+08:00",
                    "assigned_by": "sup-1",
                }
            ]
        }
    )


class CaseAssignmentHistory(BaseModel):
    items: list[CaseAssignmentOut]

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": CaseAssignmentOut.model_config["json_schema_extra"]["examples"]}]}
    )
