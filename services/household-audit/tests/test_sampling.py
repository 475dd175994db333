"""Monthly sampling: sizes per unit, drawn once, verifiable, jurisdiction, late logs, scheduler."""

import asyncio
import hashlib
import uuid
from datetime import UTC, datetime

import pytest
from carenet_core import clock
from carenet_core.db import Database
from carenet_household_audit.sampling.models import Sample, Sampling
from carenet_household_audit.sampling.rules import ticket
from carenet_household_audit.schedule.service import run_scheduler_once
from ha_testkit import COUNTY, OTHER, add_unit, ingest, record, records
from sqlalchemy import func, select, text

SIZES = [(0, 0), (1, 1), (9, 9), (10, 10), (11, 10), (499, 10), (500, 10), (501, 11), (1234, 25), (10000, 200)]


async def draw(client, headers, month="2026-10", county=COUNTY):
    return await client.post("/v1/samplings", json={"month": month, "county": county}, headers=headers)


async def test_sample_sizes_per_unit(client, admin, system, auditor):
    batch = []
    for n, _ in SIZES:
        await add_unit(client, admin, f"U{n:05d}")
        batch += records(f"U{n:05d}", n)
    for start in range(0, len(batch), 10_000):
        assert (await ingest(client, system, batch[start : start + 10_000]))["accepted"] == len(
            batch[start : start + 10_000]
        )
    r = await draw(client, auditor)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["month"] == "2026-10" and body["county"] == COUNTY and len(body["seed"]) == 64
    got = {u["unit"]: (u["population"], u["sample_size"]) for u in body["units"]}
    assert got == {f"U{n:05d}": (n, k) for n, k in SIZES}
    assert body["sample_size"] == sum(k for _, k in SIZES)
    samples = await client.get(
        f"/v1/samplings/{body['id']}/samples", params={"unit": "U01234", "limit": 500}, headers=auditor
    )
    items = samples.json()["items"]
    assert len(items) == 25 and [s["rank"] for s in items] == list(range(1, 26))
    # the 25 lowest tickets of the unit
    assert [s["ticket"] for s in items] == sorted(s["ticket"] for s in items)
    assert all(s["subject"].startswith("******") for s in items)


async def test_draw_once_then_409_with_id(client, admin, system, auditor):
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 30))
    first = await draw(client, auditor)
    assert first.status_code == 201
    second = await draw(client, admin)
    assert second.status_code == 409
    assert second.json()["id"] == first.json()["id"] and second.json()["code"] == "sampling_exists"


async def test_month_not_ended_cannot_be_drawn(client, auditor):
    now = clock.now()
    r = await draw(client, auditor, month=f"{now.year + 1}-01")
    assert r.status_code == 422 and r.json()["code"] == "month_not_ended"


async def test_other_county_cannot_draw_or_read(client, admin, system, auditor, auth):
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 12))
    sid = (await draw(client, auditor)).json()["id"]
    stranger = auth("county_admin", county=OTHER)
    stranger_auditor = auth("auditor", county=OTHER)
    assert (await draw(client, stranger, month="2026-09")).status_code == 404
    for path in (
        f"/v1/samplings/{sid}",
        f"/v1/samplings/{sid}/samples",
        f"/v1/samplings/{sid}/verify",
        f"/v1/samplings/{sid}/export",
    ):
        r = await client.get(path, headers=stranger_auditor)
        assert r.status_code == 404, path
    assert (await client.get(f"/v1/samplings/{sid}", headers=stranger)).status_code == 404
    assert (await client.get(f"/v1/samplings/{sid}", headers=admin)).status_code == 200
    assert (await client.get(f"/v1/samplings/{sid}", headers=auth("case_worker", county=COUNTY))).status_code == 403


