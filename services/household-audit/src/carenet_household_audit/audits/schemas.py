"""Request and response bodies of the semiannual internal audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class InternalAuditIn(BaseModel):
    half: str = Field(pattern=r"^20\d{2}-H[12]$", description="YYYY-H1 or YYYY-H2, a half-year that has ended")
    county: str = Field(pattern=r"^TW-[A-Z]{3}$")

    model_config = {"json_schema_extra": {"examples": [{"half": "2026-H1", "county": "TW-MIA"}]}}


class MonthResult(BaseModel):
    month: str
    sampling_id: str | None
    drawn: bool
    drawn_at: datetime | None
    due: datetime
    on_time: bool
    sizes_verified: bool = Field(description="re-verified now: sizes follow the rule and the draw redraws identically")
    reviews_complete: bool
    signed_off: bool
    anomalies: int
    anomalies_handled: int = Field(description="anomalies whose outcome was reported to the ministry")
    findings: list[str]


class InternalAuditOut(BaseModel):
    id: str
    county: str
    half: str
    plan: dict[str, Any]
    results: list[MonthResult]
    passed: bool
    created_by: str
    created_at: datetime
    version: int = Field(1, description="changes whenever the audit changes (the ETag)")
    status: str = Field("draft", description="`draft` until submitted to the ministry, then `submitted`")
    submitted_by: str | None = None
    submitted_at: datetime | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "5e0c2a5b-1f5e-4b6a-8a0e-9b1c2d3e4f50",
                    "county": "TW-MIA",
                    "half": "2026-H1",
                    "plan": {
                        "scope": "TW-MIA 2026-01 … 2026-06 每月戶役政查詢抽樣",
                        "months": ["2026-01", "2026-02"],
                        "checks": ["on_time", "sizes_verified", "reviews_complete", "signed_off", "anomalies_handled"],
                    },
                    "results": [
                        {
                            "month": "2026-01",
                            "sampling_id": "0b6f7c7e-5a7f-4c55-8b8e-0d7a1c2b3e4f",
                            "drawn": True,
                            "drawn_at": "2026-02-01T00:05:00+08:00",
                            "due": "2026-02-06T00:00:00+08:00",
                            "on_time": True,
                            "sizes_verified": True,
                            "reviews_complete": True,
                            "signed_off": True,
                            "anomalies": 1,
                            "anomalies_handled": 1,
                            "findings": [],
                        }
                    ],
                    "passed": True,
                    "created_by": "admin-01",
                    "created_at": "2026-07-03T10:00:00+08:00",
                }
            ]
        }
    }
