"""Families of suicide decedents as a track of their own, escorts to hospital, intake sources and their counts."""

import uuid
from datetime import date
from typing import get_args

from carenet_case_mgmt.escorts import rules as escort_rules
from carenet_case_mgmt.escorts import schemas as escort_schemas
from carenet_case_mgmt.reports.rules import CaseRow, VisitRow, kind_counts
from carenet_core import clock


def test_escort_lists_match_the_api():
    assert get_args(escort_schemas.Reason) == escort_rules.REASONS
    assert get_args(escort_schemas.EscortedBy) == escort_rules.ESCORTED_BY
    assert get_args(escort_schemas.Outcome) == escort_rules.OUTCOMES


def test_kind_counts_keep_the_bereaved_track_apart_over_a_quarter():
    start, end = date(2026, 10, 1), date(2026, 12, 31)
    cases = [
        CaseRow(kinds=["bereaved_family"], intake_date=date(2026, 10, 1), closed_on=None),  # opened, open
        CaseRow(
            kinds=["bereaved_family"], intake_date=date(2026, 9, 30), closed_on=date(2026, 12, 31)
        ),  # closed on end
        CaseRow(kinds=["suicide_attempt"], intake_date=date(2027, 1, 1), closed_on=None),  # after the quarter
        CaseRow(kinds=["psychiatric", "bereaved_family"], intake_date=date(2026, 12, 31), closed_on=None),
    ]
    visits = [
        VisitRow(kinds=["bereaved_family"], method="face_to_face_home", outcome="met", seen="person"),
        VisitRow(kinds=["bereaved_family"], method="phone", outcome="not_met", seen=None),
        VisitRow(kinds=["suicide_attempt"], method="face_to_face_other", outcome="met", seen="family_only"),
    ]
    got = kind_counts(cases, visits, start=start, end=end)
    assert got["bereaved_family"] == {
        "cases_opened": 2,
        "cases_open_at_end": 2,
        "visits": 2,
        "met": 1,
        "not_met": 1,
        "face_to_face": 1,
        "person_seen": 1,
    }
    assert got["suicide_attempt"]["cases_opened"] == 0 and got["suicide_attempt"]["person_seen"] == 0
    assert got["psychiatric"]["cases_open_at_end"] == 1


async def test_a_bereaved_family_case_has_its_own_track(client, worker, supervisor, open_case, add_visit, h):
    case = await open_case(kinds=["bereaved_family"], source="suicide_report")
    assert case["kinds"] == ["bereaved_family"] and case["tier"] == 1
    await add_visit(case["id"], when=h.at(clock.today()))
    listed = (await client.get("/v1/cases?kind=bereaved_family", headers=worker)).json()["items"]
    assert [c["id"] for c in listed] == [case["id"]]
    assert (await client.get("/v1/cases?kind=suicide_attempt", headers=worker)).json()["items"] == []
    q = clock.quarter_of(clock.today())
    kinds = (await client.get(f"/v1/reports/case-kinds?quarter={q}", headers=supervisor)).json()["kinds"]
    assert kinds["bereaved_family"]["cases_opened"] == 1 and kinds["bereaved_family"]["visits"] == 1
    assert kinds["suicide_attempt"]["visits"] == 0


async def test_intake_source_is_a_closed_list_keeping_todays_values(client, worker, h):
    for source in ("hospital_discharge", "community", "hotline_1925", "labour", "self"):
        r = await client.post("/v1/cases", json=h.intake_body(source=source), headers=worker)
        assert r.status_code == 201, (source, r.text)
    r = await client.post("/v1/cases", json=h.intake_body(source="walked in"), headers=worker)
    assert r.status_code == 422


async def test_quarterly_referral_source_counts(client, worker, supervisor, auth, h):
    q = clock.quarter_of(clock.today())
    for source in ("social_welfare", "labour", "education", "education", "police"):
        assert (await client.post("/v1/cases", json=h.intake_body(source=source), headers=worker)).status_code == 201
    body = (await client.get(f"/v1/reports/referral-sources?quarter={q}", headers=supervisor)).json()
    counts = {i["source"]: i["cases"] for i in body["items"]}
    assert counts["education"] == 2 and counts["police"] == 1 and counts["self"] == 0
    assert body["referring_agencies"] == 4 and body["total"] == 5
    assert {i["label"] for i in body["items"]} >= {"社政", "勞政", "教育"}
    ministry = auth("ministry", county=None, sub="moh")
    assert (await client.get(f"/v1/reports/referral-sources?quarter={q}&county=TW-MIA", headers=ministry)).json()[
        "total"
    ] == 5
    assert (await client.get(f"/v1/reports/referral-sources?quarter={q}", headers=ministry)).status_code == 422
    assert (
        await client.get(f"/v1/reports/referral-sources?quarter={q}&county=TW-TPE", headers=supervisor)
    ).status_code == 404
    r = await client.get("/v1/reports/referral-sources?quarter=2026-Q5", headers=supervisor)
    assert r.status_code == 422 and r.json()["code"] == "invalid_quarter"
    assert (await client.get(f"/v1/reports/referral-sources?quarter={q}", headers=worker)).status_code == 403


async def test_escorts_are_recorded_once_and_counted_by_reason(client, worker, supervisor, open_case, h):
    case = await open_case()
    body = {
        "id": str(uuid.uuid4()),
        "escorted_at": h.at(clock.today()),
        "reason": "harm_to_others",
        "escorted_by": ["police", "public_health_nurse"],
        "hospital": "大千綜合醫院",
        "outcome": "admitted",
    }
    url = f"/v1/cases/{case['id']}/escorts"
    codes = [(await client.post(url, json=body, headers=worker)).status_code for _ in range(2)]
    assert codes == [201, 200]
    other = {**body, "id": str(uuid.uuid4()), "reason": "self_harm", "outcome": "emergency_only"}
    assert (await client.post(url, json=other, headers=supervisor)).status_code == 201
    items = (await client.get(url, headers=worker)).json()["items"]
    assert {i["id"] for i in items} == {body["id"], other["id"]}
    bad = {**body, "id": str(uuid.uuid4()), "reason": "boredom"}
    assert (await client.post(url, json=bad, headers=worker)).status_code == 422
    future = {**body, "id": str(uuid.uuid4()), "escorted_at": "2099-01-01T00:00:00+08:00"}
    r = await client.post(url, json=future, headers=worker)
    assert r.status_code == 422 and r.json()["code"] == "escorted_in_future"
    other_case = await open_case()
    r = await client.post(f"/v1/cases/{other_case['id']}/escorts", json=body, headers=worker)
    assert r.status_code == 409 and r.json()["code"] == "escort_id_taken"
    q = clock.quarter_of(clock.today())
    report = (await client.get(f"/v1/reports/escorts?quarter={q}", headers=supervisor)).json()
    assert report["total"] == 2 and report["by_reason"]["harm_to_others"] == 1 and report["by_reason"]["self_harm"] == 1
    assert report["by_outcome"]["admitted"] == 1 and report["by_outcome"]["emergency_only"] == 1