async def test_verify_matches_and_detects_an_altered_sample(client, admin, system, auditor, auth, db):
    await add_unit(client, admin, "U1")
    await add_unit(client, admin, "U2")
    await ingest(client, system, records("U1", 700) + records("U2", 40))
    sid = (await draw(client, auditor)).json()["id"]
    ministry = auth("ministry", county=None)
    ok = await client.get(f"/v1/samplings/{sid}/verify", headers=ministry)
    assert ok.status_code == 200 and ok.json()["match"] is True, ok.json()
    assert hashlib.sha256(ok.json()["seed"].encode()).hexdigest() == ok.json()["commitment"]

    # swap one sampled record for an unsampled one of the same unit
    async with db.transaction() as s:
        sample = (
            await s.scalars(
                select(Sample)
                .where(Sample.sampling_id == uuid.UUID(sid), Sample.unit == "U1")
                .order_by(Sample.rank)
                .limit(1)
            )
        ).one()
        original = sample.ticket
        sample.ticket = bytes(32)
    bad = await client.get(f"/v1/samplings/{sid}/verify", headers=auditor)
    assert bad.json()["match"] is False
    assert {c["name"] for c in bad.json()["checks"] if not c["ok"]} >= {"sample_tickets", "redraw"}

    async with db.transaction() as s:
        sample = await s.get(Sample, sample.id)
        sample.ticket = original
    assert (await client.get(f"/v1/samplings/{sid}/verify", headers=auditor)).json()["match"] is True


async def test_verify_checks_the_published_commitment(client, admin, system, auditor, db):
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 20))
    published = (await client.get(f"/v1/commitments/{COUNTY}/2026-10", headers=auditor)).json()
    assert published["seed"] is None  # secret until the draw
    sid = (await draw(client, auditor)).json()["id"]
    revealed = (await client.get(f"/v1/commitments/{COUNTY}/2026-10", headers=auditor)).json()
    assert revealed["commitment"] == published["commitment"]
    assert hashlib.sha256(revealed["seed"].encode()).hexdigest() == published["commitment"]
    # a different seed passed off as the revealed one (with its own matching hash) is caught
    fake = "00" * 32
    async with db.transaction() as s:
        row = await s.get(Sampling, uuid.UUID(sid))
        row.seed, row.commitment = fake, hashlib.sha256(fake.encode()).hexdigest()
    r = (await client.get(f"/v1/samplings/{sid}/verify", headers=auditor)).json()
    assert r["match"] is False
    failed = {c["name"] for c in r["checks"] if not c["ok"]}
    assert "published_commitment" in failed and "commitment" not in failed


async def test_verify_catches_a_tampered_population_ticket(client, admin, system, auditor, db):
    await add_unit(client, admin, "U1")
    recs = records("U1", 600)
    await ingest(client, system, recs)
    sid = (await draw(client, auditor)).json()["id"]
    async with db.transaction() as s:
        sampled = set((await s.scalars(select(Sample.id).where(Sample.sampling_id == uuid.UUID(sid)))).all())
        outsider = next(uuid.UUID(r["id"]) for r in recs if uuid.UUID(r["id"]) not in sampled)
        await s.execute(
            text("UPDATE query_logs SET ticket = :t WHERE id = :i"),
            {"t": b"\xff" * 32, "i": outsider if db.is_postgres else outsider.hex},
        )
    r = (await client.get(f"/v1/samplings/{sid}/verify", headers=auditor)).json()
    assert r["match"] is False and [c["name"] for c in r["checks"] if not c["ok"]] == ["population_tickets"]


async def test_tickets_follow_the_revealed_seed(client, admin, system, auditor):
    await add_unit(client, admin, "U1")
    recs = records("U1", 15)
    await ingest(client, system, recs)
    body = (await draw(client, auditor)).json()
    items = (await client.get(f"/v1/samplings/{body['id']}/samples", headers=auditor)).json()["items"]
    assert len(items) == 10  # max(ceil(0.3), 10)
    all_tickets = sorted(ticket(body["seed"], "U1", "2026-10", r["id"]).hex() for r in recs)
    assert sorted(s["ticket"] for s in items) == all_tickets[:10]  # anyone can redraw from the seed
    for s in items:
        assert s["ticket"] == ticket(body["seed"], "U1", "2026-10", s["record_id"]).hex()


