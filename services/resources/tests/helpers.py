"""Builders shared by the API tests."""

from __future__ import annotations

from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def office_hours() -> dict[str, Any]:
    return {"weekly": {d: [{"opens": "08:00", "closes": "17:00"}] for d in WEEKDAYS}, "exceptions": []}


def resource(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "苗栗縣社區心理衛生中心",
        "county": "TW-MIA",
        "district": "苗栗市",
        "categories": ["community_mental_health_centre", "psychological_counselling"],
        "address": "苗栗縣苗栗市府前路1號",
        "lat": 24.5602,
        "lon": 120.8214,
        "phone": "037-558000",
        "hours": office_hours(),
        "languages": ["zh-TW", "nan", "hak"],
        "accessibility": ["wheelchair"],
        "fees": "免費",
        "eligibility": "設籍或居住本縣民眾",
    }
    body.update(over)
    return body
