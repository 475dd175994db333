"""8. Retention purge of a month past the 3-year retention: household-audit's purge (detach and drop the
month's partition) vs the DELETE it replaced, over the same month of query logs, side by side in one run.

Both are measured in a transaction that is rolled back, alternately, so every run purges the same month
of the same rows (a VACUUM, untimed, after each rolled-back DELETE gives both the same vacuumed table): the DELETE is the statement pair the purge ran before partitioning (count the month's
rows per county, then `DELETE … WHERE month = …`); the purge is the service's own `purge_expired` (its
code, in-process, on the service's database). Afterwards one real purge through the gateway
(`POST /household-audit/v1/retention/purge`) commits, and the partition must be gone.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time

import httpx
from carenet_core import clock
from common import Figure, Report, bench_database, dev_headers, median_of, running_stack
from datagen import load_query_logs, unit_codes

COUNTY = "TW-MIA"
RUNS = 5


def _old_month() -> str:
    """A month 40 months back: past the 3-year retention whenever the benchmark runs."""
    return clock.month_of(clock.add_months(clock.today(), -40))


def run(report: Report, quick: bool) -> None:
    rows = 100_000 if quick else 10_000_000
    month = _old_month()
    units = unit_codes(40)
    with (
        bench_database() as db_url,
        running_stack(db_url, only=("household-audit",), CARENET_HOUSEHOLD_AUDIT_SCHEDULER_ENABLED="false") as stack,
    ):
        admin = dev_headers(stack, "county_admin", sub="bench-admin")
        system = dev_headers(stack, "system", county=None, sub="bench-loader")
        with httpx.Client(base_url=stack.gateway_url + "/household-audit", timeout=600) as http:
            for u in units:
                http.post(
                    "/v1/units",
                    json={"code": u, "name": f"測試單位 {u}", "county": COUNTY, "kind": "hospital"},
                    headers=admin,
                ).raise_for_status()
            # one record through the service: it creates the month's partition as ingest does for any month
            first = http.post("/v1/query-logs", json={"records": [_record(units[0], month)]}, headers=system)
            first.raise_for_status()
            assert first.json()["accepted"] == 1, first.text
            asyncio.run(_measure(report, db_url, rows, month, units, quick))
            t = time.perf_counter()
            real = http.post("/v1/retention/purge", headers=system)
            real_s = time.perf_counter() - t
            real.raise_for_status()
            purged = sum(r["rows"] for r in real.json()["records"] if r["kind"] == "query_logs")
        gone = asyncio.run(_partition_gone(db_url, month))
    report.add(
        Figure(
            "purge through the gateway (commits)",
            f"{real_s * 1000:.0f} ms",
            "partition dropped",
            gone and purged == rows + 1,
            f"POST /v1/retention/purge removed {purged:,} query logs of {month}; partition gone: {gone}",
        )
    )


def _record(unit: str, month: str) -> dict[str, object]:
    from datagen import national_id

    return {
        "id": "00000000-0000-4000-8000-000000000001",
        "unit": unit,
        "county": COUNTY,
        "user_id": "bench-user",
        "queried_at": f"{month}-02T09:00:00+08:00",
        "subject_national_id": national_id(1),
        "purpose": "bench",
        "case_ref": None,
    }


async def _measure(report: Report, db_url: str, rows: int, month: str, units: list[str], quick: bool) -> None:
    import asyncpg
    from carenet_core.db import Database
    from carenet_household_audit.config import Settings
    from carenet_household_audit.retention.service import purge_expired

    conn = await asyncpg.connect(db_url, server_settings={"search_path": "household_audit"})
    seed = secrets.token_hex(32)
    await conn.execute(
        "UPDATE month_seeds SET seed = $3, commitment = $4 WHERE county = $1 AND month = $2",
        COUNTY,
        month,
        seed,
        hashlib.sha256(seed.encode()).hexdigest(),
    )
    load_s = await load_query_logs(conn, rows=rows, units=units, county=COUNTY, month=month, month_seed=seed)
    partition = "query_logs_p" + month.replace("-", "_")
    n = await conn.fetchval(f"SELECT count(*) FROM {partition}")
    assert n == rows + 1, (n, rows)  # the month is in its own partition, not in the default
    print(f"   loaded {rows:,} query logs of {month} in {load_s:.0f} s", flush=True)

    settings = Settings(database_url=db_url, scheduler_enabled=False)
    db = Database(settings.database_url, schema=Settings.db_schema, pool_size=2, max_overflow=0)
    deletes: list[float] = []
    purges: list[float] = []
    try:
        for _ in range(RUNS):
            tx = conn.transaction()
            await tx.start()
            t = time.perf_counter()
            counted = await conn.fetch(
                "SELECT county, month, count(*) FROM query_logs WHERE month = $1 GROUP BY county, month", month
            )
            await conn.execute("DELETE FROM query_logs WHERE month = $1", month)
            deletes.append(time.perf_counter() - t)
            await tx.rollback()
            assert counted[0]["count"] == rows + 1
            # untimed: the rolled-back DELETE left every row with an aborted xmax; VACUUM sets their hint bits and
            # the visibility map again, so the purge meets the month as a real purge does (long vacuumed)
            await conn.execute(f"VACUUM {partition}")

            async with db.sessionmaker() as session:
                session.info["db"] = db
                t = time.perf_counter()
                _, records = await purge_expired(session=session, settings=settings)
                await session.flush()
                purges.append(time.perf_counter() - t)
                await session.rollback()
            assert sum(r.rows for r in records if r.kind == "query_logs") == rows + 1, records
            print(f"   DELETE {deletes[-1] * 1000:.0f} ms · partition purge {purges[-1] * 1000:.0f} ms", flush=True)
    finally:
        await db.dispose()
        await conn.close()
    d, p = median_of(deletes), median_of(purges)
    report.add(
        Figure(
            f"retention purge of a month, {rows:,} rows",
            f"{d / p:.1f}× faster than DELETE",
            "≥ 10× (full size)",
            None if quick else d / p >= 10,  # on 100 000 rows the purge's fixed queries dominate (README)
            f"median {p * 1000:.0f} ms detach + drop of the month's partition (the service's purge_expired, "
            f"its purge records per county from the tallies) vs {d * 1000:.0f} ms count + DELETE of the same rows; "
            f"both rolled back, {RUNS} runs each, alternating; load {load_s:.0f} s",
        )
    )


async def _partition_gone(db_url: str, month: str) -> bool:
    import asyncpg

    conn = await asyncpg.connect(db_url, server_settings={"search_path": "household_audit"})
    try:
        return bool(await conn.fetchval("SELECT to_regclass($1) IS NULL", "query_logs_p" + month.replace("-", "_")))
    finally:
        await conn.close()
