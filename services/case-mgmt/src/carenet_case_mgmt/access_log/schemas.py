"""Request and answer of the access-log query."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class AccessLogQuery(BaseModel):
    """The person is named in the body, never in the URL (URLs end up in logs)."""

    national_id: str = Field(
        min_length=10, max_length=10, pattern=r"^[A-Za-z][A-Za-z0-9][0-9]{8}$", examples=["A123456789"]
    )

    model_config = {"json_schema_extra": {"examples": [{"national_id": "A123456789"}]}}


class AccessEntryOut(BaseModel):
    at: datetime
    actor: str = Field(examples=["cw-001"])
    role: str = Field(examples=["case_worker"])
    action: str = Field(examples=["read"])
    resource: str = Field(examples=["case/7f1c…"])
    request_id: str | None = None


class AccessLog(BaseModel):
    national_id_masked: str = Field(examples=["A12****789"])
    items: list[AccessEntryOut]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "national_id_masked": "A12****789",
                    "items": [
                        {
                            "at": "2026-11-23T09:12:00+08:00",
                            "actor": "cw-001",
                            "role": "case_worker",
                            "action": "read",
                            "resource": "case/7f1c2d",
                            "request_id": "4b9e0c",
                        }
                    ],
                }
            ]
        }
    }
