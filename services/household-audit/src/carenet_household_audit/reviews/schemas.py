"""Request and response bodies of reviews, explanations, anomalies and sign-off."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from .rules import AnomalyStatus, Verdict


class ReviewIn(BaseModel):
    verdict: Verdict
    note: str | None = Field(None, max_length=2000)

    model_config = {"json_schema_extra": {"examples": [{"verdict": "unjustified", "note": "查詢目的與個案無關"}]}}


class ReviewOut(BaseModel):
    sample_id: str
    sampling_id: str
    verdict: Verdict
    note: str | None
    reviewer: str
    reviewed_at: datetime
    final: bool = Field(description="justified / unjustified are final; needs_follow_up waits for an explanation")
    follow_up_requested: bool = False
    anomaly_id: str | None = Field(None, description="the anomaly an unjustified verdict opened")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "sample_id": "6f1c1f0e-3a5b-4a51-9d0c-2b8e6c1f7a10",
                    "sampling_id": "0b6f7c7e-5a7f-4c55-8b8e-0d7a1c2b3e4f",
                    "verdict": "unjustified",
                    "note": "查詢目的與個案無關",
                    "reviewer": "auditor-01",
                    "reviewed_at": "2026-11-05T14:00:00+08:00",
                    "final": True,
                    "follow_up_requested": False,
                    "anomaly_id": "a3c1e5d2-8b7f-4e6a-9c0d-1e2f3a4b5c6d",
                }
            ]
        }
    }


class ExplanationIn(BaseModel):
    explanation: str = Field(min_length=1, max_length=4000)

    model_config = {
        "json_schema_extra": {"examples": [{"explanation": "個案家屬來電表示已搬家，查詢新戶籍地以安排訪視"}]}
    }


class ExplanationOut(BaseModel):
    sample_id: str
    explanation: str
    explained_at: datetime

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "sample_id": "6f1c1f0e-3a5b-4a51-9d0c-2b8e6c1f7a10",
                    "explanation": "個案家屬來電表示已搬家",
                    "explained_at": "2026-11-06T09:00:00+08:00",
                }
            ]
        }
    }


class AnomalyOut(BaseModel):
    id: str
    sample_id: str
    sampling_id: str
    county: str
    month: str
    unit: str
    status: AnomalyStatus
    opened_at: datetime
    opened_by: str
    investigation_started_at: datetime | None = None
    outcome: str | None = None
    concluded_at: datetime | None = None
    reported_to_ministry_at: datetime | None = None
    report_ref: str | None = None
    reported_by: str | None = Field(None, description="who submitted the outcome to the ministry")
    version: int

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "a3c1e5d2-8b7f-4e6a-9c0d-1e2f3a4b5c6d",
                    "sample_id": "6f1c1f0e-3a5b-4a51-9d0c-2b8e6c1f7a10",
                    "sampling_id": "0b6f7c7e-5a7f-4c55-8b8e-0d7a1c2b3e4f",
                    "county": "TW-MIA",
                    "month": "2026-10",
                    "unit": "MIA-HS-TOUFEN",
                    "status": "open",
                    "opened_at": "2026-11-05T14:00:00+08:00",
                    "opened_by": "auditor-01",
                    "investigation_started_at": None,
                    "outcome": None,
                    "concluded_at": None,
                    "reported_to_ministry_at": None,
                    "report_ref": None,
                    "version": 1,
                }
            ]
        }
    }


class AnomalyPatch(BaseModel):
    status: AnomalyStatus | None = None
    outcome: str | None = Field(None, max_length=4000)
    report_ref: str | None = Field(None, max_length=200, description="the letter or system reference of the report")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"status": "concluded", "outcome": "查詢者已接受懲處並重新教育訓練"},
                {"status": "reported", "report_ref": "苗衛字第1150001234號"},
            ]
        }
    }


class AnomalySubmitIn(BaseModel):
    report_ref: str | None = Field(None, max_length=200, description="the letter or system reference of the report")

    model_config = {"json_schema_extra": {"examples": [{"report_ref": "苗衛字第1150001234號"}]}}
