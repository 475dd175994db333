"""Request and response bodies of the staff register."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .rules import Funding, StaffKind

County = Annotated[str, Field(pattern=r"^TW-[A-Z]{3}$", examples=["TW-MIA"])]
Share = Annotated[Decimal, Field(ge=0, le=1, max_digits=4, decimal_places=3, examples=[0.6])]


class StaffIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sub: str = Field(min_length=1, max_length=200, description="the person's CareNet login")
    name: str = Field(min_length=1, max_length=100)
    county: County
    kind: StaffKind
    funding: Funding
    started_on: date
    ended_on: date | None = None
    psychiatric_visit_share: Share = Field(description="share of working time on psychiatric visits, 0–1")

    @model_validator(mode="after")
    def _ends_after_start(self) -> StaffIn:
        if self.ended_on is not None and self.ended_on < self.started_on:
            raise ValueError("ended_on is before started_on")
        return self


class StaffPatch(BaseModel):
    """Changes to a staff record (send If-Match); `ended_on` records a departure."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=100)
    kind: StaffKind | None = None
    funding: Funding | None = None
    started_on: date | None = None
    ended_on: date | None = None
    psychiatric_visit_share: Share | None = None


class StaffOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    sub: str
    name: str
    county: str
    kind: StaffKind
    funding: Funding
    started_on: date
    ended_on: date | None
    psychiatric_visit_share: Decimal
