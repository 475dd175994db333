# mypy: disable-error-code="index"
"""Response model of the phone sync."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..cases.schemas import CaseOut, TierChangeOut
from ..visits.schemas import VisitOut


class SyncPage(BaseModel):
    cases: list[CaseOut] = Field(description="the caller's cases changed in the window, whole (national ID masked)")
    visits: list[VisitOut] = Field(description="every visit of those cases (a phone stores them by `id`)")
    tier_changes: list[TierChangeOut] = Field(description="the tier history of those cases")
    removed: list[str] = Field(description="ids of cases that left the caller's hands: drop them and their visits")
    next_since: str = Field(description="keep it and pass it as `since` next time")
    more: bool = Field(description="true: this window has more pages — ask again at once with `next_since`")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "cases": CaseOut.model_config["json_schema_extra"]["examples"],
                    "visits": VisitOut.model_config["json_schema_extra"]["examples"],
                    "tier_changes": TierChangeOut.model_config["json_schema_extra"]["examples"],
                    "removed": ["0d1f7a52-7a4e-4a8e-9d51-5c0f3b0f1e11"],
                    "next_since": "WzQyLCIyMDI2LTExLTMwIixudWxsLG51bGxd",
                    "more": False,
                }
            ]
        }
    )
