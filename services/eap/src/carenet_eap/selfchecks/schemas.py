"""Bodies of the BSRS-5 self-check."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

Item = Annotated[int, Field(ge=0, le=4)]


class Bsrs5In(BaseModel):
    items: list[Item] = Field(
        min_length=5, max_length=5, description="sleep, anxiety, irritability, depression, inferiority — each 0–4"
    )
    suicide_ideation: int = Field(ge=0, le=4)
    agency_code: str | None = Field(
        None,
        min_length=1,
        max_length=50,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="optional code of your agency: counted only in suppressed aggregates, never with your login",
    )
    keep: bool = Field(
        False, description="store the result under your login (needs a token); otherwise nothing identifying is stored"
    )

    model_config = {"json_schema_extra": {"examples": [{"items": [1, 2, 1, 0, 1], "suicide_ideation": 0}]}}


class Resource(BaseModel):
    name: str
    contact: str


class Bsrs5Out(BaseModel):
    total: int
    band: str = Field(description="normal | mild | moderate | severe")
    refer: bool
    resources: list[Resource]
    kept: bool = False

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "total": 5,
                    "band": "normal",
                    "refer": False,
                    "kept": False,
                    "resources": [
                        {"name": "安心專線 (24h)", "contact": "1925"},
                        {"name": "員工協助方案 預約", "contact": "https://eap.example.gov.tw/book"},
                        {"name": "緊急救護", "contact": "119"},
                        {"name": "報案", "contact": "110"},
                    ],
                }
            ]
        }
    }


class KeptResult(BaseModel):
    month: str
    total: int
    band: str
    refer: bool


class KeptList(BaseModel):
    items: list[KeptResult]

    model_config = {
        "json_schema_extra": {
            "examples": [{"items": [{"month": "2026-11", "total": 5, "band": "normal", "refer": False}]}]
        }
    }


def resources(booking_link: str) -> list[Resource]:
    """Where to turn after a self-check: the 1925 line, the EAP booking page, emergency numbers."""
    return [
        Resource(name="安心專線 1925 (24h, free)", contact="1925"),
        Resource(name="員工協助方案 預約 (EAP booking)", contact=booking_link),
        Resource(name="緊急救護 (emergency)", contact="119"),
        Resource(name="報案 (police)", contact="110"),
    ]
