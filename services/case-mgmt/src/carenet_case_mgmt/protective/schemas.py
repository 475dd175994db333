# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of protective-issue assignments."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Issue = Literal["child_protection", "domestic_violence", "sexual_assault"]


class AssignIn(BaseModel):
    social_worker: str = Field(
        min_length=1, max_length=200, description="the mental-health social worker's login `sub`"
    )
    issue: Issue
    reason: str | None = Field(None, max_length=2000)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"social_worker": "sw-07", "issue": "domestic_violence", "reason": "open DV case at the social bureau"}
            ]
        }
    )


class CloseAssignmentIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reason": "family safety plan in place; DV case closed"}]}
    )


class AssignmentOut(BaseModel):
    id: str
    case_id: str
    social_worker: str
    issue: str
    reason: str | None
    assigned_by: str
    assigned_at: datetime
    closed_at: datetime | None
    closed_by: str | None
    close_reason: str | None
    case_status: str = Field(description="stays `open`: the community team follows the case again")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "e5f6…",
                    "case_id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                    "social_worker": "sw-07",
                    "issue": "domestic_violence",
                    "reason": "open DV case",
                    "assigned_by": "sup-1",
                    "assigned_at": "2026-11-23T10:00:00+08:00",
                    "closed_at": None,
                    "closed_by": None,
                    "close_reason": None,
                    "case_status": "open",
                }
            ]
        }
    )
