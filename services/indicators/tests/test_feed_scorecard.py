"""The feed consumer keeps the projections; the scorecard shows hand-computed numbers; replays count nothing twice."""

import pytest
from carenet_core.consumer import FeedCursor
from carenet_indicators.feed.service import apply_event
from sqlalchemy import delete


def item(card, code):
    return next(i for i in card["items"] if i["code"] == code)


def build_story(f):
    """Miaoli 2026 (and one Hsinchu City case that must never leak in)."""
    f.case("c1", intake_date="2026-01-05")
    f.case("c2", intake_date="2025-06-01")
    f.case("c3", kinds=("suicide_attempt",), intake_date="2026-02-01")
    f.case("c4", intake_date="2025-01-01")
    f.add("case.closed", case_id="c4", county="TW-MIA", closed_on="2025-12-01", reason="stable")
    f.case("c5", county="TW-HSZ", intake_date="2026-01-01")
    f.case("c6", intake_date="2026-05-01")
    f.visit("v1", "c1", "2026-01-10")
    f.visit("v2", "c1", "2026-02-10", outcome="not_met")
    f.visit("v3", "c1", "2026-03-10")
    f.visit("v4", "c2", "2026-04-01")
    f.visit("v5", "c3", "2026-02-05", kinds=("suicide_attempt",))
    f.visit("v6", "c5", "2026-02-05", county="TW-HSZ")
    # discharge plans: 3 of 4 uploaded within 14 days; first visits in time for 2 of 4
    f.plan("p1", "c1", "2026-03-01", "2026-03-05", True, "2026-03-19")
    f.first_visited("p1", "c1", "v3", "2026-03-10", True)
    f.plan("p2", "c2", "2026-03-01", "2026-03-20", False, "2026-04-03")
    f.first_visited("p2", "c2", "v4", "2026-04-01", True)
    f.plan("p3", "c6", "2026-04-01", "2026-04-02", True, "2026-04-16")
    f.plan("p4", "c6", "2026-05-01", "2026-05-03", True, "2026-05-17")
    f.conference("k1", "2026-01-20", "psychiatric")
    f.conference("k2", "2026-02-20", "suicide")
    f.conference("k3", "2026-03-20", "combined")
    f.add(
        "visit_audit.drawn",
        audit_id="a1",
        county="TW-MIA",
        quarter="2026-Q1",
        kind="psychiatric",
        population=3,
        sample_size=1,
        rate=0.15,
    )
    f.add(
        "visit_audit.recorded",
        audit_id="a1",
        visit_id="v1",
        county="TW-MIA",
        quarter="2026-Q1",
        kind="psychiatric",
        result="complete",
    )


async def scorecard(client, auth, period="2026", county="TW-MIA"):
    r = await client.get(f"/v1/scorecards/{county}?period={period}", headers=auth("county_admin", county=county))
    assert r.status_code == 200, r.text
    return r.json()


