"""Helpers of the household-audit tests: valid national IDs, records, units, ingest."""

import uuid
from typing import Any

COUNTY = "TW-MIA"
OTHER = "TW-NWT"


def national_id(i: int) -> str:
    """A valid national ID per i (M/F letter + serial + check digit)."""
    letters = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
    codes = dict(zip(letters, range(10, 36), strict=True))
    letter = letters[i % 22]
    body = f"{1 + i % 2}{i % 10_000_000:07d}"
    code = codes[letter]
    digits = [code // 10, code % 10] + [int(c) for c in body]
    weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    check = (10 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 10) % 10
    return f"{letter}{body}{check}"


def record(
    unit: str, *, county: str = COUNTY, at: str = "2026-10-15T10:00:00+08:00", i: int = 0, **over: Any
) -> dict[str, Any]:
    r = {
        "id": str(uuid.uuid4()),
        "unit": unit,
        "county": county,
        "user_id": f"user-{i % 7}",
        "queried_at": at,
        "subject_national_id": national_id(i),
        "purpose": "訪視前確認戶籍地址",
        "case_ref": None,
    }
    r.update(over)
    return r


def records(unit: str, n: int, **kw: Any) -> list[dict[str, Any]]:
    return [record(unit, i=i, **kw) for i in range(n)]


async def add_unit(client, headers, code: str, county: str = COUNTY, kind: str = "health_station") -> None:
    r = await client.post(
        "/v1/units", json={"code": code, "name": f"{code} 衛生所", "county": county, "kind": kind}, headers=headers
    )
    assert r.status_code == 201, r.text


async def ingest(client, headers, recs) -> dict[str, Any]:
    r = await client.post("/v1/query-logs", json={"records": recs}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()
