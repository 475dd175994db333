"""account_review_half_yearly — seed 001 p.36 「定期清查帳號(至少半年一次)及稽核紀錄」: each half-year that has
ended needs a signed-off account review (workforce's sign-off → `staffing.fact`); the scorecard counts them
at read, as of the clock's day in Taipei."""

from datetime import date

import pytest
from carenet_core import clock
from carenet_indicators.feed.workforce import apply_staffing_fact
from carenet_indicators.scorecards.rules import account_reviews_signed, half_years_ended, parse_period

CODE = "account_review_half_yearly"


@pytest.mark.parametrize(
    ("period", "today", "ended"),
    [
        # a year: H1 is due from 1 July, H2 from 1 January of the next year
        ("2026", date(2026, 6, 30), []),
        ("2026", date(2026, 7, 1), ["2026-H1"]),
        ("2026", date(2026, 12, 7), ["2026-H1"]),
        ("2026", date(2026, 12, 31), ["2026-H1"]),
        ("2026", date(2027, 1, 1), ["2026-H1", "2026-H2"]),
        ("2025", date(2026, 12, 7), ["2025-H1", "2025-H2"]),
        ("2027", date(2026, 12, 7), []),
        # a half-year: itself, once over
        ("2026-H1", date(2026, 6, 30), []),
        ("2026-H1", date(2026, 7, 1), ["2026-H1"]),
        ("2026-H2", date(2026, 12, 31), []),
        ("2026-H2", date(2027, 1, 1), ["2026-H2"]),
        # a quarter: the half-year ending in it (Q2 → H1, Q4 → H2); Q1 and Q3 end none
        ("2026-Q2", date(2026, 6, 30), []),
        ("2026-Q2", date(2026, 7, 1), ["2026-H1"]),
        ("2026-Q4", date(2027, 1, 1), ["2026-H2"]),
        ("2026-Q1", date(2027, 1, 1), []),
        ("2026-Q3", date(2027, 1, 1), []),
    ],
)
def test_half_years_ended(period, today, ended):
    assert half_years_ended(parse_period(period), today) == ended


@pytest.mark.parametrize(
    ("instant", "ended"),
    [
        ("2026-06-30T23:59:59+08:00", []),  # still 30 June in Taipei
        ("2026-06-30T16:00:00+00:00", ["2026-H1"]),  # 1 July 00:00 in Taipei, still 30 June in UTC
        ("2026-12-31T15:59:59+00:00", ["2026-H1"]),  # 31 December 23:59:59 in Taipei
        ("2026-12-31T16:00:00+00:00", ["2026-H1", "2026-H2"]),  # 1 January in Taipei
    ],
)
def test_the_day_is_taipeis(clock_at, instant, ended):
    clock_at.at(instant)
    assert half_years_ended(parse_period("2026"), clock.today()) == ended


@pytest.mark.parametrize(
    ("ended", "signed", "expected"),
    [
        ([], set(), (0, 0, 0)),
        (["2026-H1"], set(), (0, 1, 1)),
        (["2026-H1"], {"2026-H1"}, (1, 1, 0)),
        (["2026-H1"], {"2026-H1", "2026-H2"}, (1, 1, 0)),  # signed before H2 ended: not yet counted
        (["2025-H1", "2025-H2"], {"2025-H2"}, (1, 2, 1)),
    ],
)
def test_account_reviews_signed(ended, signed, expected):
    assert account_reviews_signed(ended=ended, signed=signed) == expected


def review(seq, half, county="TW-MIA"):
    """workforce's `staffing.fact` for a signed-off review (docs/events.md)."""
    at = f"2026-11-{seq:02d}T08:00:00+08:00"
    data = {
        "county": county,
        "period": half,
        "code": CODE,
        "value": 1,
        "numerator": None,
        "denominator": None,
        "evidence": f"account review of {half} signed off by admin-mia at {at}",
        "computed_at": at,
    }
    return {"seq": seq, "type": "staffing.fact", "occurred_at": at, "data": data}