async def test_late_logs_are_reported_not_sampled(client, admin, system, auditor):
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 12))
    body = (await draw(client, auditor)).json()
    late = record("U1", i=99)
    result = await ingest(client, system, [late, record("U1", at="2026-11-02T10:00:00+08:00")])
    assert result["accepted"] == 2
    assert result["late"] == [
        {"index": 0, "id": late["id"], "county": COUNTY, "month": "2026-10", "sampling_id": body["id"]}
    ]
    again = (await client.get(f"/v1/samplings/{body['id']}", headers=auditor)).json()
    assert again["late_records"] == 1 and again["population"] == 12
    assert (await client.get(f"/v1/samplings/{body['id']}/verify", headers=auditor)).json()["match"] is True


async def test_prematching_puts_unmatched_first(client, admin, system, auditor):
    await add_unit(client, admin, "U1")
    r = await client.put("/v1/units/U1/served-cases", json={"case_refs": ["c-1", "c-2"]}, headers=admin)
    assert r.status_code == 200 and r.json()["case_refs"] == 2
    recs = [record("U1", i=i, case_ref=("c-1" if i % 2 else "c-999")) for i in range(8)]
    await ingest(client, system, recs)
    sid = (await draw(client, auditor)).json()["id"]
    items = (await client.get(f"/v1/samplings/{sid}/samples", headers=auditor)).json()["items"]
    assert [s["matches_case"] for s in items] == [False] * 4 + [True] * 4
    assert all(s["case_ref"] == "c-999" for s in items[:4])


async def test_samples_paginate_and_every_read_is_trailed(client, admin, system, auditor, db):
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 9))
    sid = (await draw(client, auditor)).json()["id"]
    seen, cursor = [], None
    while True:
        params = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(f"/v1/samplings/{sid}/samples", params=params, headers=auditor)).json()
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 9
    async with db.transaction() as s:
        trailed = await s.scalar(
            text("SELECT count(*) FROM access_trail WHERE action = 'read' AND resource LIKE 'sample/%'")
        )
    assert trailed == 9


async def test_county_policy_is_stored_on_the_sampling(client, admin, system, auditor):
    await add_unit(client, admin, "U1")
    r = await client.put(f"/v1/sampling-policies/{COUNTY}", json={"rate": "0.05", "floor": 12}, headers=admin)
    assert r.status_code == 200
    await ingest(client, system, records("U1", 400))
    body = (await draw(client, auditor)).json()
    assert body["units"][0]["sample_size"] == 20 and body["floor"] == 12 and float(body["rate"]) == 0.05


@pytest.mark.parametrize("replicas", [2])
async def test_two_schedulers_race_and_one_sampling_exists(app, client, admin, system, db, replicas):
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 25))
    settings = app.state.settings
    others = [Database(db.url, schema=db.schema) for _ in range(replicas)]
    now = datetime(2026, 11, 1, 0, 5, tzinfo=UTC)  # 08:05 on 1 November in Taipei
    try:
        results = await asyncio.gather(*(run_scheduler_once(d, settings, now=now) for d in others))
        results += [await run_scheduler_once(others[0], settings, now=now)]  # a later tick draws nothing more
    finally:
        for d in others:
            await d.dispose()
    assert sum(len(r) for r in results) == 1
    async with db.transaction() as s:
        rows = (await s.scalars(select(Sampling).where(Sampling.county == COUNTY))).all()
    assert len(rows) == 1 and rows[0].month == "2026-10" and rows[0].trigger == "scheduler"


async def test_concurrent_draws_give_one_201(app, client, admin, system, auditor, db):
    if not db.is_postgres:
        pytest.skip("needs real concurrency (PostgreSQL)")
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 25))
    codes = sorted(r.status_code for r in await asyncio.gather(*(draw(client, auditor) for _ in range(4))))
    assert codes == [201, 409, 409, 409]
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(Sampling)) == 1


