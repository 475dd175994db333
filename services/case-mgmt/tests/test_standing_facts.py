"""The standing facts stored on the case row (issue 15): a policy version that starts on a later day, and the
migration that backfills existing rows. (Every test of this suite also ends with `assert_stored_facts_exact`.)"""

import asyncio
import json
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from carenet_case_mgmt.cases.models import Case
from carenet_case_mgmt.tiers.models import TierPolicyVersion
from carenet_case_mgmt.tiers.rules import TierPolicy, VisitFact, due_after, facts_of
from carenet_core import clock
from carenet_core.clock import TAIPEI
from carenet_core.db import Database
from carenet_core.migrations import upgrade
from carenet_testing.plugin import TestDatabase, _create_database
from sqlalchemy import select, text

SERVICE_DIR = Path(__file__).parents[1]


async def _stored(db, case_id: str) -> Case:
    async with db.transaction() as s:
        row = await s.get(Case, case_id)
    assert row is not None
    return row


async def test_a_policy_version_from_tomorrow_takes_effect_on_its_day(client, auth, worker, open_case, h, db, clock_at):
    admin = auth("county_admin", county="TW-MIA", sub="admin-1")
    case = await open_case(intake_date=h.days_ago(3).isoformat())
    intake = date.fromisoformat(case["intake_date"])
    tomorrow = clock.today() + timedelta(days=1)
    body = {"effective_from": tomorrow.isoformat(), "intervals": {"1": 5, "2": 30, "3": 90, "4": 180, "5": 365}}
    r = await client.post("/v1/tier-policies/TW-MIA", json={**body, "not_met_retry_days": 7}, headers=admin)
    assert r.status_code == 201, r.text
    r = await client.get(f"/v1/cases/{case['id']}", headers=worker)
    assert r.json()["next_visit_due"] == (intake + timedelta(days=14)).isoformat()  # not yet in force
    assert (await _stored(db, case["id"])).next_visit_due == intake + timedelta(days=14)

    clock_at.at(datetime.combine(tomorrow, time(9), TAIPEI))
    worker = auth("case_worker", county="TW-MIA", district="頭份市", sub="cw-1")  # a token of the new day
    r = await client.get(f"/v1/cases/{case['id']}", headers=worker)
    assert r.json()["next_visit_due"] == (intake + timedelta(days=5)).isoformat()  # a read uses the policy in force
    assert (await _stored(db, case["id"])).next_visit_due == intake + timedelta(days=14)  # applied lazily …
    r = await client.get("/v1/worklist?days=7", headers=worker)  # … by the first list of the county
    assert r.status_code == 200, r.text
    assert [i["case_id"] for i in r.json()["items"]] == [case["id"]]
    assert r.json()["items"][0]["next_visit_due"] == (intake + timedelta(days=5)).isoformat()
    assert (await _stored(db, case["id"])).next_visit_due == intake + timedelta(days=5)
    async with db.transaction() as s:
        assert (await s.scalars(select(TierPolicyVersion.applied))).all() == [True]


async def test_a_policy_version_from_today_recomputes_its_county_at_once(client, auth, worker, open_case, h, db):
    admin = auth("county_admin", county="TW-MIA", sub="admin-1")
    cases = [await open_case(intake_date=h.days_ago(n).isoformat()) for n in (1, 2)]
    body = {"effective_from": clock.today().isoformat(), "intervals": {"1": 3, "2": 30, "3": 90, "4": 180, "5": 365}}
    r = await client.post("/v1/tier-policies/TW-MIA", json={**body, "not_met_retry_days": 2}, headers=admin)
    assert r.status_code == 201, r.text
    for c in cases:
        assert (await _stored(db, c["id"])).next_visit_due == date.fromisoformat(c["intake_date"]) + timedelta(days=3)


def _ts(d: date, hour: int) -> datetime:
    return datetime.combine(d, time(hour), TAIPEI)


