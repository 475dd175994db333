"""Body of the satisfaction survey (個別協談滿意度調查表)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, model_validator

Score = Annotated[int, Field(ge=1, le=5)]


class SatisfactionIn(BaseModel):
    """Scores 1–5 (named fields or a `scores` map) and an optional comment."""

    overall: Score | None = None
    counsellor: Score | None = None
    helpfulness: Score | None = None
    convenience: Score | None = None
    confidentiality: Score | None = None
    scores: dict[Annotated[str, Field(max_length=40)], Score] | None = Field(None, max_length=20)
    comment: str | None = Field(None, max_length=2000)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "overall": 5,
                    "counsellor": 5,
                    "helpfulness": 4,
                    "convenience": 4,
                    "confidentiality": 5,
                    "comment": "預約方便，輔導員很專業",
                }
            ]
        }
    }

    def all_scores(self) -> dict[str, int]:
        named = {
            k: getattr(self, k) for k in ("overall", "counsellor", "helpfulness", "convenience", "confidentiality")
        }
        return {**(self.scores or {}), **{k: v for k, v in named.items() if v is not None}}

    @model_validator(mode="after")
    def _some(self) -> SatisfactionIn:
        if not self.all_scores():
            raise ValueError("at least one score (1–5) is needed")
        return self


class SatisfactionOut(BaseModel):
    recorded: bool = True
    detail: str = "thank you — your answers are kept apart from your booking"

    model_config = {
        "json_schema_extra": {
            "examples": [{"recorded": True, "detail": "thank you — your answers are kept apart from your booking"}]
        }
    }
