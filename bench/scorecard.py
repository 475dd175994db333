"""4. Scorecard: a county with 30 000 open cases and 150 000 visits in the year, projections filled
through indicators' real feed consumer (case-mgmt's outbox loaded database-side); the full scorecard
through the gateway vs one `count(*)` over the visits projection."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import httpx
from common import Figure, Report, bench_database, dev_headers, median_of, running_stack
from datagen import case_events, load_outbox
from feedutil import follow

COUNTY, YEAR = "TW-MIA", 2026
DISTRICTS = ["苗栗市", "頭份市", "竹南鎮", "後龍鎮", "通霄鎮", "苑裡鎮", "公館鄉", "銅鑼鄉"]
RUNS = 7


def run(report: Report, quick: bool) -> None:
    cases, visits = (300, 1_500) if quick else (30_000, 150_000)
    events = case_events(cases=cases, visits=visits, county=COUNTY, districts=DISTRICTS, year=YEAR)
    with bench_database() as db_url:
        asyncio.run(_load(db_url, events))
        with running_stack(db_url, only=("case-mgmt", "indicators")) as stack:
            caught = asyncio.run(follow(db_url, last_seq=len(events), pid=stack.procs["indicators"].pid, limit_s=3600))
            print(f"   feed: {len(events):,} events applied at {caught.rate:,.0f}/s", flush=True)
            headers = dev_headers(stack, "county_admin", county=COUNTY, sub="bench-admin")
            asyncio.run(_measure(report, db_url, stack.gateway_url, headers, cases, visits))


async def _load(db_url: str, events: list) -> None:
    conn = await asyncpg.connect(db_url, server_settings={"search_path": "case_mgmt"})
    await load_outbox(conn, events)
    await conn.close()


async def _measure(report: Report, db_url: str, gateway: str, headers: dict[str, str], cases: int, visits: int) -> None:
    conn = await asyncpg.connect(db_url, server_settings={"search_path": "indicators"})
    assert await conn.fetchval("SELECT count(*) FROM proj_visits") == visits
    assert await conn.fetchval("SELECT count(*) FROM proj_cases WHERE closed_on IS NULL") == cases
    await conn.execute("VACUUM ANALYZE")
    url = f"/indicators/v1/scorecards/{COUNTY}"
    counts: list[float] = []
    cards: list[float] = []
    async with httpx.AsyncClient(base_url=gateway, headers=headers, timeout=120) as http:
        r = await http.get(url, params={"period": str(YEAR)})  # warm-up (and a check)
        assert r.status_code == 200, r.text[:500]
        body = r.json()
        await conn.fetchval("SELECT count(*) FROM proj_visits")
        for _ in range(RUNS):
            t = time.perf_counter()
            await conn.fetchval("SELECT count(*) FROM proj_visits")
            counts.append(time.perf_counter() - t)
            t = time.perf_counter()
            r = await http.get(url, params={"period": str(YEAR)})
            cards.append(time.perf_counter() - t)
            assert r.status_code == 200
    await conn.close()
    c, s = median_of(counts), median_of(cards)
    report.add(
        Figure(
            "scorecard latency",
            f"{s * 1000:.0f} ms",
            "≤ 1 s",
            s <= 1.0,
            f"{cases:,} open cases, {visits:,} visits; {body['total']} items, {body['met_count']} met",
        )
    )
    report.add(
        Figure(
            "scorecard vs count(*)",
            f"{s / c:.1f}× count(*)",
            "≤ 20×",
            s / c <= 20,
            f"count(*) over proj_visits {c * 1000:.1f} ms",
        )
    )