async def test_scorecard_from_hand_made_events(client, auth, fake_feed, consume):
    build_story(fake_feed)
    assert await consume(fake_feed) == len(fake_feed.events)
    card = await scorecard(client, auth)

    up = item(card, "discharge_plan_upload_14d")
    assert (up["numerator"], up["denominator"], up["value"], up["target"], up["met"]) == (3, 4, 75.0, 70, True)
    assert up["not_met_ids"] == ["plan:p2"]  # an old plan event is its own discharge notice
    first = item(card, "discharge_first_visit_14d")
    # p1 and p2 visited in time (p2's upload was late, its visit was not); p3, p4 never visited
    assert (first["numerator"], first["denominator"], first["value"], first["met"]) == (2, 4, 50.0, False)
    assert sorted(first["not_met_ids"]) == ["p3", "p4"]
    avg = item(card, "avg_visits_per_psychiatric_case")
    # psychiatric visits v1..v4 (met + not met) / psychiatric cases open in 2026: c1, c2, c6 (c4 closed 2025)
    assert (avg["numerator"], avg["denominator"], avg["value"], avg["target"], avg["met"]) == (4, 3, 1.33, 4.15, False)
    cov = item(card, "service_coverage")
    # cases open in 2026: c1, c2, c3, c6; visited: c1, c2, c3
    assert (cov["numerator"], cov["denominator"], cov["value"]) == (3, 4, 75.0)
    assert cov["not_met_ids"] == ["c6"]
    meetings = item(card, "case_management_meetings")
    assert (meetings["value"], meetings["target"], meetings["met"]) == (3, 12, False)
    assert sorted(meetings["fact_ids"]) == ["k1", "k2", "k3"]
    assert item(card, "psychiatric_case_management_meetings")["value"] == 2
    assert item(card, "suicide_case_management_meetings")["value"] == 2
    audit = item(card, "psychiatric_visit_audit_rate")
    # 1 audited of 4 psychiatric visits in the year; Miaoli is named in the 10% class (seed 001 p.53),
    # whatever its recorded volume (1 a quarter here, which the volume bands would have put at 15%)
    assert (audit["numerator"], audit["denominator"], audit["value"], audit["target"], audit["met"]) == (
        1,
        4,
        25.0,
        10,
        True,
    )
    assert all(i["as_of"] is not None for i in card["items"] if i["source"] == "case_mgmt")

    q1 = await scorecard(client, auth, period="2026-Q1")
    audit_q1 = item(q1, "psychiatric_visit_audit_rate")
    assert (audit_q1["numerator"], audit_q1["denominator"], audit_q1["value"]) == (1, 3, 33.33)
    sui_q1 = item(q1, "suicide_visit_audit_rate")
    assert (sui_q1["numerator"], sui_q1["denominator"], sui_q1["value"], sui_q1["target"], sui_q1["met"]) == (
        0,
        1,
        0.0,
        10,  # seed 001 p.50: 「10%(每季訪視次數介於500-1,000人次)：苗栗縣…」
        False,
    )
    m_q1 = item(q1, "case_management_meetings")
    assert (m_q1["value"], m_q1["target"], m_q1["met"]) == (3, 3, True)  # 12 a year → 3 a quarter

    other = await scorecard(client, auth, county="TW-HSZ")
    assert item(other, "avg_visits_per_psychiatric_case")["value"] == 1.0  # c5, v6 only
    assert item(other, "discharge_plan_upload_14d")["value"] is None


async def test_replaying_the_feed_counts_nothing_twice(client, auth, fake_feed, consume, db):
    build_story(fake_feed)
    await consume(fake_feed)
    before = await scorecard(client, auth)
    # forget the cursor: the whole feed is applied again
    async with db.transaction() as s:
        await s.execute(delete(FeedCursor))
    assert await consume(fake_feed) == len(fake_feed.events)
    # and the same events straight through apply_event, twice more
    for _ in range(2):
        async with db.transaction() as s:
            for e in fake_feed.events:
                await apply_event(s, e)
    after = await scorecard(client, auth)
    strip = lambda c: [{k: v for k, v in i.items() if k != "as_of"} for i in c["items"]]  # noqa: E731
    assert strip(after) == strip(before)


async def test_visit_updated_replaces_and_old_replays_do_not_undo(client, auth, fake_feed, consume, db):
    build_story(fake_feed)
    await consume(fake_feed)
    # v2 was entered with the wrong date: it belongs to 2025
    fake_feed.visit("v2", "c1", "2025-12-30", outcome="not_met", updated=True)
    await consume(fake_feed)
    avg = item(await scorecard(client, auth), "avg_visits_per_psychiatric_case")
    assert (avg["numerator"], avg["denominator"], avg["value"]) == (3, 3, 1.0)
    # replaying the original visit.recorded (older seq) must not bring the old date back
    original = next(e for e in fake_feed.events if e["type"] == "visit.recorded" and e["data"]["visit_id"] == "v2")
    async with db.transaction() as s:
        await apply_event(s, original)
    assert item(await scorecard(client, auth), "avg_visits_per_psychiatric_case")["numerator"] == 3


