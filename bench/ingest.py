"""3. Ingest: batches of 10 000 query-log records into household-audit through the gateway, vs a raw
COPY of the same rows (as stored) into a scratch table with the same indexes, in the same run."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import asyncpg
import httpx
from common import Figure, Report, bench_database, dev_headers, median_of, running_stack
from datagen import query_log_records, stored_query_log_rows, unit_codes

COUNTY, MONTH = "TW-MIA", "2026-10"
BATCH = 10_000
RUNS = 5
IN_FLIGHT = 2  # batches in flight at once, as a loader on a 2-core host would send them


def run(report: Report, quick: bool) -> None:
    batches = 2 if quick else 10  # per run
    units = unit_codes(40)
    records = query_log_records(RUNS * batches * BATCH, units=units, county=COUNTY, month=MONTH)
    with (
        bench_database() as db_url,
        running_stack(db_url, only=("household-audit",), CARENET_HOUSEHOLD_AUDIT_SCHEDULER_ENABLED="false") as stack,
    ):
        admin = dev_headers(stack, "county_admin", sub="bench-admin")
        system = dev_headers(stack, "system", county=None, sub="bench-loader")
        with httpx.Client(base_url=stack.gateway_url + "/household-audit", timeout=60) as http:
            for u in units:
                http.post(
                    "/v1/units",
                    json={"code": u, "name": f"測試單位 {u}", "county": COUNTY, "kind": "hospital"},
                    headers=admin,
                ).raise_for_status()
        asyncio.run(
            _measure(report, db_url, stack.gateway_url + "/household-audit/v1/query-logs", system, records, batches)
        )


async def _measure(
    report: Report, db_url: str, url: str, headers: dict[str, str], records: list[dict], batches: int
) -> None:
    conn = await asyncpg.connect(db_url, server_settings={"search_path": "household_audit"})
    await conn.execute("CREATE TABLE copy_scratch (LIKE query_logs INCLUDING ALL)")
    per_run = batches * BATCH
    copy_rates: list[float] = []
    ingest_rates: list[float] = []
    async with aiohttp.ClientSession(
        headers={**headers, "Content-Type": "application/json"}, timeout=aiohttp.ClientTimeout(total=300)
    ) as http:
        for r in range(RUNS):
            chunk = records[r * per_run : (r + 1) * per_run]
            bodies = [json.dumps({"records": chunk[i : i + BATCH]}).encode() for i in range(0, per_run, BATCH)]
            rows = stored_query_log_rows(chunk, month=MONTH)

            t = time.perf_counter()
            for i in range(0, per_run, BATCH):
                await conn.copy_records_to_table("copy_scratch", records=rows[i : i + BATCH])
            copy_rates.append(per_run / (time.perf_counter() - t))

            queue = list(bodies)
            accepted = 0

            async def loader(queue: list[bytes]) -> None:
                nonlocal accepted
                while queue:
                    body = queue.pop()
                    async with http.post(url, data=body) as resp:
                        out = await resp.json()
                        assert resp.status == 200, out
                        assert not out["rejected"], out["rejected"][:3]
                        accepted += out["accepted"]

            t = time.perf_counter()
            await asyncio.gather(*(loader(queue) for _ in range(IN_FLIGHT)))
            ingest_rates.append(per_run / (time.perf_counter() - t))
            assert accepted == per_run, (accepted, per_run)
    stored = await conn.fetchval("SELECT count(*) FROM query_logs")
    assert stored == RUNS * per_run, stored
    await conn.close()
    ing, cp = median_of(ingest_rates), median_of(copy_rates)
    report.add(
        Figure(
            "ingest throughput",
            f"{ing:,.0f} records/s",
            "≥ 20 000/s",
            ing >= 20_000,
            f"batches of {BATCH:,} via gateway, {IN_FLIGHT} in flight, {per_run:,} records per run",
        )
    )
    report.add(
        Figure(
            "ingest vs raw COPY",
            f"{ing / cp:.2f}× COPY",
            "≥ 0.25×",
            ing / cp >= 0.25,
            f"raw COPY of the same rows into a scratch table with the same indexes: {cp:,.0f} rows/s",
        )
    )