async def _seed_before_the_facts(url: str) -> dict[str, list[VisitFact]]:
    """Rows as revision case_mgmt_0005 knew them: a county with a policy of its own, one without."""
    today = clock.today()
    db = Database(url, schema="case_mgmt")
    visits: dict[str, list[VisitFact]] = {}
    try:
        async with db.transaction() as s:
            await s.execute(
                text(
                    "INSERT INTO tier_policies (id, county, effective_from, intervals, not_met_retry_days, lock_months,"
                    " transfer_expiry_days, late_after_days, created_by, created_at) VALUES (:id, 'TW-MIA', :d,"
                    " CAST(:iv AS json), 4, 3, 14, 7, 'seed', now())"
                ),
                {"id": str(uuid.uuid4()), "d": today - timedelta(days=100), "iv": json.dumps({"1": 10, "2": 20})},
            )
            plans = {
                "TW-MIA": [(30, "face_to_face_home", "met"), (20, "phone", "not_met"), (10, "phone", "not_met")],
                "TW-HSZ": [],
                "TW-TPE": [(50, "phone", "met"), (40, "face_to_face_other", "not_met")],
            }
            for county, history in plans.items():
                case_id = str(uuid.uuid4())
                await s.execute(
                    text(
                        "INSERT INTO cases (id, national_id, person_key, name, birth_date, sex, county, district, kinds,"
                        " source, intake_date, flags, tier, tier_locked_until, status, refuses_service, created_at,"
                        " created_by, version) VALUES (:id, 'A123456789', :pk, '王', '1980-01-01', 'M', :county, 'x',"
                        " CAST('[\"psychiatric\"]' AS json), 'hospital_discharge', :intake, CAST('[]' AS json), 1,"
                        " :lock, 'open', false, now(), 'seed', 1)"
                    ),
                    {
                        "id": case_id,
                        "pk": uuid.uuid4().hex,
                        "county": county,
                        "intake": today - timedelta(days=60),
                        "lock": today + timedelta(days=30),
                    },
                )
                visits[case_id] = []
                for days_ago, method, outcome in history:
                    at = _ts(today - timedelta(days=days_ago), 10)
                    await s.execute(
                        text(
                            "INSERT INTO visits (id, case_id, county, district, kinds, visitor, visited_at, visit_date,"
                            " received_at, method, outcome, late, version) VALUES (:id, :case, :county, 'x',"
                            " CAST('[]' AS json), 'seed', :at, :day, :at, :method, :outcome, false, 1)"
                        ),
                        {
                            "id": str(uuid.uuid4()),
                            "case": case_id,
                            "county": county,
                            "at": at,
                            "day": at.date(),
                            "method": method,
                            "outcome": outcome,
                        },
                    )
                    visits[case_id].append(VisitFact(visited_at=at, method=method, outcome=outcome))
    finally:
        await db.dispose()
    return visits


async def _rows(url: str) -> list[Case]:
    db = Database(url, schema="case_mgmt")
    try:
        async with db.transaction() as s:
            return list((await s.scalars(select(Case))).all())
    finally:
        await db.dispose()


def test_the_migration_backfills_the_facts_of_existing_cases(carenet_database: TestDatabase) -> None:
    if carenet_database.kind != "postgresql":
        pytest.skip("the backfill is tested on PostgreSQL")
    url, drop = asyncio.run(_create_database(carenet_database.url))
    try:
        upgrade(SERVICE_DIR, url, "case_mgmt_0005")
        visits = asyncio.run(_seed_before_the_facts(url))
        upgrade(SERVICE_DIR, url, "head")
        rows = asyncio.run(_rows(url))
    finally:
        drop()
    assert len(rows) == 3
    for c in rows:
        want = facts_of(visits[c.id])
        assert (c.last_visit_on, c.last_visit_outcome, c.last_contact_on, c.consecutive_not_met) == (
            want.last_visit_on,
            want.last_outcome,
            want.last_contact_on,
            want.consecutive_not_met,
        )
        policy = TierPolicy(intervals={1: 10, 2: 20}, not_met_retry_days=4) if c.county == "TW-MIA" else TierPolicy()
        assert c.next_visit_due == due_after(
            tier=1,
            intake_date=c.intake_date,
            last_visit_on=want.last_visit_on,
            last_outcome=want.last_outcome,
            policy=policy,
        )
    assert {c.consecutive_not_met for c in rows} == {0, 1, 2}
