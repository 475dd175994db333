"""Request and response bodies of account activity and account reviews."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from .rules import Decision, FlagReason

County = Annotated[str, Field(pattern=r"^TW-[A-Z]{3}$", examples=["TW-MIA"])]


class ActivityRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sub: str = Field(min_length=1, max_length=200)
    county: County
    last_seen: AwareDatetime = Field(description="the latest call of this login in this county")
    roles: list[Annotated[str, Field(max_length=50)]] = Field(default_factory=list, max_length=20)

    @field_validator("last_seen")
    @classmethod
    def _within_the_calendar(cls, v: datetime) -> datetime:
        if not 2000 <= v.year <= 2099:
            raise ValueError("last_seen must fall in 2000–2099")
        return v


class ActivityBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: list[ActivityRecord] = Field(max_length=10_000)


class ActivityResult(BaseModel):
    accepted: int
    accounts: int = Field(description="distinct (county, sub) pairs in the batch")


class ActivityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sub: str
    county: str
    first_seen: datetime
    last_seen: datetime
    roles: str


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    county: County
    half: str = Field(pattern=r"^20\d{2}-H[12]$", examples=["2026-H2"])


class FlagOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sub: str
    reason: FlagReason
    last_seen: datetime
    decision: Decision | None = None
    note: str | None = None


class AccountOut(BaseModel):
    sub: str
    last_seen: datetime
    staff_id: uuid.UUID | None
    flags: list[FlagReason]


class ReviewOut(BaseModel):
    id: uuid.UUID
    county: str
    half: str
    reviewed_on: date
    idle_days: int
    accounts_reviewed: int
    accounts: list[AccountOut] | None = Field(None, description="every account that used CareNet (on creation)")
    flags: list[FlagOut]
    undecided: int
    signed_at: datetime | None
    signed_by: str | None


class ReviewStatus(BaseModel):
    county: str
    due_half: str = Field(description="the last half-year that has ended: it needs a signed-off review")
    signed_halves: list[str]
    overdue: bool


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sub: str = Field(min_length=1, max_length=200)
    decision: Decision
    note: str | None = Field(None, max_length=2000)
    reason: FlagReason | None = Field(None, description="one flag of the account; all of its flags when absent")
