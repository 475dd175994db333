"""Response models of caseloads."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class Caseload(BaseModel):
    assigned_to: str | None = Field(description="the case worker's `sub`; null for the unassigned cases")
    open_cases: int
    by_tier: dict[str, int] = Field(description="open cases per tier, keys `1`…`5`")
    by_kind: dict[str, int] = Field(description="open cases per kind (a case of two kinds counts in both)")
    overdue: int
    over_limit: bool


class SupervisorRatio(BaseModel):
    case_managers: int = Field(description="distinct case workers holding at least one open case of the county")
    supervisors_required: int = Field(description="ceil(case_managers / 7) — seed 001 「每7位個管人員配置1名督導」")
    counted: str


class Caseloads(BaseModel):
    county: str
    district: str | None
    on: date
    caseload_limit: int
    limit_source: str
    items: list[Caseload]
    unassigned: Caseload
    supervisor_ratio: SupervisorRatio

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "district": None,
                    "on": "2026-11-30",
                    "caseload_limit": 80,
                    "limit_source": "default",
                    "items": [
                        {
                            "assigned_to": "cw-1",
                            "open_cases": 42,
                            "by_tier": {"1": 10, "2": 12, "3": 20},
                            "by_kind": {"psychiatric": 30, "suicide_attempt": 14},
                            "overdue": 3,
                            "over_limit": False,
                        }
                    ],
                    "unassigned": {
                        "assigned_to": None,
                        "open_cases": 5,
                        "by_tier": {"1": 5},
                        "by_kind": {"psychiatric": 5},
                        "overdue": 1,
                        "over_limit": False,
                    },
                    "supervisor_ratio": {"case_managers": 8, "supervisors_required": 2, "counted": "…"},
                }
            ]
        }
    )