async def apply(db, *events):
    async with db.transaction() as s:
        for e in events:
            await apply_staffing_fact(s, e)


def item(card, code):
    return next(i for i in card["items"] if i["code"] == code)


async def card(client, auth, period, county="TW-MIA"):
    r = await client.get(f"/v1/scorecards/{county}?period={period}", headers=auth("county_admin", county=county))
    assert r.status_code == 200, r.text
    return r.json()


def numbers(c):
    i = item(c, CODE)
    return i["numerator"], i["denominator"], i["overdue"], i["value"], i["met"]


@pytest.mark.now("2026-12-07T10:00:00+08:00")
async def test_the_scorecard_counts_ended_half_years_and_their_sign_offs(client, auth, db):
    # nothing signed: 2026-H1 has ended (2026-H2 has not), so one is overdue
    c = await card(client, auth, "2026")
    i = item(c, CODE)
    assert numbers(c) == (0, 1, 1, 1, False)
    assert (i["informational"], i["source"], i["target"], i["target_op"], i["title"]) == (
        True,
        "workforce",
        0,
        "<=",
        "定期清查帳號(至少半年一次)",
    )
    # informational: judged, but not among the graded items counted
    assert c["total"] == sum(1 for x in c["items"] if x["target"] is not None and not x["informational"])
    assert all(not x["informational"] for x in c["items"] if x["code"] != CODE)

    await apply(db, review(1, "2026-H1"))
    c = await card(client, auth, "2026")
    assert numbers(c) == (1, 1, 0, 0, True)
    assert len(item(c, CODE)["fact_ids"]) == 1
    # the half-year itself, and the quarter it ends in
    assert numbers(await card(client, auth, "2026-H1")) == (1, 1, 0, 0, True)
    assert numbers(await card(client, auth, "2026-Q2")) == (1, 1, 0, 0, True)
    # nothing due yet: no value, neither met nor missed
    assert numbers(await card(client, auth, "2026-H2")) == (0, 0, 0, None, None)
    assert numbers(await card(client, auth, "2026-Q1")) == (0, 0, 0, None, None)
    # 2025: both half-years ended, none signed
    assert numbers(await card(client, auth, "2025")) == (0, 2, 2, 2, False)
    # another county's sign-off is its own
    assert numbers(await card(client, auth, "2026", county="TW-HSZ")) == (0, 1, 1, 1, False)

    # a county cannot report it by hand: only a sign-off in workforce says the half-year was reviewed
    r = await client.post(
        "/v1/facts",
        json={"county": "TW-MIA", "period": "2026", "code": CODE, "value": 2, "evidence": "自填"},
        headers=auth("county_admin", county="TW-MIA"),
    )
    assert r.status_code == 422 and r.json()["code"] == "computed_indicator"

    # H2 signed before it ends: counted once it has ended, not before (nothing about today is stored)
    await apply(db, review(2, "2026-H2"))
    assert numbers(await card(client, auth, "2026")) == (1, 1, 0, 0, True)


@pytest.mark.now("2027-01-01T00:00:00+08:00")
async def test_on_new_years_day_in_taipei_the_second_half_is_due(client, auth, db):
    await apply(db, review(1, "2026-H1"))
    assert numbers(await card(client, auth, "2026")) == (1, 2, 1, 1, False)
    await apply(db, review(2, "2026-H2"))
    c = await card(client, auth, "2026")
    assert numbers(c) == (2, 2, 0, 0, True)
    drill = await _drill(client, auth)
    assert sorted(drill["included_ids"]) == sorted(item(c, CODE)["fact_ids"]) and len(drill["included_ids"]) == 2


async def _drill(client, auth):
    r = await client.get(
        f"/v1/scorecards/TW-MIA/items/{CODE}?period=2026", headers=auth("county_admin", county="TW-MIA")
    )
    assert r.status_code == 200, r.text
    return r.json()
