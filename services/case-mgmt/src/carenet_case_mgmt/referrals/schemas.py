# mypy: disable-error-code="index,list-item,dict-item"
"""Request and response models of referrals to care resources."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

REFERRAL_EXAMPLE = {
    "id": "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    "resource_id": "b7e4d2a1-9c8f-4e3d-a2b1-c0d9e8f7a6b5",
    "referred_on": "2026-12-07",
    "reason": "心理諮商",
    "note": "個案同意轉介，已電話聯繫窗口",
}


class ReferralIn(BaseModel):
    id: UUID = Field(description="the client's own UUID: a resend with it creates nothing")
    resource_id: str = Field(min_length=1, max_length=64, description="the resource's id in the directory")
    referred_on: date | None = Field(None, description="the day of the referral; today (Asia/Taipei) when absent")
    reason: str = Field(min_length=1, max_length=500)
    note: str | None = Field(None, max_length=5000)

    model_config = ConfigDict(json_schema_extra={"examples": [REFERRAL_EXAMPLE]})


class ReferralOut(BaseModel):
    id: str
    case_id: str
    resource_id: str
    resource_name: str | None = Field(description="the directory's name for it when the referral was made")
    resource_county: str | None
    resource_categories: list[str]
    resource_checked: bool = Field(
        description="false when the directory could not be asked: the id was kept as given, to be checked later"
    )
    referred_on: date
    reason: str
    note: str | None
    recorded_by: str
    recorded_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **REFERRAL_EXAMPLE,
                    "case_id": "6f1c2b1e-2a8d-4c55-9a53-0d7c1f2b9e10",
                    "resource_name": "苗栗縣社區心理衛生中心",
                    "resource_county": "TW-MIA",
                    "resource_categories": ["community_mental_health_centre"],
                    "resource_checked": True,
                    "recorded_by": "cw-1",
                    "recorded_at": "2026-12-07T10:15:00+08:00",
                }
            ]
        }
    )


class ReferralList(BaseModel):
    items: list[ReferralOut]

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": ReferralOut.model_config["json_schema_extra"]["examples"]}]}
    )
