# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of transfers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field


class TransferIn(BaseModel):
    to_county: str = Field(
        min_length=2, max_length=10, examples=["TW-HSQ"], validation_alias=AliasChoices("to_county", "county")
    )
    to_district: str | None = Field(
        None, max_length=50, examples=["竹北市"], validation_alias=AliasChoices("to_district", "district")
    )
    reason: str = Field("", max_length=2000)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"to_county": "TW-HSQ", "to_district": "竹北市", "reason": "verified to live in Hsinchu County"}
            ]
        }
    )


class DecisionIn(BaseModel):
    district: str | None = Field(None, max_length=50, description="on accept: the district in the receiving county")
    note: str | None = Field(None, max_length=2000)

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"district": "竹北市", "note": "assigned to the 竹北 team"}]}
    )


class TransferOut(BaseModel):
    id: str
    case_id: str
    from_county: str
    to_county: str
    to_district: str | None
    reason: str
    state: Literal["offered", "accepted", "rejected", "revoked", "expired"]
    offered_at: datetime
    offered_by: str
    expires_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str | None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "c1d2…",
                    "case_id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                    "from_county": "TW-MIA",
                    "to_county": "TW-HSQ",
                    "to_district": "竹北市",
                    "reason": "verified to live in Hsinchu County",
                    "state": "offered",
                    "offered_at": "2026-11-23T10:00:00+08:00",
                    "offered_by": "sup-1",
                    "expires_at": "2026-12-07T10:00:00+08:00",
                    "decided_at": None,
                    "decided_by": None,
                    "decision_note": None,
                }
            ]
        }
    )


class TransferPage(BaseModel):
    items: list[TransferOut]
    next_cursor: str | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": TransferOut.model_config["json_schema_extra"]["examples"], "next_cursor": None}]
        }
    )  # type: ignore[index]