async def test_linking_transfer_closure_and_fallback_first_visit(client, auth, fake_feed, consume):
    f = fake_feed
    f.case("c1", intake_date="2026-01-05")
    f.case("c2", kinds=("psychiatric", "suicide_attempt"), intake_date="2026-01-05")
    # a plan uploaded before the intake (pending), linked when the case opens
    f.plan("p9", None, "2026-06-01", "2026-06-02", True, "2026-06-16")
    f.add("discharge_plan.linked", plan_id="p9", case_id="c1", county="TW-MIA")
    # no first_visited event: a met visit in the window still counts (fallback on the projections)
    f.visit("v9", "c1", "2026-06-05")
    f.add(
        "case.tier_changed",
        case_id="c1",
        county="TW-MIA",
        from_tier=1,
        to_tier=2,
        changed_at="2026-04-05T10:00:00+08:00",
        visit_id="v9",
        reason="stable",
    )
    f.add(
        "case.transferred",
        case_id="c2",
        from_county="TW-MIA",
        to_county="TW-HSZ",
        transfer_id="t1",
        accepted_at="2026-07-01T10:00:00+08:00",
    )
    await consume(f)
    card = await scorecard(client, auth)
    first = item(card, "discharge_first_visit_14d")
    assert (first["numerator"], first["denominator"], first["value"]) == (1, 1, 100.0)
    cov = item(card, "service_coverage")
    assert cov["denominator"] == 1  # c2 now belongs to Hsinchu City
    hsz = await scorecard(client, auth, county="TW-HSZ")
    assert item(hsz, "service_coverage")["denominator"] == 1


async def test_case_mgmt_down_keeps_serving_and_catches_up(client, auth, fake_feed, consume, db):
    f = fake_feed
    f.case("c1", intake_date="2026-01-05")
    f.plan("p1", "c1", "2026-03-01", "2026-03-05", True, "2026-03-19")
    f.plan("p2", "c1", "2026-03-01", "2026-03-25", False, "2026-04-08")
    await consume(f)
    card = await scorecard(client, auth)
    as_of = card["as_of"]
    assert as_of is not None and item(card, "discharge_plan_upload_14d")["value"] == 50.0

    f.down = True
    with pytest.raises(Exception, match="down"):
        await consume(f)
    card = await scorecard(client, auth)
    assert card["as_of"] == as_of  # the last known scores, with their as_of
    assert item(card, "discharge_plan_upload_14d")["value"] == 50.0
    assert "ConnectError" in card["feed"]["last_error"]

    f.down = False
    f.plan("p3", "c1", "2026-04-01", "2026-04-02", True, "2026-04-16")
    f.plan("p4", "c1", "2026-04-01", "2026-04-03", True, "2026-04-17")
    assert await consume(f, batch=2) == 2  # only the new events, in pages of 2
    card = await scorecard(client, auth)
    up = item(card, "discharge_plan_upload_14d")
    assert (up["numerator"], up["denominator"], up["value"]) == (3, 4, 75.0)
    assert card["as_of"] > as_of and card["feed"]["last_error"] is None


async def test_malformed_and_unknown_events_do_not_wedge_the_feed(client, auth, fake_feed, consume):
    fake_feed.add("case.updated", case_id="c1", county="TW-MIA", changed=["flags"])
    fake_feed.add("visit.recorded", case_id="c1")  # no visit_id: skipped, logged
    fake_feed.case("c1", intake_date="2026-01-05")
    assert await consume(fake_feed) == 3
    assert item(await scorecard(client, auth), "service_coverage")["denominator"] == 1


async def test_drill_down_lists_every_record_behind_an_item(client, auth, fake_feed, consume):
    build_story(fake_feed)
    await consume(fake_feed)
    headers = auth("supervisor", county="TW-MIA")
    r = await client.get("/v1/scorecards/TW-MIA/items/discharge_first_visit_14d?period=2026", headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["included_ids"], body["not_met_ids"], body["value"]) == (["p1", "p2", "p3", "p4"], ["p3", "p4"], 50.0)
    r = await client.get("/v1/scorecards/TW-MIA/items/avg_visits_per_psychiatric_case?period=2026", headers=headers)
    assert r.json()["included_ids"] == ["c1", "c2", "c6"]
    r = await client.get("/v1/scorecards/TW-HSZ/items/service_coverage?period=2026", headers=headers)
    assert r.status_code == 404
    r = await client.get("/v1/scorecards/TW-MIA/items/nope?period=2026", headers=headers)
    assert r.status_code == 404


