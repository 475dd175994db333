"""Request and response bodies of legal holds and purge records."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class LegalHoldIn(BaseModel):
    county: str = Field(pattern=r"^TW-[A-Z]{3}$")
    month: str = Field(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$")
    unit: str | None = Field(None, max_length=50, description="one unit, or every unit of the county when absent")
    reason: str = Field(min_length=1, max_length=2000)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "county": "TW-MIA",
                    "month": "2023-05",
                    "unit": "MIA-HS-TOUFEN",
                    "reason": "地檢署調查中，保全相關紀錄",
                }
            ]
        }
    }


class LegalHoldOut(BaseModel):
    id: str
    county: str
    month: str
    unit: str | None
    reason: str
    placed_by: str
    placed_at: datetime
    released_at: datetime | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                    "county": "TW-MIA",
                    "month": "2023-05",
                    "unit": "MIA-HS-TOUFEN",
                    "reason": "地檢署調查中，保全相關紀錄",
                    "placed_by": "admin-01",
                    "placed_at": "2026-11-23T10:00:00+08:00",
                    "released_at": None,
                }
            ]
        }
    }


class PurgeRecordOut(BaseModel):
    id: int
    ran_at: datetime
    cutoff_month: str = Field(description="months before this one were past retention")
    county: str
    period: str
    kind: str
    rows: int

    model_config = {
        "from_attributes": True,
        "json_schema_extra": {
            "examples": [
                {
                    "id": 1,
                    "ran_at": "2026-11-23T03:00:00+08:00",
                    "cutoff_month": "2023-11",
                    "county": "TW-MIA",
                    "period": "2023-10",
                    "kind": "query_logs",
                    "rows": 18234,
                }
            ]
        },
    }


class PurgeRunOut(BaseModel):
    cutoff_month: str
    records: list[PurgeRecordOut]

    model_config = {"json_schema_extra": {"examples": [{"cutoff_month": "2023-11", "records": []}]}}
