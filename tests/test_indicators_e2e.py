"""End to end through the gateway with real processes: facts recorded in case-mgmt show up in the
indicators scorecard within seconds, with hand-computed numbers; a case-mgmt outage is caught up
with nothing counted twice."""

import random
import time
import uuid
from datetime import timedelta

import pytest
from carenet_core import clock

from .twid import national_id

COUNTY, DISTRICT = "TW-HSQ", "竹北市"  # a county no other cross-service test writes to
TODAY = clock.today()
PERIOD = str(TODAY.year)


def _items(gw, headers):
    r = gw.get(f"/indicators/v1/scorecards/{COUNTY}", params={"period": PERIOD}, headers=headers)
    assert r.status_code == 200, r.text
    return {i["code"]: i for i in r.json()["items"]}


def _wait_for(gw, headers, expect, timeout=20.0):
    """Poll the scorecard until each code has the expected (numerator, denominator)."""
    deadline = time.monotonic() + timeout
    while True:
        items = _items(gw, headers)
        got = {code: (items.get(code, {}).get("numerator"), items.get(code, {}).get("denominator")) for code in expect}
        if got == expect or time.monotonic() > deadline:
            return items, got


def _visit(gw, headers, case_id, outcome="met", method="face_to_face_home"):
    body = {
        "id": str(uuid.uuid4()),
        "visited_at": clock.now().isoformat(),
        "method": method,
        "outcome": outcome,
        "note": "e2e",
    }
    r = gw.post(f"/case-mgmt/v1/cases/{case_id}/visits", json=body, headers={**headers, "Idempotency-Key": body["id"]})
    assert r.status_code == 201, r.text


@pytest.mark.skipif(clock.today().month == 1 and clock.today().day < 15, reason="needs two weeks of the year behind us")
def test_scorecard_follows_case_mgmt_and_catches_up_after_an_outage(stack, gw, login):
    rng = random.Random(20261123)
    worker = login("supervisor", county=COUNTY, sub="e2e-sup")
    hospital = login("hospital", county=COUNTY, sub="e2e-hosp", unit="H-HSQ-01")
    reader = login("county_admin", county=COUNTY, sub="e2e-admin")
    people = [national_id(rng) for _ in range(4)]
    cases = []
    for i, nid in enumerate(people):
        r = gw.post(
            "/case-mgmt/v1/cases",
            headers=worker,
            json={
                "national_id": nid,
                "name": f"個案{i}",
                "birth_date": "1975-03-0" + str(i + 1),
                "sex": "F",
                "county": COUNTY,
                "district": DISTRICT,
                "kinds": ["psychiatric"],
                "source": "hospital_discharge",
                "intake_date": (TODAY - timedelta(days=20)).isoformat(),
            },
        )
        assert r.status_code == 201, r.text
        cases.append(r.json()["id"])
    # plans 1 and 2 uploaded within 14 days of discharge, plans 3 and 4 not
    discharged = [TODAY - timedelta(days=d) for d in (3, 10, 20, 40)]
    for nid, when in zip(people, discharged, strict=True):
        r = gw.post(
            "/case-mgmt/v1/discharge-plans",
            headers=hospital,
            json={
                "national_id": nid,
                "name": "個案",
                "hospital": "竹北醫院",
                "discharged_at": when.isoformat(),
                "compulsory": False,
                "needs_follow_up": True,
                "summary": "穩定出院",
            },
        )
        assert r.status_code == 201, r.text
    # visits after the uploads: case 1 three (one not met), case 2 two, case 3 one, case 4 none
    for case_id, outcomes in zip(cases, (["met", "not_met", "met"], ["met", "met"], ["met"], []), strict=True):
        for outcome in outcomes:
            _visit(gw, worker, case_id, outcome)

    expect = {
        "discharge_plan_upload_14d": (2, 4),
        "discharge_first_visit_14d": (3, 4),
        "avg_visits_per_psychiatric_case": (6, 4),
    }
    items, got = _wait_for(gw, reader, expect)
    assert got == expect
    assert items["discharge_plan_upload_14d"]["value"] in (50, 50.0, 0.5)
    assert items["avg_visits_per_psychiatric_case"]["value"] == pytest.approx(1.5)

    stack.stop("case-mgmt")
    time.sleep(2)  # indicators keeps polling a dead feed meanwhile
    items = _items(gw, reader)  # and keeps serving what it knows
    assert items["avg_visits_per_psychiatric_case"]["numerator"] == 6
    stack.start("case-mgmt")
    stack.wait_healthy(names=["case-mgmt"])
    _visit(gw, worker, cases[3])
    _visit(gw, worker, cases[3], "not_met", "phone")

    expect = {
        "discharge_plan_upload_14d": (2, 4),
        "discharge_first_visit_14d": (4, 4),
        "avg_visits_per_psychiatric_case": (8, 4),
    }
    items, got = _wait_for(gw, reader, expect)
    assert got == expect
    assert items["avg_visits_per_psychiatric_case"]["value"] == pytest.approx(2.0)
