"""Bodies of the programme statistics (every small cell suppressed)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Cell(BaseModel):
    """One count: `count` is null and `suppressed` true when it is under the threshold or could reveal one that is."""

    key: dict[str, str] = Field(description="the dimension values of this cell")
    count: int | None
    suppressed: bool

    model_config = {"extra": "allow"}


class StatsOut(BaseModel):
    year: int
    by: list[str]
    measure: str = Field(description="bookings | attended | no_shows")
    threshold: int
    cells: list[dict[str, object]] = Field(description="each: the dimension values, `count`, `suppressed`")
    margins: dict[str, list[dict[str, object]]] = Field(description="per dimension: subtotals (when by has 2+ dims)")
    total: dict[str, object]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "year": 2026,
                    "by": ["kind", "gender"],
                    "measure": "bookings",
                    "threshold": 5,
                    "cells": [
                        {"kind": "psychological", "gender": "F", "count": None, "suppressed": True},
                        {"kind": "psychological", "gender": "M", "count": None, "suppressed": True},
                        {"kind": "legal", "gender": "F", "count": 12, "suppressed": False},
                    ],
                    "margins": {
                        "kind": [{"kind": "psychological", "count": 9, "suppressed": False}],
                        "gender": [{"gender": "F", "count": 15, "suppressed": False}],
                    },
                    "total": {"count": 33, "suppressed": False},
                }
            ]
        }
    }


class SatisfactionCell(BaseModel):
    kind: str
    responses: int | None
    average_overall: float | None
    suppressed: bool


class SatisfactionStatsOut(BaseModel):
    year: int
    threshold: int
    items: list[SatisfactionCell]
    total: SatisfactionCell

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "year": 2026,
                    "threshold": 5,
                    "items": [
                        {"kind": "psychological", "responses": 21, "average_overall": 4.52, "suppressed": False},
                        {"kind": "legal", "responses": None, "average_overall": None, "suppressed": True},
                    ],
                    "total": {"kind": "all", "responses": 27, "average_overall": 4.41, "suppressed": False},
                }
            ]
        }
    }
