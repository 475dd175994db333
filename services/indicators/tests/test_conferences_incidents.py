"""Conferences count only with an external expert (seed 001 p.53 外部專家督導); media-report statistics
for the half-year reports from case-mgmt's incident events (docs/events.md, wave 2)."""

import pytest
from carenet_indicators.scorecards.rules import parse_period


def item(card, code):
    return next(i for i in card["items"] if i["code"] == code)


async def card(client, auth, period, county="TW-MIA"):
    r = await client.get(f"/v1/scorecards/{county}?period={period}", headers=auth("county_admin", county=county))
    assert r.status_code == 200, r.text
    return r.json()


async def test_a_conference_without_an_external_expert_does_not_count(client, auth, fake_feed, consume):
    f = fake_feed
    f.conference("k1", "2026-01-20", "psychiatric", has_external_expert=True, incident_ids=[])
    f.conference("k2", "2026-02-20", "suicide", has_external_expert=False, incident_ids=[])  # no expert
    f.conference("k3", "2026-03-20", "combined")  # an event from before wave 2: counts as before
    f.conference("k4", "2026-04-20", "combined", has_external_expert=False, incident_ids=["i1"])
    await consume(f)
    c = await card(client, auth, "2026")
    assert item(c, "case_management_meetings")["value"] == 2
    assert sorted(item(c, "case_management_meetings")["fact_ids"]) == ["k1", "k3"]
    assert item(c, "psychiatric_case_management_meetings")["value"] == 2  # k1, k3
    assert item(c, "suicide_case_management_meetings")["value"] == 1  # k3
    # a later event for the same conference (an expert added to the record) replaces the earlier
    f.conference("k2", "2026-02-20", "suicide", has_external_expert=True, incident_ids=[])
    await consume(f)
    c = await card(client, auth, "2026")
    assert item(c, "case_management_meetings")["value"] == 3


def media_story(f):
    f.incident("i1", "media_reported", "2026-02-02")
    f.add(
        "incident.flash_report_filed",
        incident_id="i1",
        county="TW-MIA",
        kind="media_reported",
        filed_on="2026-02-04",
        on_time=True,
    )
    f.add(
        "incident.conference_held",
        incident_id="i1",
        county="TW-MIA",
        kind="media_reported",
        held_on="2026-02-10",
        on_time=True,
        conference_id="k9",
    )
    f.incident("i2", "media_reported", "2026-03-02")
    f.add(
        "incident.flash_report_filed",
        incident_id="i2",
        county="TW-MIA",
        kind="media_reported",
        filed_on="2026-03-10",
        on_time=False,
    )
    f.incident("i3", "media_reported", "2026-05-30")  # nothing filed yet
    f.incident("i4", "group_suicide", "2026-03-01")  # not a media report
    f.incident("i5", "media_reported", "2026-07-01")  # second half
    f.incident("i6", "media_reported", "2026-03-01", county="TW-HSZ")


@pytest.mark.now("2026-11-12T10:00:00+08:00")
async def test_media_report_statistics_per_half_year(client, auth, fake_feed, consume):
    media_story(fake_feed)
    await consume(fake_feed)
    h1 = await card(client, auth, "2026-H1")
    assert h1["period"] == "2026-H1"
    assert item(h1, "media_reported_incidents")["value"] == 3  # i1 i2 i3
    flash = item(h1, "media_flash_report_on_time_rate")
    assert (flash["numerator"], flash["denominator"], flash["value"]) == (1, 3, 33.33)
    conf = item(h1, "media_conference_on_time_rate")
    assert (conf["numerator"], conf["denominator"], conf["value"]) == (1, 3, 33.33)
    r = await client.get(
        "/v1/scorecards/TW-MIA/items/media_flash_report_on_time_rate?period=2026-H1",
        headers=auth("supervisor", county="TW-MIA"),
    )
    assert (r.json()["included_ids"], r.json()["not_met_ids"]) == (["i1", "i2", "i3"], ["i2", "i3"])
    h2 = await card(client, auth, "2026-H2")
    assert item(h2, "media_reported_incidents")["value"] == 1
    assert item(await card(client, auth, "2026"), "media_reported_incidents")["value"] == 4
    # a half-year judges a yearly count pro rata: 12 meetings a year → 6 a half
    assert item(h1, "case_management_meetings")["target"] == 6


@pytest.mark.parametrize(
    ("label", "start", "end", "quarters"),
    [
        ("2026-H1", "2026-01-01", "2026-06-30", ["2026-Q1", "2026-Q2"]),
        ("2026-H2", "2026-07-01", "2026-12-31", ["2026-Q3", "2026-Q4"]),
        ("2028-Q1", "2028-01-01", "2028-03-31", ["2028-Q1"]),
    ],
)
def test_half_year_periods(label, start, end, quarters):
    p = parse_period(label)
    assert (p.start.isoformat(), p.end.isoformat(), p.quarters) == (start, end, quarters)


async def test_facts_are_not_reported_per_half_year(client, auth):
    r = await client.post(
        "/v1/facts",
        json={"county": "TW-MIA", "period": "2026-H1", "code": "media_exposure", "value": 1, "evidence": "x"},
        headers=auth("county_admin", county="TW-MIA"),
    )
    assert (r.status_code, r.json()["code"]) == (422, "invalid_period")
