"""The quarterly visit-record audit: share by volume class, reproducible draw, results."""

import math
from datetime import date, timedelta

import pytest
from carenet_core import clock


def last_quarter() -> str:
    first, _ = clock.parse_quarter(clock.quarter_of(clock.today()))
    return clock.quarter_of(first - timedelta(days=1))


@pytest.mark.now("2026-10-05T10:00:00+08:00")
async def test_draw_verify_and_record(client, auth, open_case, add_visit, supervisor, h):
    # contract wave 2: only an ended quarter (2026-Q3 on 5 October), rate by the county's class (苗栗縣: 10% / 10%)
    psych = await open_case(intake_date="2026-09-01")
    suicide = await open_case(kinds=["suicide_attempt"], intake_date="2026-09-01")
    for i in range(7):
        await add_visit(psych["id"], when=h.at(date(2026, 9, 10 + i)), outcome="met")
    await add_visit(suicide["id"], when=h.at(date(2026, 9, 20)), outcome="met")
    await add_visit(psych["id"], when=h.at(date(2026, 10, 2)), outcome="met")  # Q4: not in the population
    body = {"county": "TW-MIA", "quarter": "2026-Q3", "kind": "psychiatric"}
    r = await client.post("/v1/visit-audits", json=body, headers=supervisor)
    assert r.status_code == 201, r.text
    audit = r.json()
    assert audit["population"] == 7 and audit["rate"] == 0.1 and audit["sample_size"] == math.ceil(7 * 0.1) == 1
    assert len(audit["samples"]) == 1 and len(audit["seed"]) == 32
    again = await client.post("/v1/visit-audits", json=body, headers=supervisor)
    assert again.status_code == 409 and again.json()["id"] == audit["id"]
    assert (await client.get(f"/v1/visit-audits/{audit['id']}/verify", headers=auth("ministry", county=None))).json()[
        "match"
    ] is True
    drawn = audit["samples"][0]["visit_id"]
    auditor = auth("auditor", county="TW-MIA", sub="aud-1")
    r = await client.post(
        f"/v1/visit-audits/{audit['id']}/results", json={"visit_id": drawn, "result": "complete"}, headers=auditor
    )
    assert r.status_code == 201 and r.json()["result"] == "complete"
    assert (
        await client.post(
            f"/v1/visit-audits/{audit['id']}/results", json={"visit_id": drawn, "result": "incomplete"}, headers=auditor
        )
    ).status_code == 409
    not_drawn = {"visit_id": "00000000-0000-0000-0000-000000000000", "result": "complete"}
    assert (
        await client.post(f"/v1/visit-audits/{audit['id']}/results", json=not_drawn, headers=auditor)
    ).status_code == 422
    got = (await client.get(f"/v1/visit-audits/{audit['id']}", headers=supervisor)).json()
    assert got["audited"] == 1
    s = await client.post("/v1/visit-audits", json={**body, "kind": "suicide_attempt"}, headers=supervisor)
    assert s.json()["population"] == 1 and s.json()["sample_size"] == 1 and s.json()["rate"] == 0.1


