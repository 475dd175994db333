"""discharge_plan_upload_14d by seed 001's formula: 出院後2星期內上傳出院準備計畫之精神病人數/出院之精神病人數,
counted over case-mgmt's discharge notices (docs/events.md, wave 2)."""

from datetime import date

import pytest
from carenet_indicators.feed.rules import needs_follow_up, plan_upload_due
from carenet_indicators.feed.service import apply_events


def item(card, code):
    return next(i for i in card["items"] if i["code"] == code)


@pytest.mark.parametrize(
    ("discharged", "due"),
    [
        (date(2026, 3, 1), date(2026, 3, 15)),
        (date(2026, 12, 20), date(2027, 1, 3)),
        (date(2028, 2, 20), date(2028, 3, 5)),
    ],
)
def test_plan_is_due_on_the_fourteenth_day_after_discharge(discharged, due):
    assert plan_upload_due(discharged) == due


@pytest.mark.parametrize(
    ("notice", "plans", "counted"),
    [
        (True, [], True),  # plan never arrives: still a discharge needing follow-up
        (False, [], False),
        (True, [False], False),  # the plan says no follow-up is needed
        (False, [True], True),
        (True, [None], True),  # an old plan event carries no flag
    ],
)
def test_which_discharges_count(notice, plans, counted):
    assert needs_follow_up(notice, plans) is counted


def story(f):
    f.discharge("d1", "2026-03-01")
    f.plan2("p1", "d1", "c1", "2026-03-01", "2026-03-15")  # day 14: in time
    f.discharge("d2", "2026-03-01")
    f.plan2("p2", "d2", "c2", "2026-03-01", "2026-03-16")  # day 15: late
    f.discharge("d3", "2026-03-10")  # the plan never arrives
    f.discharge("d4", "2026-03-10", needs_follow_up=False)  # no community follow-up: not counted
    f.discharge("d5", "2026-03-12")
    f.plan2("p5", "d5", "c5", "2026-03-12", "2026-03-13", needs_follow_up=False)  # plan: not needed
    f.plan2("p6", None, "c6", "2026-04-01", "2026-04-05")  # a plan without notice is its own notice
    f.plan("p7", "c7", "2026-04-01", "2026-04-30", False, "2026-05-14")  # an event from before wave 2
    f.discharge("d8", "2025-12-31")  # another year
    f.discharge("d9", "2026-03-01", county="TW-HSZ")  # another county


async def test_upload_indicator_counts_notices_needing_follow_up(client, auth, fake_feed, consume):
    story(fake_feed)
    await consume(fake_feed)
    headers = auth("county_admin", county="TW-MIA")
    card = (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=headers)).json()
    up = item(card, "discharge_plan_upload_14d")
    # denominator d1 d2 d3 own-p6 plan:p7 = 5; numerator d1 (day 14), own-p6 (day 4) = 2
    assert (up["numerator"], up["denominator"], up["value"], up["target"], up["met"]) == (2, 5, 40.0, 70, False)
    r = await client.get("/v1/scorecards/TW-MIA/items/discharge_plan_upload_14d?period=2026", headers=headers)
    body = r.json()
    assert body["included_ids"] == ["d1", "d2", "d3", "own-p6", "plan:p7"]
    assert body["not_met_ids"] == ["d2", "d3", "plan:p7"]
    q2 = (await client.get("/v1/scorecards/TW-MIA?period=2026-Q2", headers=headers)).json()
    assert (
        item(q2, "discharge_plan_upload_14d")["numerator"],
        item(q2, "discharge_plan_upload_14d")["denominator"],
    ) == (
        1,
        2,
    )
    # the first-visit indicator keeps its definition: every uploaded plan of the period
    assert item(card, "discharge_first_visit_14d")["denominator"] == 5


async def test_replays_and_a_notice_after_its_plan_change_nothing_twice(client, auth, fake_feed, consume, db):
    f = fake_feed
    f.plan2("p1", "d1", "c1", "2026-03-01", "2026-03-20")  # the plan overtook its notice (late: day 19)
    f.discharge("d1", "2026-03-01")
    f.plan2("p2", "d2", "c2", "2026-03-01", "2026-03-02")
    f.discharge("d2", "2026-03-01", needs_follow_up=False)  # the notice arrives after: plan still says needed
    await consume(f)
    async with db.transaction() as session:  # the whole feed again, page by page and out of order
        await apply_events(session, f.events)
        await apply_events(session, list(reversed(f.events)))
    headers = auth("county_admin", county="TW-MIA")
    card = (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=headers)).json()
    up = item(card, "discharge_plan_upload_14d")
    assert (up["numerator"], up["denominator"]) == (1, 2)
