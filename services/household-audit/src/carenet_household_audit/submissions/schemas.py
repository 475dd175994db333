"""What the ministry reads of the counties' submissions: no person in it (no subject, no user, no free text)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from ..audits.schemas import MonthResult


class AuditSubmissionOut(BaseModel):
    """A county's semiannual internal audit as submitted (提報) to the ministry."""

    id: str
    county: str
    half: str
    passed: bool
    submitted_at: datetime
    results: list[MonthResult] = Field(description="per month: drawn, on time, verified, reviewed, signed off")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "5e0c2a5b-1f5e-4b6a-8a0e-9b1c2d3e4f50",
                    "county": "TW-MIA",
                    "half": "2026-H1",
                    "passed": True,
                    "submitted_at": "2026-07-10T10:00:00+08:00",
                    "results": [],
                }
            ]
        }
    }


class AnomalySubmissionOut(BaseModel):
    """An abnormal query whose investigation and outcome the county notified (通知本部); the outcome text and
    the people stay with the county."""

    id: str
    county: str
    month: str
    unit: str
    sampling_id: str
    opened_at: datetime
    concluded_at: datetime | None
    submitted_at: datetime
    report_ref: str | None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "a3c1e5d2-8b7f-4e6a-9c0d-1e2f3a4b5c6d",
                    "county": "TW-MIA",
                    "month": "2026-10",
                    "unit": "MIA-HS-TOUFEN",
                    "sampling_id": "0b6f7c7e-5a7f-4c55-8b8e-0d7a1c2b3e4f",
                    "opened_at": "2026-11-05T14:00:00+08:00",
                    "concluded_at": "2026-11-20T10:00:00+08:00",
                    "submitted_at": "2026-11-21T09:00:00+08:00",
                    "report_ref": "苗衛字第1150001234號",
                }
            ]
        }
    }
