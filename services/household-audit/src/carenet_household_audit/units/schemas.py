"""Request and response bodies of units."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class UnitKind(StrEnum):
    HEALTH_BUREAU = "health_bureau"  # 衛生局
    HEALTH_STATION = "health_station"  # 衛生所
    HOSPITAL = "hospital"  # 醫院
    OTHER = "other"


class UnitIn(BaseModel):
    code: str = Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9_.\-]+$")
    name: str = Field(min_length=1, max_length=200)
    county: str = Field(min_length=4, max_length=10, pattern=r"^TW-[A-Z]{3}$")
    kind: UnitKind

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"code": "MIA-HS-TOUFEN", "name": "頭份市衛生所", "county": "TW-MIA", "kind": "health_station"}
            ]
        }
    }


class UnitOut(BaseModel):
    code: str
    name: str
    county: str
    kind: UnitKind
    created_at: datetime

    model_config = {
        "from_attributes": True,
        "json_schema_extra": {
            "examples": [
                {
                    "code": "MIA-HS-TOUFEN",
                    "name": "頭份市衛生所",
                    "county": "TW-MIA",
                    "kind": "health_station",
                    "created_at": "2026-11-23T09:00:00+08:00",
                }
            ]
        },
    }


class ServedCasesIn(BaseModel):
    case_refs: list[str] = Field(max_length=50_000)

    model_config = {"json_schema_extra": {"examples": [{"case_refs": ["c-2026-000123", "c-2026-000456"]}]}}


class ServedCasesOut(BaseModel):
    unit: str
    case_refs: int = Field(description="how many cases the unit now serves")

    model_config = {"json_schema_extra": {"examples": [{"unit": "MIA-HS-TOUFEN", "case_refs": 2}]}}
