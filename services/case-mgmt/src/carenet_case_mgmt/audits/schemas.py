# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of visit-record audits."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class AuditIn(BaseModel):
    county: str = Field(min_length=2, max_length=10)
    quarter: str = Field(pattern=r"^20\d{2}-Q[1-4]$", examples=["2026-Q3"])
    kind: Literal["psychiatric", "suicide_attempt"]

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"county": "TW-MIA", "quarter": "2026-Q3", "kind": "psychiatric"}]}
    )


class SampleOut(BaseModel):
    visit_id: str
    position: int
    result: str | None
    note: str | None
    recorded_by: str | None
    recorded_at: datetime | None
    supplement_id: str | None = Field(None, description="set when drawn in a supplementary draw")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "visit_id": "3f6c1f0e-1d0b-4e5a-9c43-7a1b2c3d4e5f",
                    "position": 1,
                    "result": "complete",
                    "note": "assessment filled in",
                    "recorded_by": "aud-1",
                    "recorded_at": "2026-10-06T10:00:00+08:00",
                }
            ]
        }
    )


class AuditOut(BaseModel):
    id: str
    county: str
    quarter: str
    kind: str
    seed: str
    population: int
    rate: float
    sample_size: int
    drawn_at: datetime
    drawn_by: str
    audited: int = Field(description="samples with a recorded result")
    samples: list[SampleOut]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "f1e2…",
                    "county": "TW-MIA",
                    "quarter": "2026-Q3",
                    "kind": "psychiatric",
                    "seed": "9b1f0c3e5a7d4b2e8c6a1f3d5e7b9a0c",
                    "population": 4200,
                    "rate": 0.1,
                    "sample_size": 420,
                    "drawn_at": "2026-10-05T09:00:00+08:00",
                    "drawn_by": "sup-1",
                    "audited": 1,
                    "samples": [
                        {
                            "visit_id": "3f6c1f0e-1d0b-4e5a-9c43-7a1b2c3d4e5f",
                            "position": 1,
                            "result": "complete",
                            "note": None,
                            "recorded_by": "aud-1",
                            "recorded_at": "2026-10-06T10:00:00+08:00",
                        }
                    ],
                }
            ]
        }
    )


class SupplementOut(BaseModel):
    """補充抽查 — a supplementary draw of records uploaded after the audit, at the audit's rate."""

    id: str
    audit_id: str
    seed: str
    population: int = Field(description="records of the quarter uploaded after the earlier draws")
    rate: float
    sample_size: int
    drawn_at: datetime
    drawn_by: str
    samples: list[SampleOut]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b7c…",
                    "audit_id": "f1e2…",
                    "seed": "4c1d0e2f3a5b6c7d8e9f0a1b2c3d4e5f",
                    "population": 12,
                    "rate": 0.1,
                    "sample_size": 2,
                    "drawn_at": "2027-01-20T09:00:00+08:00",
                    "drawn_by": "sup-1",
                    "samples": [],
                }
            ]
        }
    )


class ResultIn(BaseModel):
    visit_id: str
    result: Literal["complete", "incomplete", "inaccurate"]
    note: str | None = Field(None, max_length=5000)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "visit_id": "3f6c1f0e-1d0b-4e5a-9c43-7a1b2c3d4e5f",
                    "result": "complete",
                    "note": "assessment filled in",
                }
            ]
        }
    )


class VerifyOut(BaseModel):
    match: bool
    sample_size: int

    model_config = ConfigDict(json_schema_extra={"examples": [{"match": True, "sample_size": 420}]})


class AuditPage(BaseModel):
    items: list[AuditOut]
    next_cursor: str | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": AuditOut.model_config["json_schema_extra"]["examples"], "next_cursor": None}]
        }
    )  # type: ignore[index]