async def _pages(client, headers, sid, **params):
    items, cursor = [], None
    while True:
        q = {"limit": 3, **params} | ({"cursor": cursor} if cursor else {})
        r = await client.get(f"/v1/samplings/{sid}/samples", params=q, headers=headers)
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        if not (cursor := r.json()["next_cursor"]):
            return items


async def test_samples_read_through_the_index_before_their_rows_are_written(app, client, admin, system, auditor, db):
    from carenet_household_audit.sampling.service import draw_sampling, materialize_samples

    for u in ("U1", "U2"):
        await add_unit(client, admin, u)
    await ingest(
        client,
        system,
        [record("U1", i=i, case_ref=("c-1" if i % 3 else None)) for i in range(14)]
        + [record("U2", i=i) for i in range(11)],
    )
    # served after the logs arrived: the read-through matches against the cases served now, as the rows will
    r = await client.put("/v1/units/U1/served-cases", json={"case_refs": ["c-1"]}, headers=admin)
    assert r.status_code == 200
    async with db.transaction() as s:
        sid = (
            await draw_sampling(session=s, county=COUNTY, month="2026-10", settings=app.state.settings, actor="t")
        ).id
    async with db.transaction() as s:
        ready = await s.scalar(select(Sampling.samples_ready).where(Sampling.id == sid))
        written = await s.scalar(select(func.count()).select_from(Sample).where(Sample.sampling_id == sid))
    if db.is_postgres:
        assert ready is False and written == 0  # the draw fixed thresholds only
    before = await _pages(client, auditor, sid)
    before_u2 = await _pages(client, auditor, sid, unit="U2")
    async with db.transaction() as s:
        await materialize_samples(s, await s.get(Sampling, sid))
    after = await _pages(client, auditor, sid)
    assert len(after) == 20 and after == before
    assert before_u2 == [x for x in after if x["unit"] == "U2"] and len(before_u2) == 10
    assert [x["matches_case"] for x in before][:4] == [False] * 4 and before[-1]["matches_case"] is True


async def test_the_samplings_list_shows_each_month_with_its_review_progress(client, admin, system, auditor, auth):
    await add_unit(client, admin, "UL1")
    await ingest(client, system, records("UL1", 12))
    await ingest(client, system, records("UL1", 15, at="2026-09-10T10:00:00+08:00"))
    october = (await draw(client, auditor)).json()
    september = (await draw(client, auditor, month="2026-09")).json()
    samples = (
        await client.get(f"/v1/samplings/{october['id']}/samples", params={"limit": 50}, headers=auditor)
    ).json()["items"]
    for s, verdict in zip(samples[:3], ["justified", "unjustified", "needs_follow_up"], strict=True):
        r = await client.post(
            f"/v1/samples/{s['id']}/review", json={"verdict": verdict, "note": "查核"}, headers=auditor
        )
        assert r.status_code == 200, r.text
    r = await client.get("/v1/samplings", headers=auditor)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [(i["month"], i["id"]) for i in items] == [("2026-10", october["id"]), ("2026-09", september["id"])]
    assert items[0]["progress"] | {"open_anomalies": None} == {
        "total": 10,
        "reviewed": 2,
        "needs_follow_up": 1,
        "unjustified": 1,
        "open_anomalies": None,
    }
    assert items[1]["progress"]["reviewed"] == 0 and items[1]["sample_size"] == 10
    assert [
        i["month"] for i in (await client.get("/v1/samplings", params={"year": 2025}, headers=auditor)).json()["items"]
    ] == []
    # another county's auditor lists nothing of this county
    stranger = auth("auditor", county=OTHER, sub="aud-other")
    assert (await client.get("/v1/samplings", params={"county": COUNTY}, headers=stranger)).json()["items"] == []
    # a case worker may not list samplings
    assert (await client.get("/v1/samplings", headers=auth("case_worker", county=COUNTY))).status_code == 403
