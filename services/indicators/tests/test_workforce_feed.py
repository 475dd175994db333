"""workforce → indicators: `staffing.fact` events become the facts of (county, period, code) with source
`workforce` (docs/events.md, wave 2), replacing a manual entry; later events replace earlier ones."""

import asyncio
import socket

import pytest
from carenet_indicators.facts.models import Fact, FactRevision
from carenet_indicators.feed.workforce import apply_staffing_fact
from sqlalchemy import select


def staffing(seq, *, county="TW-MIA", period="2026", code="dedicated_admin_staff", numerator=5, denominator=8, **extra):
    data = {
        "county": county,
        "period": period,
        "code": code,
        "value": None if denominator in (None, 0) else numerator / denominator,
        "numerator": numerator,
        "denominator": denominator,
        "evidence": f"staff records as of 2026-11-{seq:02d}: {numerator} of {denominator} on psychiatric visits",
        "computed_at": f"2026-11-{seq:02d}T08:00:00+08:00",
        **extra,
    }
    return {"seq": seq, "type": "staffing.fact", "occurred_at": data["computed_at"], "data": data}


def item(card, code):
    return next(i for i in card["items"] if i["code"] == code)


async def facts_of(db, code="dedicated_admin_staff"):
    async with db.transaction() as s:
        return list((await s.scalars(select(Fact).where(Fact.code == code).order_by(Fact.created_at))).all())


async def apply(db, *events):
    async with db.transaction() as s:
        for e in events:
            await apply_staffing_fact(s, e)


async def test_staffing_facts_replace_manual_entries_and_earlier_events(client, auth, db):
    admin = auth("county_admin", county="TW-MIA")
    r = await client.post(
        "/v1/facts",
        json={
            "county": "TW-MIA",
            "period": "2026",
            "code": "dedicated_admin_staff",
            "numerator": 1,
            "denominator": 4,
            "evidence": "人事表",
        },
        headers=admin,
    )
    assert r.status_code == 201, r.text
    manual_id = r.json()["id"]

    await apply(db, staffing(1))
    rows = sorted(await facts_of(db), key=lambda f: f.source)
    assert [(f.source, f.status) for f in rows] == [("manual", "withdrawn"), ("workforce", "active")]
    card = (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=admin)).json()
    staff = item(card, "dedicated_admin_staff")
    assert (staff["numerator"], staff["denominator"], staff["value"], staff["met"]) == (5, 8, 62.5, True)
    history = (await client.get(f"/v1/facts/{manual_id}/history", headers=admin)).json()["items"]
    assert history[-1]["action"] == "withdrawn" and "workforce" in history[-1]["reason"]

    # a later event for the same key replaces the earlier one; replays and older events change nothing
    await apply(db, staffing(2, numerator=3, denominator=8), staffing(1), staffing(2, numerator=3, denominator=8))
    rows = [f for f in await facts_of(db) if f.status == "active"]
    assert [(f.source, f.numerator, f.version) for f in rows] == [("workforce", 3, 2)]
    card = (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=admin)).json()
    assert (item(card, "dedicated_admin_staff")["value"], item(card, "dedicated_admin_staff")["met"]) == (37.5, False)
    async with db.transaction() as s:
        actions = (await s.scalars(select(FactRevision.action).where(FactRevision.fact_id == rows[0].id))).all()
    assert sorted(actions) == ["created", "edited"]

    # the supervisor ratio: case managers per supervisor, at most 7 (seed 001: 每7位個管人員配置1名督導)
    await apply(db, staffing(3, code="supervisor_ratio", numerator=15, denominator=2))
    card = (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=admin)).json()
    sup = item(card, "supervisor_ratio")
    assert (sup["value"], sup["target"], sup["target_op"], sup["met"]) == (7.5, 7, "<=", False)

    # an unknown code or a bad period is skipped, not a wedged feed
    await apply(db, staffing(4, code="nope"), staffing(5, period="2026-13"))
    assert len(await facts_of(db, "nope")) == 0


@pytest.fixture
async def upstream():
    """workforce's `GET /v1/events`, served over HTTP by a real server on a free port."""
    import uvicorn
    from fastapi import FastAPI, Request

    events = [staffing(1), staffing(2, county="TW-HSZ", numerator=2, denominator=5)]
    seen: list[str] = []
    feed = FastAPI()

    @feed.get("/v1/events")
    async def list_events(request: Request, after: int = 0, limit: int = 500) -> dict:
        seen.append(request.headers.get("authorization", ""))
        return {"items": [e for e in events if e["seq"] > after][:limit]}

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(feed, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(1000):  # until the server listens (safety bound only)
        if server.started:
            break
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", seen
    server.should_exit = True
    await task


async def test_the_app_follows_workforce_over_http_when_its_url_is_set(harness, carenet_database, upstream, db):
    from carenet_indicators.main import create_app
    from carenet_testing.plugin import settings_for

    url, seen = upstream
    settings = settings_for(harness, carenet_database, feed_enabled=False, workforce_url=url, feed_poll_interval=0.05)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        for _ in range(600):  # safety bound only; leaves as soon as both facts are stored
            if len([f for f in await facts_of(db) if f.source == "workforce"]) == 2:
                break
            await asyncio.sleep(0.05)
    rows = {f.county: f for f in await facts_of(db)}
    assert (rows["TW-MIA"].numerator, rows["TW-HSZ"].numerator) == (5, 2)
    assert all(h.startswith("Bearer ") for h in seen)


async def test_workforce_feed_is_off_while_its_url_is_empty(harness, carenet_database):
    from carenet_indicators.feed.job import follow_workforce
    from carenet_indicators.main import create_app
    from carenet_testing.plugin import settings_for

    app = create_app(settings_for(harness, carenet_database, feed_enabled=False))
    assert app.state.settings.workforce_url == ""
    await asyncio.wait_for(follow_workforce(app), timeout=5)  # returns at once instead of polling
    assert not hasattr(app.state, "workforce_consumer")
