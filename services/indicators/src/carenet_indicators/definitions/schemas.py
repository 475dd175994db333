"""Shapes of indicator definitions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

EXAMPLE: dict[str, Any] = {
    "code": "community_mental_health_centres",
    "version": 1,
    "title": "社區心理衛生中心布建處數",
    "title_en": "Community mental-health centres set up",
    "area": "infrastructure",
    "formula": {"kind": "count", "numerator": "試辦處數"},
    "unit": "count",
    "period": "year",
    "direction": "higher",
    "targets": {
        "rule": {"kind": "by_district_count", "threshold": 10, "below": 1, "at_or_above": 2},
        "description": "鄉鎮市區數 < 10：≥ 1；≥ 10：≥ 2",
        "by_county": {"TW-MIA": 2, "TW-HSZ": 1},
    },
    "source": "manual",
    "seed_ref": "seed 001 p.47 §2 item 3",
    "effective_from": 2020,
    "note": None,
    "created_at": "2026-11-23T00:00:00+00:00",
    "created_by": "seed 001/003",
}


class Targets(BaseModel):
    rule: dict[str, Any] = Field(description="the target rule as data (kind and its numbers)")
    description: str = Field(description="the rule in words (Traditional Chinese)")
    by_county: dict[str, float | None] = Field(
        description="the rule resolved per county where it needs no data (null: depends on volume or last year)"
    )


class DefinitionOut(BaseModel):
    """An indicator (衡量指標) in one version."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    code: str
    version: int
    title: str
    title_en: str
    area: str
    formula: dict[str, Any]
    unit: str
    period: str
    direction: str
    targets: Targets
    source: str = Field(description="case_mgmt (computed from the feed) | manual (facts)")
    seed_ref: str
    effective_from: int
    note: str | None
    created_at: datetime
    created_by: str


class DefinitionList(BaseModel):
    items: list[DefinitionOut]
    next_cursor: str | None = None


class DefinitionVersions(BaseModel):
    code: str
    items: list[DefinitionOut]


class DefinitionChange(BaseModel):
    """A change to an indicator: creates a new version effective from `effective_from` (a year)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "targets": {"kind": "at_least", "value": 80},
                    "effective_from": 2027,
                    "note": "target raised to 80% (seed 003: Miaoli 80% rising to 100%)",
                }
            ]
        },
    )

    effective_from: int = Field(ge=2000, le=2999)
    title: str | None = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, min_length=1, max_length=200)
    area: str | None = Field(None, min_length=1, max_length=40)
    formula: dict[str, Any] | None = None
    unit: str | None = Field(None, min_length=1, max_length=30)
    period: str | None = Field(None, pattern="^(quarter|year)$")
    direction: str | None = Field(None, pattern="^(higher|lower|true)$")
    targets: dict[str, Any] | None = None
    note: str | None = Field(None, max_length=2000)