@pytest.mark.now("2026-10-05T10:00:00+08:00")
async def test_late_uploads_go_into_a_supplementary_draw_at_the_same_rate(
    client, auth, open_case, add_visit, supervisor, h
):
    case = await open_case(intake_date="2026-07-01")
    early = [await add_visit(case["id"], when=h.at(date(2026, 8, 1 + i))) for i in range(3)]
    body = {"county": "TW-MIA", "quarter": "2026-Q3", "kind": "psychiatric"}
    audit = (await client.post("/v1/visit-audits", json=body, headers=supervisor)).json()
    assert audit["population"] == 3
    nothing = await client.post(f"/v1/visit-audits/{audit['id']}/supplement", headers=supervisor)
    assert nothing.status_code == 422 and nothing.json()["code"] == "no_late_records"
    # eleven records of September arrive after the draw (a phone offline), one of October does not belong
    late = [await add_visit(case["id"], when=h.at(date(2026, 9, 1 + i))) for i in range(11)]
    await add_visit(case["id"], when=h.at(date(2026, 10, 3)))
    r = await client.post(f"/v1/visit-audits/{audit['id']}/supplement", headers=supervisor)
    assert r.status_code == 201, r.text
    sup = r.json()
    assert sup["population"] == 11 and sup["rate"] == audit["rate"] == 0.1 and sup["sample_size"] == 2
    late_ids = {v["id"] for v in late}
    assert {s["visit_id"] for s in sup["samples"]} <= late_ids and len(sup["samples"]) == 2
    assert all(s["supplement_id"] == sup["id"] for s in sup["samples"])
    assert [s["position"] for s in sup["samples"]] == [2, 3]
    assert not {v["id"] for v in early} & {s["visit_id"] for s in sup["samples"]}
    # a drawn late record takes its result like any other; the whole audit still verifies
    auditor = auth("auditor", county="TW-MIA", sub="aud-1")
    rec = {"visit_id": sup["samples"][0]["visit_id"], "result": "incomplete"}
    assert (await client.post(f"/v1/visit-audits/{audit['id']}/results", json=rec, headers=auditor)).status_code == 201
    assert (await client.get(f"/v1/visit-audits/{audit['id']}/verify", headers=supervisor)).json()["match"] is True
    # the same late records are not drawn twice
    again = await client.post(f"/v1/visit-audits/{audit['id']}/supplement", headers=supervisor)
    assert again.status_code == 422 and again.json()["code"] == "no_late_records"
    other = auth("supervisor", county="TW-HSQ", sub="sup-9")
    assert (await client.post(f"/v1/visit-audits/{audit['id']}/supplement", headers=other)).status_code == 404


@pytest.mark.parametrize(
    ("instant", "quarter", "status"),
    [
        ("2026-12-31T23:40:00+08:00", "2026-Q4", 422),  # last day of the quarter in Taipei (15:40 UTC)
        ("2027-01-01T00:10:00+08:00", "2026-Q4", 201),  # first day after, though UTC is still 31 December
        ("2026-09-30T23:40:00+08:00", "2026-Q3", 422),
        ("2026-10-01T07:30:00+08:00", "2026-Q3", 201),
        ("2026-11-30T10:00:00+08:00", "2026-Q4", 422),  # the issue: drawing 2026-Q4 on 30 November
    ],
)
async def test_only_an_ended_quarter_can_be_audited(client, clock_at, auth, instant, quarter, status):
    clock_at.at(instant)
    supervisor = auth("supervisor", county="TW-MIA", sub="sup-1")  # a token of that moment
    r = await client.post(
        "/v1/visit-audits", json={"county": "TW-MIA", "quarter": quarter, "kind": "psychiatric"}, headers=supervisor
    )
    assert r.status_code == status, r.text
    if status == 422:
        assert r.json()["code"] == "quarter_not_ended"


async def test_audit_jurisdiction_and_input(client, auth, supervisor):
    body = {"county": "TW-HSQ", "quarter": last_quarter(), "kind": "psychiatric"}
    assert (await client.post("/v1/visit-audits", json=body, headers=supervisor)).status_code == 403
    future = {"county": "TW-MIA", "quarter": f"{clock.today().year + 1}-Q1", "kind": "psychiatric"}
    assert (await client.post("/v1/visit-audits", json=future, headers=supervisor)).status_code == 422
    assert (
        await client.post("/v1/visit-audits", json={**future, "quarter": "2026-Q5"}, headers=supervisor)
    ).status_code == 422
    assert (await client.get("/v1/visit-audits/nope", headers=supervisor)).status_code == 404


async def test_a_quarter_outside_the_calendar_is_422_not_500(client, supervisor):
    # found by schemathesis: year 0000 used to reach date() and fail as a 500
    for quarter in ("0000-Q1", "9999-Q4"):
        r = await client.post(
            "/v1/visit-audits", json={"county": "TW-MIA", "kind": "psychiatric", "quarter": quarter}, headers=supervisor
        )
        assert r.status_code == 422, (quarter, r.text)
