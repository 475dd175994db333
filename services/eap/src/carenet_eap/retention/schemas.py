"""Bodies of the retention purge."""

from __future__ import annotations

from datetime import date

from carenet_core.clock import to_utc
from pydantic import AwareDatetime, BaseModel, Field

from ..common import example_of
from .models import PurgeRecord


class PurgeIn(BaseModel):
    as_of: date | None = Field(None, description="default today (Asia/Taipei); never in the future")

    model_config = {"json_schema_extra": {"examples": [{"as_of": "2026-11-23"}]}}


class PurgeOut(BaseModel):
    id: str
    ran_at: AwareDatetime
    cutoff: AwareDatetime
    retention_years: int
    bookings: int
    notes: int
    slots: int
    referrals: int
    outreach: dict[str, int] = Field(default_factory=dict, description="rows purged per outreach table")
    actor: str

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
                    "ran_at": "2026-11-23T18:00:00Z",
                    "cutoff": "2016-11-22T16:00:00Z",
                    "retention_years": 10,
                    "bookings": 120,
                    "notes": 98,
                    "slots": 140,
                    "referrals": 6,
                    "actor": "system:retention",
                }
            ]
        }
    }


class PurgeList(BaseModel):
    items: list[PurgeOut]

    model_config = {"json_schema_extra": {"examples": [{"items": [example_of(PurgeOut)]}]}}


def purge_out(r: PurgeRecord) -> PurgeOut:
    return PurgeOut(
        id=r.id,
        ran_at=to_utc(r.ran_at),
        cutoff=to_utc(r.cutoff),
        retention_years=r.retention_years,
        bookings=r.bookings,
        notes=r.notes,
        slots=r.slots,
        referrals=r.referrals,
        outreach=dict(r.outreach or {}),
        actor=r.actor,
    )


class RetentionPolicyIn(BaseModel):
    retention_years: int = Field(
        ge=1, le=100, description="years counselling records are kept; never below 10 (心理師法 §25)"
    )

    model_config = {"json_schema_extra": {"examples": [{"retention_years": 12}]}}


class RetentionPolicyOut(BaseModel):
    retention_years: int
    legal_minimum_years: int
    source: str = Field(description="`policy` (set through the API) or `setting` (CARENET_EAP_RETENTION_YEARS)")

    model_config = {
        "json_schema_extra": {"examples": [{"retention_years": 12, "legal_minimum_years": 10, "source": "policy"}]}
    }
