"""County targets (seed 003: Miaoli's own 80% first-visit target) override the class target for one
code and period; the scorecard says where each target came from."""

from decimal import Decimal

import pytest
from carenet_indicators.definitions.rules import Target
from carenet_indicators.targets.rules import less_demanding, pick_target

EVIDENCE = "苗栗縣社會安全網第二期 6.精進醫院與社區銜接：出院後2星期內第一次訪視評估比率達80%"


def item(card, code):
    return next(i for i in card["items"] if i["code"] == code)


@pytest.mark.parametrize(
    ("threshold", "class_target", "lower"),
    [
        (Decimal(80), Target(Decimal(70), ">="), False),
        (Decimal(60), Target(Decimal(70), ">="), True),
        (Decimal(70), Target(Decimal(70), ">="), False),
        (Decimal(4), Target(Decimal(5), "<="), False),
        (Decimal(6), Target(Decimal(5), "<="), True),
        (Decimal(75), None, False),  # no class target (service coverage): any county target
    ],
)
def test_a_county_may_raise_the_bar_not_lower_it(threshold, class_target, lower):
    assert less_demanding(threshold, class_target) is lower


def test_pick_target_says_where_it_came_from():
    c, k = Target(Decimal(70), ">="), Target(Decimal(80), ">=")
    assert pick_target(class_target=c, county_target=k, class_source="class") == (k, "county")
    assert pick_target(class_target=c, county_target=None, class_source="class") == (c, "class")
    assert pick_target(class_target=None, county_target=None, class_source="class") == (None, None)


async def put(client, auth, county, code, period, body, role="county_admin", user_county="TW-MIA", **headers):
    return await client.put(
        f"/v1/targets/{county}/{code}?period={period}",
        json=body,
        headers={**auth(role, county=user_county), **headers},
    )


async def test_miaoli_sets_its_own_first_visit_target(client, auth, fake_feed, consume):
    f = fake_feed
    f.case("c1")
    for n, within in enumerate([True, True, True, False], start=1):
        f.plan(f"p{n}", "c1", "2026-03-01", "2026-03-05", True, "2026-03-19")
        f.first_visited(f"p{n}", "c1", f"v{n}", "2026-03-10", within)
    await consume(f)
    headers = auth("county_admin", county="TW-MIA")
    card = (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=headers)).json()
    first = item(card, "discharge_first_visit_14d")
    assert (first["value"], first["target"], first["target_source"], first["met"]) == (75.0, 70, "class", True)

    r = await put(client, auth, "TW-MIA", "discharge_first_visit_14d", "2026", {"target": 80, "evidence": EVIDENCE})
    assert r.status_code == 201, r.text
    assert (r.json()["target"], r.json()["class_target"], r.json()["target_op"]) == (80, 70, ">=")
    etag = r.headers["ETag"]
    card = (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=headers)).json()
    first = item(card, "discharge_first_visit_14d")
    assert (first["target"], first["target_source"], first["met"]) == (80, "county", False)
    # the year's county target also judges its quarters; other codes, years and counties keep the class's
    q1 = (await client.get("/v1/scorecards/TW-MIA?period=2026-Q1", headers=headers)).json()
    assert item(q1, "discharge_first_visit_14d")["target_source"] == "county"
    assert item(card, "discharge_plan_upload_14d")["target_source"] == "class"
    y25 = (await client.get("/v1/scorecards/TW-MIA?period=2025", headers=headers)).json()
    assert (
        item(y25, "discharge_first_visit_14d")["target"],
        item(y25, "discharge_first_visit_14d")["target_source"],
    ) == (
        70,
        "class",
    )
    hsz = (await client.get("/v1/scorecards/TW-HSZ?period=2026", headers=auth("ministry", county=None))).json()
    assert item(hsz, "discharge_first_visit_14d")["target"] == 70

    # replaced (200) with the current ETag; a stale one is 412
    r = await put(
        client,
        auth,
        "TW-MIA",
        "discharge_first_visit_14d",
        "2026",
        {"target": 85, "evidence": EVIDENCE},
        **{"If-Match": etag},
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    r = await put(
        client,
        auth,
        "TW-MIA",
        "discharge_first_visit_14d",
        "2026",
        {"target": 90, "evidence": EVIDENCE},
        **{"If-Match": etag},
    )
    assert r.status_code == 412
    r = await client.get("/v1/targets/TW-MIA?year=2026", headers=headers)
    assert [(i["code"], i["target"]) for i in r.json()["items"]] == [("discharge_first_visit_14d", 85)]
    r = await client.get("/v1/targets/TW-MIA?year=2025", headers=headers)
    assert r.json()["items"] == []
    r = await client.get("/v1/targets/TW-MIA", headers=auth("county_admin", county="TW-HSZ"))
    assert r.status_code == 404  # another county's targets are outside the caller's jurisdiction


async def test_who_may_set_a_county_target(client, auth):
    body = {"target": 60, "evidence": "縣府函"}
    # a county may not lower the plan's bar; the ministry may (e.g. an approved exception)
    r = await put(client, auth, "TW-MIA", "discharge_first_visit_14d", "2026", body)
    assert (r.status_code, r.json()["code"]) == (422, "below_class_target")
    r = await put(client, auth, "TW-MIA", "discharge_first_visit_14d", "2026", body, role="ministry", user_county=None)
    assert r.status_code == 201
    # another county's target
    r = await put(client, auth, "TW-HSZ", "discharge_first_visit_14d", "2026", {"target": 90, "evidence": "x"})
    assert r.status_code == 403
    r = await put(
        client, auth, "TW-MIA", "discharge_first_visit_14d", "2026", {"target": 90, "evidence": "x"}, role="supervisor"
    )
    assert r.status_code == 403
    # evidence is required; unknown indicator, county, period
    r = await put(client, auth, "TW-MIA", "discharge_first_visit_14d", "2026", {"target": 90})
    assert r.status_code == 422
    r = await put(client, auth, "TW-MIA", "nope", "2026", {"target": 90, "evidence": "x"})
    assert r.status_code == 404
    r = await put(
        client,
        auth,
        "TW-XXX",
        "discharge_first_visit_14d",
        "2026",
        {"target": 90, "evidence": "x"},
        role="ministry",
        user_county=None,
    )
    assert r.status_code == 404
    r = await put(client, auth, "TW-MIA", "discharge_first_visit_14d", "2026-13", {"target": 90, "evidence": "x"})
    assert r.status_code == 422
    # no class target (service coverage, seed 003 Miaoli 75%): the county's own is the only one
    r = await put(client, auth, "TW-MIA", "service_coverage", "2026", {"target": 75, "evidence": "seed 003"})
    assert r.status_code == 201 and r.json()["class_target"] is None
    card = (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=auth("county_admin", county="TW-MIA"))).json()
    cov = item(card, "service_coverage")
    assert (cov["target"], cov["target_source"]) == (75, "county")
