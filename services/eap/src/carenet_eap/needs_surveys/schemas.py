"""Bodies of needs surveys."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from ..common import Gender

Score = Annotated[int, Field(ge=1, le=5)]


class NeedsSurveyIn(BaseModel):
    year: int = Field(ge=2000, le=2100)
    title: str = Field(min_length=1, max_length=200)

    model_config = {"json_schema_extra": {"examples": [{"year": 2027, "title": "116年員工協助方案需求調查"}]}}


class NeedsSurveyOut(NeedsSurveyIn):
    id: str
    areas: list[str]


class Needs(BaseModel):
    work: Score
    life: Score
    health: Score
    organisation: Score


class NeedsResponseIn(BaseModel):
    gender: Gender | None = None
    disability: bool | None = Field(None, description="self-declared 身心障礙, optional")
    needs: Needs
    comment: str | None = Field(None, max_length=2000)


class GroupResult(BaseModel):
    group: str
    responses: int | None
    suppressed: bool
    averages: dict[str, float | None]


class NeedsResults(BaseModel):
    survey_id: str
    by: str
    threshold: int
    groups: list[GroupResult]
    total: GroupResult