async def test_consumer_runs_by_itself_in_the_app_lifespan(harness, carenet_database, client, auth, fake_feed):
    """The real lifespan starts the consumer (background job) and polls until caught up."""
    import asyncio

    from carenet_indicators.main import create_app
    from carenet_testing.plugin import settings_for

    feed = fake_feed
    feed.case("c1", intake_date="2026-01-05")
    feed.plan("p1", "c1", "2026-03-01", "2026-03-05", True, "2026-03-19")
    caught_up = asyncio.Event()

    async def fetch(after, limit):
        if after >= len(feed.events):
            caught_up.set()  # the cursor (read from the database) is past every event: the page committed
        return await feed(after, limit)

    settings = settings_for(harness, carenet_database, feed_enabled=True, feed_poll_interval=0.05)
    app = create_app(settings, feed_fetch=fetch)
    async with app.router.lifespan_context(app):
        await asyncio.wait_for(caught_up.wait(), timeout=30)
    card = await scorecard(client, auth)
    up = item(card, "discharge_plan_upload_14d")
    assert (up["numerator"], up["denominator"]) == (1, 1)
    assert card["as_of"] is not None


async def test_unreachable_case_mgmt_is_recorded_and_scores_still_served(harness, carenet_database, client, auth, db):
    import asyncio

    from carenet_indicators.feed.service import feed_status
    from carenet_indicators.main import create_app
    from carenet_testing.plugin import settings_for

    settings = settings_for(
        harness,
        carenet_database,
        feed_enabled=True,
        feed_poll_interval=0.05,
        case_mgmt_url="http://127.0.0.1:9",
        feed_timeout=1,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        for _ in range(400):  # safety bound only; leaves as soon as the failure is recorded
            async with db.transaction() as s:
                status = await feed_status(s)
            if status is not None and status.last_error:
                break
            await asyncio.sleep(0.05)
    assert status is not None and status.last_error
    card = await scorecard(client, auth)
    assert card["feed"]["last_error"] and card["as_of"] is None


async def test_a_page_applied_in_batches_equals_event_by_event(fake_feed, consume, db):
    """The consumer batches a page's upserts; the projections must be exactly what one-by-one application leaves."""
    from carenet_indicators.feed.models import CaseProjection, TierChangeProjection, VisitProjection
    from sqlalchemy import select

    f = fake_feed
    build_story(f)
    f.add(
        "case.tier_changed",
        case_id="c1",
        county="TW-MIA",
        from_tier=1,
        to_tier=2,
        changed_at="2026-03-11T00:00:00+08:00",
    )
    f.visit("v2", "c1", "2025-12-30", outcome="not_met", updated=True)  # same row twice in one page
    f.case("c7", intake_date="2026-06-01")
    f.add(
        "case.closed", case_id="c7", county="TW-MIA", closed_on="2026-06-30", reason="moved"
    )  # update right after insert
    f.visit("v7", "c7", "2026-06-02")
    f.add("case.transferred", case_id="c6", county="TW-MIA", to_county="TW-HSZ")

    async def dump():
        async with db.transaction() as s:
            out = []
            for model in (CaseProjection, TierChangeProjection, VisitProjection):
                out.append(sorted(tuple(r) for r in (await s.execute(select(*model.__table__.c))).all()))
            return out

    assert await consume(f) == len(f.events)
    batched = await dump()
    async with db.transaction() as s:
        for model in (CaseProjection, TierChangeProjection, VisitProjection):
            await s.execute(delete(model))
    async with db.transaction() as s:
        for e in f.events:
            await apply_event(s, e)
    assert await dump() == batched
    cases = {r[0]: r for r in batched[0]}
    assert cases["c1"][7] == 2 and cases["c7"][8] is not None and cases["c6"][1] == "TW-HSZ"
