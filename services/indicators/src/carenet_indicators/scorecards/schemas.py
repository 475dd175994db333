"""Shapes of scorecards."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ITEM_EXAMPLE: dict[str, Any] = {
    "code": "discharge_first_visit_14d",
    "title": "出院準備計畫上傳後2星期內第一次訪視評估比率",
    "area": "psychiatric_care",
    "unit": "percent",
    "source": "case_mgmt",
    "value": 75.0,
    "numerator": 3,
    "denominator": 4,
    "target": 70,
    "target_op": ">=",
    "target_source": "class",
    "met": True,
    "as_of": "2026-11-23T10:15:02+08:00",
    "definition_version": 1,
    "fact_ids": [],
    "not_met_ids": ["7d1c0a52-3f0e-4a57-9a0b-5b7e0c1d2e3f"],
    "not_met_count": 1,
    "pending": 0,
    "drill_down": "/indicators/v1/scorecards/TW-MIA/items/discharge_first_visit_14d?period=2026",
}


class ScoreItem(BaseModel):
    """One indicator on a scorecard: value, target, met, freshness, and the records or facts behind it."""

    model_config = ConfigDict(json_schema_extra={"examples": [ITEM_EXAMPLE]})

    code: str
    title: str
    area: str
    unit: str
    source: str
    value: int | float | None
    numerator: int | float | None
    denominator: int | float | None
    target: int | float | None
    target_op: str | None = Field(description="how value is compared with target: >=, <=, <, ==")
    target_source: str | None = Field(
        None,
        description="where the target came from: `class` (the plan's target for the county's class or named "
        "group), `county` (the county's own target for the period), `previous_year` (year-on-year); null: none",
    )
    met: bool | None = Field(description="null when there is no value yet or no target applies")
    as_of: datetime | None = Field(description="computed: the feed read up to this instant; manual: last edit")
    definition_version: int
    fact_ids: list[str] = Field(description="manual facts (or conferences) counted")
    not_met_ids: list[str] = Field(description="computed items: records that miss (first ones; see drill_down)")
    not_met_count: int | None = None
    pending: int | None = Field(None, description="plans whose first-visit window is still open")
    overdue: int | None = Field(
        None,
        description="account_review_half_yearly: half-years of the period that have ended (as of today, "
        "Asia/Taipei) without a signed-off account review (denominator − numerator)",
    )
    informational: bool = Field(
        False,
        description="not one of the plan's graded items: judged (met) but not counted in met_count/total",
    )
    previous: int | float | None = Field(None, description="the compared year's value (year-on-year indicators)")
    value_period: str | None = Field(
        None, description="a lagged indicator: the period whose data are scored (seed 001 p.56: 108 in the 109 plan)"
    )
    previous_period: str | None = Field(None, description="year-on-year: the period `value` is compared with")
    drill_down: str


class DrillDown(ScoreItem):
    county: str
    period: str
    included_ids: list[str] = Field(description="every record in the denominator (or counted)")


class FeedFreshness(BaseModel):
    as_of: datetime | None = Field(description="case-mgmt's feed was read to its end at this instant")
    last_seq: int
    last_error: str | None
    last_error_at: datetime | None


class Scorecard(BaseModel):
    """A county's scorecard for a year (`YYYY`) or quarter (`YYYY-Qn`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "county_name": "苗栗縣",
                    "period": "2026",
                    "items": [ITEM_EXAMPLE],
                    "met_count": 1,
                    "total": 1,
                    "as_of": "2026-11-23T10:15:02+08:00",
                    "feed": {
                        "as_of": "2026-11-23T10:15:02+08:00",
                        "last_seq": 120,
                        "last_error": None,
                        "last_error_at": None,
                    },
                }
            ]
        }
    )

    county: str
    county_name: str
    period: str
    items: list[ScoreItem]
    met_count: int
    total: int = Field(description="graded items with a target (those that can be met; informational items left out)")
    as_of: datetime | None
    feed: FeedFreshness | None = None


class ScorecardSet(BaseModel):
    """Every county's scorecard for one period, side by side (the ministry: all 22)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "period": "2026",
                    "as_of": "2026-11-23T10:15:02+08:00",
                    "feed": {
                        "as_of": "2026-11-23T10:15:02+08:00",
                        "last_seq": 120,
                        "last_error": None,
                        "last_error_at": None,
                    },
                    "items": [
                        {
                            "county": "TW-MIA",
                            "county_name": "苗栗縣",
                            "period": "2026",
                            "items": [ITEM_EXAMPLE],
                            "met_count": 1,
                            "total": 1,
                            "as_of": "2026-11-23T10:15:02+08:00",
                        }
                    ],
                    "next_cursor": None,
                }
            ]
        }
    )

    period: str
    as_of: datetime | None
    feed: FeedFreshness
    items: list[Scorecard]
    next_cursor: str | None = None
