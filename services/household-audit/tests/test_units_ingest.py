"""Units and query-log ingest: contract rows, idempotency, record-by-record rejection."""

import asyncio
import uuid

from carenet_household_audit.querylogs.models import QueryLog
from ha_testkit import COUNTY, OTHER, add_unit, ingest, record, records
from sqlalchemy import func, select


async def test_register_unit_and_conflict(client, admin):
    body = {"code": "MIA-HB", "name": "苗栗縣政府衛生局", "county": COUNTY, "kind": "health_bureau"}
    r = await client.post("/v1/units", json=body, headers=admin)
    assert r.status_code == 201
    assert r.json()["code"] == "MIA-HB" and r.json()["kind"] == "health_bureau"
    again = await client.post("/v1/units", json=body, headers=admin)
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["code"] == "unit_exists"


async def test_units_are_per_county(client, admin, auth, system):
    await add_unit(client, admin, "MIA-HS-1")
    await add_unit(client, system, "NWT-HS-1", county=OTHER)
    other_admin = auth("county_admin", county=OTHER)
    r = await client.post(
        "/v1/units", json={"code": "X1", "name": "x", "county": COUNTY, "kind": "other"}, headers=other_admin
    )
    assert r.status_code == 403
    listed = await client.get("/v1/units", params={"county": COUNTY}, headers=admin)
    assert [u["code"] for u in listed.json()["items"]] == ["MIA-HS-1"]
    assert (await client.get("/v1/units", params={"county": COUNTY}, headers=other_admin)).json()["items"] == []
    everything = await client.get("/v1/units", headers=system)
    assert {u["code"] for u in everything.json()["items"]} == {"MIA-HS-1", "NWT-HS-1"}
    bad_kind = await client.post(
        "/v1/units", json={"code": "Y", "name": "y", "county": COUNTY, "kind": "shop"}, headers=admin
    )
    assert bad_kind.status_code == 422


async def test_only_system_ingests(client, admin):
    r = await client.post("/v1/query-logs", json={"records": []}, headers=admin)
    assert r.status_code == 403


async def test_ingest_twice_stores_once(client, admin, system, db):
    await add_unit(client, admin, "MIA-HS-1")
    batch = records("MIA-HS-1", 50)
    first = await ingest(client, system, batch)
    assert first == {"accepted": 50, "duplicates": 0, "rejected": [], "late": []}
    second = await ingest(client, system, batch)
    assert second["accepted"] == 0 and second["duplicates"] == 50
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(QueryLog)) == 50


async def test_three_bad_of_a_thousand(client, admin, system, db):
    await add_unit(client, admin, "MIA-HS-1")
    batch = records("MIA-HS-1", 1000)
    batch[10]["unit"] = "NOT-REGISTERED"
    batch[500]["subject_national_id"] = "A123456788"
    batch[999]["queried_at"] = "yesterday"
    result = await ingest(client, system, batch)
    assert result["accepted"] == 997 and result["duplicates"] == 0
    assert [x["index"] for x in result["rejected"]] == [10, 500, 999]
    reasons = [x["reason"] for x in result["rejected"]]
    assert "unknown unit 'NOT-REGISTERED'" in reasons[0]
    assert "national ID" in reasons[1] and "A123456788" not in reasons[1]
    assert "queried_at" in reasons[2]
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(QueryLog)) == 997
        stored = await s.scalar(select(QueryLog).where(QueryLog.id == uuid.UUID(batch[0]["id"])))
    # never in clear: a keyed hash and the last four characters
    assert stored.subject_last4 == batch[0]["subject_national_id"][-4:]
    assert len(stored.subject_hmac) == 32 and batch[0]["subject_national_id"].encode() not in stored.subject_hmac


async def test_repeated_id_within_a_batch_is_a_duplicate(client, admin, system):
    await add_unit(client, admin, "MIA-HS-1")
    r = record("MIA-HS-1")
    result = await ingest(client, system, [r, dict(r), "not an object"])
    assert result["accepted"] == 1 and result["duplicates"] == 1
    assert result["rejected"] == [{"index": 2, "reason": "record must be an object", "id": None}]


async def test_batch_limit(client, system):
    r = await client.post("/v1/query-logs", json={"records": [{}] * 10_001}, headers=system)
    assert r.status_code == 422


async def test_unit_of_another_county_is_rejected(client, admin, system):
    await add_unit(client, admin, "MIA-HS-1")
    result = await ingest(client, system, [record("MIA-HS-1", county=OTHER)])
    assert result["accepted"] == 0
    assert "registered in TW-MIA" in result["rejected"][0]["reason"]


async def test_taipei_month_of_a_record(client, admin, system, db):
    await add_unit(client, admin, "MIA-HS-1")
    r = record("MIA-HS-1", at="2026-09-30T16:30:00Z")  # 00:30 on 1 October in Taipei
    await ingest(client, system, [r])
    async with db.transaction() as s:
        stored = await s.scalar(select(QueryLog).where(QueryLog.id == uuid.UUID(r["id"])))
    assert stored.month == "2026-10"


async def test_concurrent_batches_with_the_same_ids_store_each_once(client, admin, system, db):
    await add_unit(client, admin, "MIA-HS-1")
    await ingest(client, system, [record("MIA-HS-1", user_id="first")])  # the month's seed exists: no wait on it
    batch = records("MIA-HS-1", 300)
    overlap = batch[100:] + records("MIA-HS-1", 50, purpose="其他")
    results = await asyncio.gather(
        *(client.post("/v1/query-logs", json={"records": b}, headers=system) for b in (batch, overlap, batch))
    )
    bodies = [r.json() for r in results]
    assert all(r.status_code == 200 for r in results)
    assert sum(b["accepted"] for b in bodies) == 350
    assert sum(b["accepted"] + b["duplicates"] for b in bodies) == 300 + 250 + 300
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(QueryLog)) == 351
