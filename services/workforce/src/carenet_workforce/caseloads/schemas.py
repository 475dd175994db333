"""Response models of the supervisor's caseload view."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class WorkerOut(BaseModel):
    sub: str = Field(description="the case worker's login (`sub`)")
    name: str | None = Field(description="from the staff register; null when not on it")
    staff_kind: str | None = Field(description="the staff line (psychiatric_visitor, …); null when not on the register")
    open_cases: int
    overdue: int
    over_limit: bool


class KindTotalOut(BaseModel):
    workers: int
    open_cases: int
    overdue: int


class CaseloadViewOut(BaseModel):
    county: str
    district: str | None
    on: date
    caseload_limit: int = Field(description="case-mgmt's per-worker limit for the county")
    workers: list[WorkerOut] = Field(description="by open cases, most first")
    by_staff_kind: dict[str, KindTotalOut] = Field(
        description="totals per staff line; `unregistered` for workers holding cases off the register"
    )
    not_in_register: list[str] = Field(description="subs holding open cases who are not employed on the register")
    case_managers_without_cases: list[str] = Field(description="case managers on the register holding no open case")
    unassigned_cases: int = Field(description="open cases with no assigned case worker")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "district": None,
                    "on": "2026-12-07",
                    "caseload_limit": 80,
                    "workers": [
                        {
                            "sub": "cw-1",
                            "name": "王小明",
                            "staff_kind": "psychiatric_visitor",
                            "open_cases": 42,
                            "overdue": 3,
                            "over_limit": False,
                        }
                    ],
                    "by_staff_kind": {"psychiatric_visitor": {"workers": 1, "open_cases": 42, "overdue": 3}},
                    "not_in_register": [],
                    "case_managers_without_cases": ["cw-9"],
                    "unassigned_cases": 5,
                }
            ]
        }
    )
