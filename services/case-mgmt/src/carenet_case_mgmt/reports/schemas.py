"""Response models of the quarterly reports."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SourceCount(BaseModel):
    source: str
    label: str = Field(description="Traditional Chinese")
    cases: int


class ReferralSources(BaseModel):
    county: str
    quarter: str
    items: list[SourceCount]
    referring_agencies: int = Field(description="社政、勞政及教育機關(構)轉介件數: social welfare + labour + education")
    total: int

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "quarter": "2026-Q4",
                    "items": [
                        {"source": "hotline_1925", "label": "1925安心專線", "cases": 3},
                        {"source": "social_welfare", "label": "社政", "cases": 2},
                    ],
                    "referring_agencies": 2,
                    "total": 5,
                }
            ]
        }
    )


class KindCounts(BaseModel):
    cases_opened: int
    cases_open_at_end: int
    visits: int
    met: int
    not_met: int
    face_to_face: int
    person_seen: int


class CaseKinds(BaseModel):
    county: str
    quarter: str
    kinds: dict[str, KindCounts] = Field(description="psychiatric, suicide_attempt, bereaved_family")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "quarter": "2026-Q4",
                    "kinds": {
                        "bereaved_family": {
                            "cases_opened": 4,
                            "cases_open_at_end": 6,
                            "visits": 15,
                            "met": 12,
                            "not_met": 3,
                            "face_to_face": 9,
                            "person_seen": 8,
                        }
                    },
                }
            ]
        }
    )


class EscortCounts(BaseModel):
    county: str
    quarter: str
    total: int
    by_reason: dict[str, int] = Field(description="送醫事由")
    by_outcome: dict[str, int]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "county": "TW-MIA",
                    "quarter": "2026-Q4",
                    "total": 2,
                    "by_reason": {"harm_to_others": 1, "self_harm": 1},
                    "by_outcome": {"admitted": 2},
                }
            ]
        }
    )
