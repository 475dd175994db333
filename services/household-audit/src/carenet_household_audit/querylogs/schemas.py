"""Request and response bodies of query-log ingest."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from pydantic.config import JsonDict

MAX_RECORDS = 10_000

RECORD_EXAMPLE: JsonDict = {
    "id": "6f1c1f0e-3a5b-4a51-9d0c-2b8e6c1f7a10",
    "unit": "MIA-HS-TOUFEN",
    "county": "TW-MIA",
    "user_id": "nurse-0042",
    "queried_at": "2026-10-05T10:12:00+08:00",
    "subject_national_id": "A123456789",
    "purpose": "精神照護個案訪視前確認戶籍地址",
    "case_ref": "c-2026-000123",
}


class IngestBatch(BaseModel):
    """Records are validated one by one by the service (a bad one is rejected alone), so they arrive untyped here."""

    records: list[Any] = Field(
        max_length=MAX_RECORDS,
        description=(
            "up to 10 000 records `{id, unit, county, user_id, queried_at, subject_national_id, purpose, case_ref}`"
        ),
    )

    model_config = {"json_schema_extra": {"examples": [{"records": [RECORD_EXAMPLE]}]}}


class Rejected(BaseModel):
    index: int = Field(description="position of the record in `records` (0-based)")
    reason: str
    id: str | None = None


class LateRecord(BaseModel):
    index: int
    id: str
    county: str
    month: str
    sampling_id: str


class IngestResult(BaseModel):
    accepted: int = Field(description="records stored by this request")
    duplicates: int = Field(
        description="records whose id was already stored (or repeated in the batch): not stored again"
    )
    rejected: list[Rejected]
    late: list[LateRecord] = Field(
        default_factory=list,
        description=(
            "accepted records of a month whose sampling was already drawn: stored, flagged late, not in the sample"
        ),
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "accepted": 997,
                    "duplicates": 0,
                    "rejected": [{"index": 17, "reason": "unknown unit 'XYZ' (register it first)", "id": None}],
                    "late": [],
                }
            ]
        }
    }
