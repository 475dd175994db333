"""workforce through the gateway with real processes: the gateway feeds account activity, so an
account used by someone who left 100 days ago is flagged in the next review; sign-off waits for
every decision, and each sign-off reaches the county's scorecard on indicators (the ended half-years
without one are overdue); staffing facts are on workforce's feed with hand-counted numbers."""

from __future__ import annotations

import time
from datetime import timedelta, timezone

from carenet_core import clock

COUNTY = "TW-TTT"  # a county no other cross-service test writes to
TAIPEI = timezone(timedelta(hours=8))
TODAY = clock.today()
HALF = f"{TODAY.year}-H{1 if TODAY.month <= 6 else 2}"
# the last half-year that has ended (it is due a signed review: 「定期清查帳號(至少半年一次)」)
DUE = f"{TODAY.year - 1}-H2" if TODAY.month <= 6 else f"{TODAY.year}-H1"


def _staff(sub: str, kind: str, **kw) -> dict:
    body = {
        "sub": sub,
        "name": "台東人員",
        "county": COUNTY,
        "kind": kind,
        "funding": "subsidised",
        "started_on": "2023-01-02",
        "psychiatric_visit_share": 0.5,
    }
    return body | kw


def test_an_account_of_someone_who_left_100_days_ago_is_flagged_from_the_gateways_activity(gw, login):
    admin = login("county_admin", county=COUNTY, sub="wf-admin-ttt")
    left_on = (TODAY - timedelta(days=100)).isoformat()
    r = gw.post(
        "/workforce/v1/staff", json=_staff("wf-left-ttt", "psychiatric_visitor", ended_on=left_on), headers=admin
    )
    assert r.status_code == 201, r.text
    # the leaver still calls in (any authenticated call through the gateway counts)
    leaver = login("case_worker", county=COUNTY, sub="wf-left-ttt")
    assert gw.get("/case-mgmt/v1/worklist", headers=leaver).status_code == 200
    deadline = time.monotonic() + 30
    while True:  # the gateway sends its batch every 0.3 s here (CARENET_GATEWAY_ACTIVITY_FLUSH_SECONDS)
        seen = gw.get("/workforce/v1/account-activity", params={"county": COUNTY, "limit": 500}, headers=admin)
        assert seen.status_code == 200, seen.text
        if "wf-left-ttt" in [a["sub"] for a in seen.json()["items"]]:
            break
        assert time.monotonic() < deadline, "the gateway never reported the leaver's call"
        time.sleep(0.2)
    r = gw.post("/workforce/v1/account-reviews", json={"county": COUNTY, "half": HALF}, headers=admin)
    assert r.status_code == 201, r.text
    review = r.json()
    flags = {(f["sub"], f["reason"]) for f in review["flags"]}
    assert ("wf-left-ttt", "left_but_active") in flags
    assert ("wf-admin-ttt", "no_staff_record") in flags  # the admin has no staff record either
    url = f"/workforce/v1/account-reviews/{review['id']}"
    r = gw.post(f"{url}/sign-off", headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "flags_undecided"
    assert r.headers["content-type"] == "application/problem+json"
    for sub in sorted({s for s, _ in flags}):
        r = gw.post(f"{url}/decisions", json={"sub": sub, "decision": "disabled", "note": "已停用"}, headers=admin)
        assert r.status_code == 200, r.text
    r = gw.post(f"{url}/sign-off", headers=admin)
    assert r.status_code == 200 and r.json()["signed_by"] == "wf-admin-ttt"

    # the scorecard of DUE's year counts its ended half-years (the running one is not due yet, signed
    # or not): by hand, DUE = Y-H1 → Y-H1 ended (1); DUE = Y-H2 → both ended (2), only Y-H2 signed below
    year = DUE[:4]
    ended = 1 if DUE.endswith("H1") else 2

    def account_item() -> dict:
        card = gw.get(f"/indicators/v1/scorecards/{COUNTY}", params={"period": year}, headers=admin)
        assert card.status_code == 200, card.text
        return next(i for i in card.json()["items"] if i["code"] == "account_review_half_yearly")

    item = account_item()
    assert (item["numerator"], item["denominator"], item["overdue"], item["met"]) == (0, ended, ended, False)
    assert item["informational"] is True and item["title"] == "定期清查帳號(至少半年一次)"
    r = gw.post("/workforce/v1/account-reviews", json={"county": COUNTY, "half": DUE}, headers=admin)
    assert r.status_code == 201, r.text
    due_url = f"/workforce/v1/account-reviews/{r.json()['id']}"
    for sub in sorted({f["sub"] for f in r.json()["flags"]}):
        r = gw.post(f"{due_url}/decisions", json={"sub": sub, "decision": "kept", "note": "在職"}, headers=admin)
        assert r.status_code == 200, r.text
    assert gw.post(f"{due_url}/sign-off", headers=admin).status_code == 200
    deadline = time.monotonic() + 45
    while (item := account_item())["numerator"] != 1:  # indicators follows workforce's feed
        assert time.monotonic() < deadline, item
        time.sleep(0.5)
    assert (item["denominator"], item["overdue"], item["met"]) == (ended, ended - 1, ended == 1)
    assert len(item["fact_ids"]) == 1


def test_staffing_facts_on_the_feed_through_the_gateway(gw, login):
    admin = login("county_admin", county="TW-PEN", sub="wf-admin-pen")
    for sub, kind, share in [
        ("pen-sup", "supervisor", 0),
        ("pen-v1", "psychiatric_visitor", 1),
        ("pen-v2", "suicide_visitor", 0),
        ("pen-adm", "admin_staff", 0),
    ]:
        body = _staff(sub, kind, county="TW-PEN", psychiatric_visit_share=share)
        assert gw.post("/workforce/v1/staff", json=body, headers=admin).status_code == 201
    system = login("system", county=None, sub="wf-feed-reader")
    facts, after = [], 0
    while True:
        page = gw.get("/workforce/v1/events", params={"after": after, "limit": 500}, headers=system).json()
        facts += [e["data"] for e in page["items"] if e["type"] == "staffing.fact" and e["data"]["county"] == "TW-PEN"]
        if not page["next_cursor"]:
            break
        after = page["items"][-1]["seq"]
    ratio = [f for f in facts if f["code"] == "supervisor_ratio"][-1]
    admin_fact = [f for f in facts if f["code"] == "dedicated_admin_staff"][-1]
    # 2 case managers per supervisor (the rule: at most 7)
    assert (ratio["period"], ratio["value"], ratio["numerator"], ratio["denominator"]) == (str(TODAY.year), 2.0, 2, 1)
    # 1 administrator; visiting staff 1 + 0 = 1.0 FTE of 2 = 50 % → met
    assert (admin_fact["value"], admin_fact["numerator"], admin_fact["denominator"]) == (50.0, 1.0, 2)


def test_staffing_indicators_reach_the_scorecard_from_workforce_data(gw, login):
    """Issue 18: supervision ratio and dedicated staff on indicators' scorecard, fed by workforce (no manual fact)."""
    county = "TW-KIN"  # 金門縣: nobody else writes staff there
    admin = login("county_admin", county=county, sub="wf-admin-kin")
    staff = [("kin-sup", "supervisor", 0.0), ("kin-adm", "admin_staff", 0.0)]
    staff += [(f"kin-v{i}", "psychiatric_visitor", 0.5) for i in range(8)]
    for sub, kind, share in staff:
        body = _staff(sub, kind, county=county, psychiatric_visit_share=share)
        assert gw.post("/workforce/v1/staff", json=body, headers=admin).status_code == 201
    # by hand: 8 case managers / 1 supervisor = 8 > 7 → not met;
    # psychiatric-visit time 8 × 0.5 = 4.0 FTE of 8 subsidised visiting staff = 50 % ≥ 50 % → met
    deadline = time.monotonic() + 45
    while True:
        card = gw.get(f"/indicators/v1/scorecards/{county}", params={"period": str(TODAY.year)}, headers=admin)
        assert card.status_code == 200, card.text
        items = {i["code"]: i for i in card.json()["items"]}
        ratio, dedicated = items["supervisor_ratio"], items["dedicated_admin_staff"]
        if ratio.get("denominator") == 1 and ratio.get("numerator") == 8 and dedicated.get("denominator") == 8:
            break
        assert time.monotonic() < deadline, (ratio, dedicated)
        time.sleep(0.5)
    assert (ratio["value"], ratio["met"]) == (8, False)
    assert (dedicated["numerator"], dedicated["value"], dedicated["met"]) == (4, 50, True)


def test_the_supervisor_sees_case_mgmt_caseloads_beside_each_workers_staff_line(gw, login):
    """Issue 18: case-mgmt's caseloads joined with staff kinds (workforce asks case-mgmt through the gateway
    with the supervisor's own token), hand-counted."""
    import random

    from tests.twid import national_id

    county = "TW-PIF"  # 屏東縣: no other cross-service test opens cases or adds staff there
    admin = login("county_admin", county=county, sub="wf-admin-pif")
    for sub, kind in [("pif-p1", "psychiatric_visitor"), ("pif-s1", "suicide_visitor"), ("pif-w1", "mh_social_worker")]:
        body = _staff(sub, kind, county=county)
        assert gw.post("/workforce/v1/staff", json=body, headers=admin).status_code == 201
    rng = random.Random(18)
    intake = (TODAY - timedelta(days=3)).isoformat()
    opened = {"pif-p1": 3, "pif-s1": 1, "pif-gone": 2}  # pif-gone holds cases but is not on the register
    for sub, n in opened.items():
        worker = login("case_worker", county=county, district="屏東市", sub=sub)
        for _ in range(n):
            body = {
                "national_id": national_id(rng),
                "name": "屏東測試",
                "birth_date": "1980-04-05",
                "sex": "M",
                "county": county,
                "district": "屏東市",
                "kinds": ["psychiatric"],
                "source": "community",
                "intake_date": intake,
            }
            r = gw.post("/case-mgmt/v1/cases", json=body, headers=worker)
            assert r.status_code == 201, r.text
    supervisor = login("supervisor", county=county, sub="pif-sup")
    r = gw.get("/workforce/v1/caseloads", headers=supervisor)
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["county"] == county
    workers = {w["sub"]: (w["staff_kind"], w["open_cases"]) for w in view["workers"]}
    assert workers == {"pif-p1": ("psychiatric_visitor", 3), "pif-s1": ("suicide_visitor", 1), "pif-gone": (None, 2)}
    assert view["by_staff_kind"]["psychiatric_visitor"]["open_cases"] == 3
    assert view["by_staff_kind"]["unregistered"] == {"workers": 1, "open_cases": 2, "overdue": 0}
    assert view["not_in_register"] == ["pif-gone"]
    assert view["case_managers_without_cases"] == ["pif-w1"]
    # another county's supervisor asking for this county gets case-mgmt's answer for their own, never this one
    other = login("supervisor", county="TW-KIN", sub="kin-sup")
    r = gw.get("/workforce/v1/caseloads", params={"county": county}, headers=other)
    assert r.status_code in (403, 404) or r.json()["county"] == "TW-KIN", r.text
    assert "pif-p1" not in r.text
    # a case worker gets no view
    assert (
        gw.get("/workforce/v1/caseloads", headers=login("case_worker", county=county, sub="pif-p1")).status_code == 403
    )
