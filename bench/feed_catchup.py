"""7. Feed catch-up: indicators' consumer following 1 000 000 case-mgmt events from its real feed
(`GET /v1/events` over HTTP); events/s, and that the consumer's memory stays flat."""

from __future__ import annotations

import asyncio

import asyncpg
from common import Figure, Report, bench_database, running_stack
from datagen import case_events, load_outbox
from feedutil import follow

COUNTY = "TW-MIA"
DISTRICTS = ["苗栗市", "頭份市", "竹南鎮", "後龍鎮"]


def run(report: Report, quick: bool) -> None:
    total = 10_000 if quick else 1_000_000
    cases = total // 6
    events = case_events(cases=cases, visits=total - cases, county=COUNTY, districts=DISTRICTS, year=2026, seed=7)
    with bench_database() as db_url:
        asyncio.run(_load(db_url, events))
        with running_stack(db_url, only=("case-mgmt", "indicators")) as stack:
            caught = asyncio.run(
                follow(db_url, last_seq=len(events), pid=stack.procs["indicators"].pid, limit_s=7200, every=0.5)
            )
    rss = [m for _, p, m in caught.samples if p > 0]
    quarter = max(1, len(rss) // 4)
    early, late = max(rss[:quarter]), max(rss[-quarter:])
    growth = late - early
    report.add(
        Figure(
            "feed catch-up rate",
            f"{caught.rate:,.0f} events/s",
            "reported",
            None,
            f"{len(events):,} case-mgmt events (1 case.opened : 5 visit.recorded), pages of 500",
        )
    )
    report.add(
        Figure(
            "feed consumer memory",
            f"{early:.0f} → {late:.0f} MiB",
            "flat (growth ≤ 25 MiB)",
            growth <= 25,
            f"indicators RSS peak over the first vs last quarter of the catch-up, overall peak {max(rss):.0f} MiB",
        )
    )


async def _load(db_url: str, events: list) -> None:
    conn = await asyncpg.connect(db_url, server_settings={"search_path": "case_mgmt"})
    await load_outbox(conn, events)
    await conn.close()
