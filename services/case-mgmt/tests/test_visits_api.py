"""Visits: idempotent on the phone's UUID, late and out-of-order, edits under If-Match."""

import asyncio
import uuid
from datetime import timedelta

from carenet_case_mgmt.visits.models import Visit
from carenet_core import clock
from sqlalchemy import func, select


async def test_a_visit_resent_three_times_exists_once(client, worker, open_case, h, db):
    case = await open_case()
    body = {
        "id": str(uuid.uuid4()),
        "visited_at": h.at(clock.today()),
        "method": "face_to_face_home",
        "outcome": "met",
        "assessment": {"mental_state": "stable", "self_harm_risk": "low", "needs": ["housing"]},
        "note": "ok",
    }
    headers = {**worker, "Idempotency-Key": "visit-key-1"}
    codes = [
        (await client.post(f"/v1/cases/{case['id']}/visits", json=body, headers=headers)).status_code for _ in range(3)
    ]
    assert codes == [201, 200, 200]
    # the same id without the key, too
    assert (await client.post(f"/v1/cases/{case['id']}/visits", json=body, headers=worker)).status_code == 200
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(Visit)) == 1
    listed = (await client.get(f"/v1/cases/{case['id']}/visits", headers=worker)).json()["items"]
    assert [v["id"] for v in listed] == [body["id"]]
    assert listed[0]["assessment"]["needs"] == ["housing"]


async def test_concurrent_resends_create_one_visit(client, worker, open_case, h, db):
    case = await open_case()
    body = {"id": str(uuid.uuid4()), "visited_at": h.at(clock.today()), "method": "phone", "outcome": "met"}
    rs = await asyncio.gather(
        *[client.post(f"/v1/cases/{case['id']}/visits", json=body, headers=worker) for _ in range(4)]
    )
    codes = [r.status_code for r in rs]
    assert codes.count(201) == 1 and all(c in (200, 201) for c in codes), codes
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(Visit)) == 1


