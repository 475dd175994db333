"""Shapes of the county reference data."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

EXAMPLE: dict[str, Any] = {
    "code": "TW-MIA",
    "name": "苗栗縣",
    "name_en": "Miaoli County",
    "kind": "county",
    "is_municipality": False,
    "is_island": False,
    "financial_class": 5,
    "subsidy_rate": 80.0,
    "districts": 18,
    "visitor_posts": 8,
    "subsidised_staff_cap": 10,
    "county_funded_staff": 3,
    "staff_total": 13,
    "psychiatric_audit_rate": 10.0,
    "suicide_audit_rate": 10.0,
    "version": 1,
    "updated_at": "2026-11-23T00:00:00+00:00",
    "updated_by": "seed 001",
}


class CountyOut(BaseModel):
    """A county: seed 001's 2020 financial class, subsidy rate (%) and staffing (補助人力員額)."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [EXAMPLE]})

    code: str
    name: str
    name_en: str
    kind: str = Field(description="municipality | city | county")
    is_municipality: bool
    is_island: bool
    financial_class: int
    subsidy_rate: float | None = Field(description="MOHW subsidy rate in %, null when not subsidised (Taipei)")
    districts: int = Field(description="鄉鎮市區數")
    visitor_posts: int | None = Field(description="subsidised case visitors (關懷訪視員補助員額數)")
    subsidised_staff_cap: int | None = Field(description="補助人力上限")
    county_funded_staff: int | None = Field(description="縣市應配合編列分擔款所聘任人力員額")
    staff_total: int | None
    psychiatric_audit_rate: float | None = Field(description="2020 psychiatric visit-audit class rate (%)")
    suicide_audit_rate: float | None = Field(description="2020 suicide visit-audit class rate (%)")
    version: int
    updated_at: datetime | None
    updated_by: str | None


class CountyList(BaseModel):
    items: list[CountyOut]
    next_cursor: str | None = None


class CountyPatch(BaseModel):
    """The ministry's edit of a county's reference figures."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"financial_class": 4, "subsidy_rate": 75}]}
    )

    name: str | None = Field(None, min_length=1, max_length=20)
    name_en: str | None = Field(None, min_length=1, max_length=60)
    financial_class: int | None = Field(None, ge=1, le=5)
    subsidy_rate: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    districts: int | None = Field(None, ge=1, le=100)
    is_island: bool | None = None
    visitor_posts: int | None = Field(None, ge=0)
    subsidised_staff_cap: int | None = Field(None, ge=0)
    county_funded_staff: int | None = Field(None, ge=0)
    staff_total: int | None = Field(None, ge=0)
    psychiatric_audit_rate: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    suicide_audit_rate: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
