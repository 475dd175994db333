"""Request and response bodies of samplings, samples, verification, commitments and policies."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

MONTH_PATTERN = r"^20\d{2}-(0[1-9]|1[0-2])$"
COUNTY_PATTERN = r"^TW-[A-Z]{3}$"
SEED_EXAMPLE = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd"


class SamplingIn(BaseModel):
    month: str = Field(pattern=MONTH_PATTERN, description="YYYY-MM (Asia/Taipei), a month that has ended")
    county: str = Field(pattern=COUNTY_PATTERN)

    model_config = {"json_schema_extra": {"examples": [{"month": "2026-10", "county": "TW-MIA"}]}}


class UnitDraw(BaseModel):
    unit: str
    population: int
    sample_size: int


class ReviewProgress(BaseModel):
    total: int
    reviewed: int = Field(description="samples with a final verdict (justified / unjustified)")
    needs_follow_up: int
    unjustified: int
    open_anomalies: int


class SamplingOut(BaseModel):
    id: str
    month: str
    county: str
    seed: str = Field(description="the revealed seed; SHA-256(seed) is `commitment`")
    commitment: str
    committed_at: datetime
    rate: Decimal
    floor: int
    population: int
    sample_size: int
    trigger: str
    drawn_at: datetime
    drawn_by: str
    status: str = Field(description="`in_review` until every sample has a final verdict and a supervisor signs off")
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None
    late_records: int = Field(0, description="records of this month that arrived after the draw (not sampled)")
    units: list[UnitDraw]
    progress: ReviewProgress | None = None
    version: int = Field(1, description="changes whenever what a reader sees here changes (the ETag)")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "0b6f7c7e-5a7f-4c55-8b8e-0d7a1c2b3e4f",
                    "month": "2026-10",
                    "county": "TW-MIA",
                    "seed": SEED_EXAMPLE,
                    "commitment": "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592",
                    "committed_at": "2026-10-01T00:00:05+08:00",
                    "rate": "0.02",
                    "floor": 10,
                    "population": 1734,
                    "sample_size": 35,
                    "trigger": "scheduler",
                    "drawn_at": "2026-11-01T00:05:00+08:00",
                    "drawn_by": "scheduler",
                    "status": "in_review",
                    "signed_off_by": None,
                    "signed_off_at": None,
                    "late_records": 0,
                    "units": [
                        {"unit": "MIA-HB", "population": 1234, "sample_size": 25},
                        {"unit": "MIA-HS-TOUFEN", "population": 500, "sample_size": 10},
                    ],
                    "progress": {
                        "total": 35,
                        "reviewed": 0,
                        "needs_follow_up": 0,
                        "unjustified": 0,
                        "open_anomalies": 0,
                    },
                }
            ]
        }
    }


class SampleOut(BaseModel):
    id: str = Field(description="the sample id (the sampled record's id)")
    sampling_id: str
    unit: str
    rank: int = Field(description="1 = the unit's lowest ticket")
    ticket: str = Field(description="SHA-256(seed|unit|month|record_id), hex")
    record_id: str
    user_id: str | None
    queried_at: datetime | None
    subject: str = Field(description="masked subject: last four characters only")
    purpose: str | None
    case_ref: str | None
    matches_case: bool = Field(description="the case_ref points at a case the unit serves")
    verdict: str | None = None
    note: str | None = None
    reviewer: str | None = None
    reviewed_at: datetime | None = None
    explanation: str | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "6f1c1f0e-3a5b-4a51-9d0c-2b8e6c1f7a10",
                    "sampling_id": "0b6f7c7e-5a7f-4c55-8b8e-0d7a1c2b3e4f",
                    "unit": "MIA-HS-TOUFEN",
                    "rank": 1,
                    "ticket": "0003a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abc",
                    "record_id": "6f1c1f0e-3a5b-4a51-9d0c-2b8e6c1f7a10",
                    "user_id": "nurse-0042",
                    "queried_at": "2026-10-05T10:12:00+08:00",
                    "subject": "******6789",
                    "purpose": "訪視前確認戶籍地址",
                    "case_ref": "c-2026-000123",
                    "matches_case": False,
                    "verdict": None,
                    "note": None,
                    "reviewer": None,
                    "reviewed_at": None,
                    "explanation": None,
                }
            ]
        }
    }


class VerifyCheck(BaseModel):
    name: str
    ok: bool
    detail: str | None = None


class VerifyOut(BaseModel):
    match: bool
    sampling_id: str
    seed: str
    commitment: str
    ticket_formula: str = "SHA-256(UTF-8(seed + '|' + unit + '|' + month + '|' + record_id)), lowest tickets drawn"
    checks: list[VerifyCheck]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "match": True,
                    "sampling_id": "0b6f7c7e-5a7f-4c55-8b8e-0d7a1c2b3e4f",
                    "seed": SEED_EXAMPLE,
                    "commitment": "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592",
                    "ticket_formula": "SHA-256(UTF-8(seed + '|' + unit + '|' + month + '|' + record_id)), lowest tickets drawn",
                    "checks": [{"name": "commitment", "ok": True, "detail": None}],
                }
            ]
        }
    }


class CommitmentOut(BaseModel):
    county: str
    month: str
    commitment: str = Field(description="SHA-256 of the month's seed, published before the draw")
    committed_at: datetime
    seed: str | None = Field(None, description="revealed only once the month is drawn")
    revealed_at: datetime | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "county": "TW-MIA",
                    "month": "2026-11",
                    "commitment": "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592",
                    "committed_at": "2026-11-01T00:00:05+08:00",
                    "seed": None,
                    "revealed_at": None,
                }
            ]
        }
    }


class PolicyIn(BaseModel):
    rate: Decimal = Field(gt=0, le=1, max_digits=6, decimal_places=4)
    floor: int = Field(ge=0, le=100_000)

    model_config = {"json_schema_extra": {"examples": [{"rate": "0.02", "floor": 10}]}}


class PolicyOut(BaseModel):
    county: str
    rate: Decimal
    floor: int
    default: bool = Field(description="true when the county has not set its own")

    model_config = {
        "json_schema_extra": {"examples": [{"county": "TW-MIA", "rate": "0.02", "floor": 10, "default": True}]}
    }


class SignOffIn(BaseModel):
    note: str | None = Field(None, max_length=2000)

    model_config = {"json_schema_extra": {"examples": [{"note": "十月份抽樣審查完成"}]}}


class SamplingSummary(BaseModel):
    """One row of the samplings list: what an auditor's month overview needs."""

    id: str
    month: str
    county: str
    population: int
    sample_size: int
    status: str
    drawn_at: datetime
    signed_off_at: datetime | None = None
    progress: ReviewProgress

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0f5b6c1e-8d2a-4b7e-9c3f-1a2b3c4d5e6f",
                    "month": "2026-11",
                    "county": "TW-MIA",
                    "population": 1830,
                    "sample_size": 420,
                    "status": "in_review",
                    "drawn_at": "2026-12-01T02:00:00+08:00",
                    "signed_off_at": None,
                    "progress": {
                        "total": 420,
                        "reviewed": 380,
                        "needs_follow_up": 2,
                        "unjustified": 1,
                        "open_anomalies": 1,
                    },
                }
            ]
        }
    )


class SamplingList(BaseModel):
    items: list[SamplingSummary] = Field(description="newest month first")