async def test_the_same_key_for_another_visit_is_409(client, worker, open_case, h):
    case = await open_case()
    headers = {**worker, "Idempotency-Key": "k"}
    one = {"id": str(uuid.uuid4()), "visited_at": h.at(clock.today()), "method": "phone", "outcome": "met"}
    assert (await client.post(f"/v1/cases/{case['id']}/visits", json=one, headers=headers)).status_code == 201
    other = {**one, "id": str(uuid.uuid4())}
    r = await client.post(f"/v1/cases/{case['id']}/visits", json=other, headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "idempotency_key_reused"


async def test_visits_update_due_date_and_not_met_count(client, worker, open_case, add_visit, h):
    case = await open_case(intake_date=h.days_ago(20).isoformat())
    assert case["overdue"] is True  # 20 days after intake at tier 1 (14 days)
    r = await add_visit(case["id"], when=h.at(h.days_ago(2)), method="face_to_face_home", outcome="not_met")
    assert r["case"]["consecutive_not_met"] == 1
    assert r["case"]["next_visit_due"] == (h.days_ago(2) + timedelta(days=7)).isoformat()
    await add_visit(case["id"], when=h.at(h.days_ago(1)), outcome="not_met", method="phone")
    got = (await client.get(f"/v1/cases/{case['id']}", headers=worker)).json()
    assert got["consecutive_not_met"] == 2 and got["overdue"] is False
    r = await add_visit(case["id"], when=h.at(clock.today(), 9), outcome="met")
    assert r["case"]["consecutive_not_met"] == 0
    assert r["case"]["next_visit_due"] == (clock.today() + timedelta(days=14)).isoformat()


async def test_a_late_visit_is_flagged_and_ordered_by_when_it_happened(client, worker, open_case, add_visit, h):
    case = await open_case(intake_date=h.days_ago(30).isoformat())
    recent = await add_visit(case["id"], when=h.at(h.days_ago(1)), outcome="met")
    late = await add_visit(case["id"], when=h.at(h.days_ago(10)), outcome="not_met")  # arrives after, happened before
    assert late["late"] is True and recent["late"] is False
    assert late["case"]["consecutive_not_met"] == 0  # the newest visit (by device time) was met
    assert late["case"]["next_visit_due"] == (h.days_ago(1) + timedelta(days=14)).isoformat()
    listed = (await client.get(f"/v1/cases/{case['id']}/visits", headers=worker)).json()["items"]
    assert [v["id"] for v in listed] == [recent["id"], late["id"]]


async def test_visit_in_the_future_is_422(client, worker, open_case, h):
    case = await open_case()
    body = {
        "id": str(uuid.uuid4()),
        "visited_at": h.at(clock.today() + timedelta(days=2)),
        "method": "phone",
        "outcome": "met",
    }
    r = await client.post(f"/v1/cases/{case['id']}/visits", json=body, headers=worker)
    assert r.status_code == 422 and r.json()["code"] == "visited_in_future"


async def test_bad_visit_input_is_422(client, worker, open_case, h):
    case = await open_case()
    for bad in ({"method": "telepathy"}, {"outcome": "maybe"}, {"id": "not-a-uuid"}):
        body = {"id": str(uuid.uuid4()), "visited_at": h.at(clock.today()), "method": "phone", "outcome": "met", **bad}
        assert (await client.post(f"/v1/cases/{case['id']}/visits", json=body, headers=worker)).status_code == 422


async def test_two_phones_editing_one_visit_one_wins_one_gets_412(client, worker, auth, open_case, add_visit, h):
    case = await open_case()
    visit = await add_visit(case["id"], when=h.at(clock.today()), outcome="met")
    url = f"/v1/cases/{case['id']}/visits/{visit['id']}"
    read = await client.get(url, headers=worker)
    tag = read.headers["etag"]
    other_phone = auth("case_worker", county="TW-MIA", district="頭份市", sub="cw-2")
    a, b = await asyncio.gather(
        client.patch(url, json={"note": "phone A"}, headers={**worker, "If-Match": tag}),
        client.patch(url, json={"note": "phone B"}, headers={**other_phone, "If-Match": tag}),
    )
    assert sorted([a.status_code, b.status_code]) == [200, 412]
    winner = a if a.status_code == 200 else b
    final = (await client.get(url, headers=worker)).json()
    assert final["note"] == winner.json()["note"] and final["version"] == 2
    loser = b if winner is a else a
    assert loser.json()["code"] == "etag_mismatch"


async def test_edit_without_if_match_is_428(client, worker, open_case, add_visit, h):
    case = await open_case()
    visit = await add_visit(case["id"], when=h.at(clock.today()))
    r = await client.patch(f"/v1/cases/{case['id']}/visits/{visit['id']}", json={"note": "x"}, headers=worker)
    assert r.status_code == 428


async def test_visits_of_a_case_outside_the_district_are_404(client, auth, open_case, h):
    case = await open_case(headers=auth("case_worker", county="TW-MIA", district="竹南鎮"), district="竹南鎮")
    me = auth("case_worker", county="TW-MIA", district="頭份市")
    body = {"id": str(uuid.uuid4()), "visited_at": h.at(clock.today()), "method": "phone", "outcome": "met"}
    assert (await client.post(f"/v1/cases/{case['id']}/visits", json=body, headers=me)).status_code == 404
    assert (await client.get(f"/v1/cases/{case['id']}/visits", headers=me)).status_code == 404


async def test_county_admin_may_not_record_visits(client, auth, open_case, h):
    case = await open_case()
    body = {"id": str(uuid.uuid4()), "visited_at": h.at(clock.today()), "method": "phone", "outcome": "met"}
    r = await client.post(f"/v1/cases/{case['id']}/visits", json=body, headers=auth("county_admin", county="TW-MIA"))
    assert r.status_code == 403


async def test_an_old_last_visit_still_sets_the_clock(client, worker, open_case, add_visit, h):
    case = await open_case(intake_date=h.days_ago(600).isoformat())
    await add_visit(case["id"], when=h.at(h.days_ago(500)), outcome="met")
    last = await add_visit(case["id"], when=h.at(h.days_ago(450)), outcome="not_met", method="phone")
    assert last["late"] is True
    got = (await client.get(f"/v1/cases/{case['id']}", headers=worker)).json()
    assert got["next_visit_due"] == (h.days_ago(450) + timedelta(days=7)).isoformat()
    assert got["days_overdue"] == 443 and got["last_visit_date"] == h.days_ago(450).isoformat()
    assert got["only_phone_for_a_year"] is True
