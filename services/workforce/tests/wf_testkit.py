"""Helpers shared by the workforce API tests."""

from __future__ import annotations

from typing import Any

COUNTY = "TW-MIA"
OTHER = "TW-NWT"


def staff_body(sub: str, kind: str, started_on: str, **kw: Any) -> dict[str, Any]:
    body = {
        "sub": sub,
        "name": "測試人員",
        "county": COUNTY,
        "kind": kind,
        "funding": "subsidised",
        "started_on": started_on,
        "psychiatric_visit_share": 0.5,
    }
    body.update(kw)
    return body


async def add_staff(client, headers, sub: str, kind: str, started_on: str, **kw: Any) -> str:
    r = await client.post("/v1/staff", json=staff_body(sub, kind, started_on, **kw), headers=headers)
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def add_training(client, headers, staff_id: str, **kw: Any) -> dict[str, Any]:
    body = {
        "course": "115年度精神衛生人員訓練",
        "level": "basic",
        "topic": "psychiatry_basics",
        "hours": 2,
        "case_conference_hours": 0,
        "completed_on": "2026-05-01",
        "certificate": "CERT-1",
    }
    body.update(kw)
    r = await client.post(f"/v1/staff/{staff_id}/training", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()
