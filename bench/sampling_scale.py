"""2. Monthly sampling at scale: one county-month of query logs across 40 units; the draw
(`POST /household-audit/v1/samplings` through the gateway) vs a plain `SELECT count(*)` of the same
month's rows, and the service's memory peak while it draws."""

from __future__ import annotations

import asyncio
import secrets
import time

import asyncpg
import httpx
from common import Figure, PeakRss, Report, bench_database, dev_headers, median_of, running_stack
from datagen import load_query_logs, unit_codes

COUNTY, MONTH = "TW-MIA", "2026-09"
RUNS = 5
RECOMPUTE = (
    "SELECT count(*) FROM query_logs WHERE county = $1 AND month = $2 AND NOT late AND ticket <> "
    "sha256(convert_to($3 || '|' || unit || '|' || month || '|' || id::text, 'UTF8'))"
)


def run(report: Report, quick: bool) -> None:
    rows = 100_000 if quick else 10_000_000
    units = unit_codes(40)
    with (
        bench_database() as db_url,
        running_stack(db_url, only=("household-audit",), CARENET_HOUSEHOLD_AUDIT_SCHEDULER_ENABLED="false") as stack,
    ):
        admin = dev_headers(stack, "county_admin", sub="bench-admin")
        auditor = dev_headers(stack, "auditor", sub="bench-auditor")
        with httpx.Client(base_url=stack.gateway_url + "/household-audit", timeout=120) as http:
            for u in units:
                http.post(
                    "/v1/units",
                    json={"code": u, "name": f"測試單位 {u}", "county": COUNTY, "kind": "hospital"},
                    headers=admin,
                ).raise_for_status()
        pid = stack.procs["household-audit"].pid
        asyncio.run(_measure(report, db_url, stack.gateway_url, auditor, pid, rows, units))


async def _measure(
    report: Report, db_url: str, gateway: str, headers: dict[str, str], pid: int, rows: int, units: list[str]
) -> None:
    conn = await asyncpg.connect(db_url, server_settings={"search_path": "household_audit"})
    seed = secrets.token_hex(32)  # the month's secret seed; its commitment is what the service publishes
    import hashlib

    await conn.execute(
        """INSERT INTO month_seeds (county, month, seed, commitment, committed_at)
                          VALUES ($1, $2, $3, $4, now() - interval '60 days')""",
        COUNTY,
        MONTH,
        seed,
        hashlib.sha256(seed.encode()).hexdigest(),
    )
    load_s = await load_query_logs(conn, rows=rows, units=units, county=COUNTY, month=MONTH, month_seed=seed)
    print(f"   loaded {rows:,} query logs in {load_s:.0f} s", flush=True)

    counts: list[float] = []
    draws: list[float] = []
    posts: list[float] = []
    verifies: list[float] = []
    recomputes: list[float] = []
    peak = 0.0
    sample_total = 0
    async with httpx.AsyncClient(base_url=gateway + "/household-audit", timeout=300) as http:
        for _ in range(RUNS):
            t = time.perf_counter()
            n = await conn.fetchval("SELECT count(*) FROM query_logs WHERE county = $1 AND month = $2", COUNTY, MONTH)
            counts.append(time.perf_counter() - t)
            assert n == rows, n
            async with PeakRss(pid) as mem:
                t = time.perf_counter()
                r = await http.post("/v1/samplings", json={"month": MONTH, "county": COUNTY}, headers=headers)
                posts.append(time.perf_counter() - t)
                assert r.status_code == 201, r.text[:500]
                body = r.json()
                # the sampling is done when its samples can be read (rows are written after the draw commits)
                page = await http.get(f"/v1/samplings/{body['id']}/samples", params={"limit": 50}, headers=headers)
                draws.append(time.perf_counter() - t)
                assert page.status_code == 200 and len(page.json()["items"]) == 50, page.text[:300]
                sample_total = sum(u["sample_size"] for u in body["units"])
                for _ in range(600):
                    stored = await conn.fetchval(
                        "SELECT count(*) FROM samples WHERE sampling_id = $1::uuid", body["id"]
                    )
                    if stored == sample_total:
                        break
                    await asyncio.sleep(0.1)
            assert stored == sample_total, (stored, sample_total)
            peak = max(peak, mem.peak)
            # verify: re-draw from the revealed seed and recompute every ticket of the month; its
            # physical floor is the recomputation alone, as one SQL statement on the same rows
            t = time.perf_counter()
            off = await conn.fetchval(RECOMPUTE, COUNTY, MONTH, seed)
            recomputes.append(time.perf_counter() - t)
            assert off == 0, off
            t = time.perf_counter()
            v = await http.get(f"/v1/samplings/{body['id']}/verify", headers=headers)
            verifies.append(time.perf_counter() - t)
            assert v.status_code == 200 and v.json()["match"] is True, v.text[:300]
            # untimed reset so the next run draws the same month again
            await conn.execute("DELETE FROM samplings WHERE id = $1::uuid", body["id"])
            await conn.execute(
                "UPDATE month_seeds SET revealed_at = NULL WHERE county = $1 AND month = $2", COUNTY, MONTH
            )
    await conn.close()
    c, d = median_of(counts), median_of(draws)
    report.add(
        Figure(
            f"sampling draw, {rows:,} rows / 40 units",
            f"{d / c:.2f}× count(*)",
            "≤ 2×",
            d / c <= 2,
            f"median {d * 1000:.0f} ms from POST /v1/samplings until its samples are readable (via gateway, "
            f"{sample_total:,} samples; the POST alone {median_of(posts) * 1000:.0f} ms) vs "
            f"count(*) {c * 1000:.0f} ms; load {load_s:.0f} s",
        )
    )
    vf, rc = median_of(verifies), median_of(recomputes)
    report.add(
        Figure(
            f"sampling verify, {rows:,} rows / 40 units",
            f"{vf / rc:.2f}× the bare recomputation",
            "≤ 2×",
            vf / rc <= 2,
            f"median {vf * 1000:.0f} ms for GET /v1/samplings/{{id}}/verify (via gateway: redraw + every ticket "
            f"recomputed) vs {rc * 1000:.0f} ms for the tickets' SHA-256 recomputed in one SQL statement "
            f"({vf / c:.1f}× count(*) {c * 1000:.0f} ms)",
        )
    )
    report.add(
        Figure(
            "sampling memory peak",
            f"{peak:.0f} MiB",
            "< 1024 MiB",
            peak < 1024,
            "household-audit process RSS, sampled every 50 ms during the draws",
        )
    )
