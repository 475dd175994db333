"""2. Worklist: `GET /case-mgmt/v1/worklist` for a district of 5 000 open cases (a case worker) and a
county of 50 000 (a supervisor), p95 against absolute targets and against the plain list
`GET /case-mgmt/v1/cases?district=` / `?county=` (same jurisdiction, same page size), both through the
gateway, side by side in each run.

The data: a few hundred seed cases are opened and visited through case-mgmt's API (so every row is
written exactly as the service writes it, whatever it stores), then copied inside PostgreSQL to the
full size — every column of `cases` and of every table keyed by `case_id` (visits, tier changes,
stored standings if any), with new ids, a new person key and the target district — and the database
is ANALYZEd, as a live database's statistics would be. Due and overdue are computed at read time from
those rows, so copies of a seed have the seed's standing.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from datetime import datetime, timedelta

import aiohttp
import asyncpg
from common import Figure, Report, bench_database, dev_headers, median_of, running_stack
from datagen import MIAOLI_DISTRICTS, SEED, TAIPEI, national_id
from loadgen import LoadResult

COUNTY, DISTRICT = "TW-MIA", "頭份市"
OTHER_DISTRICTS = [d for d in MIAOLI_DISTRICTS if d != DISTRICT]
SCHEMA = "case_mgmt"
RUNS = 5
TARGET_DISTRICT_MS, TARGET_COUNTY_MS, TARGET_RATIO = 50.0, 100.0, 2.0


def run(report: Report, quick: bool) -> None:
    # quick: a tenth of the size (the worklist's cost grows with the cases, the plain page's does not)
    district_n, county_n = (500, 5_000) if quick else (5_000, 50_000)
    seeds = 100 if quick else 500
    # per run, endpoint and jurisdiction (p95 of each run, median over runs); fewer (≥ 20) past the time budget
    requests, budget_s = (30, 6.0) if quick else (60, 40.0)
    with bench_database() as db_url, running_stack(db_url, only=("case-mgmt",)) as stack:
        worker = dev_headers(stack, "case_worker", county=COUNTY, district=DISTRICT, sub="bench-worker")
        supervisor = dev_headers(stack, "supervisor", county=COUNTY, sub="bench-sup")
        base = stack.gateway_url + "/case-mgmt"
        seed_ids, visited = asyncio.run(_populate(base, worker, seeds))
        targets = [DISTRICT] * (district_n - seeds)
        targets += [OTHER_DISTRICTS[i % len(OTHER_DISTRICTS)] for i in range(county_n - district_n)]
        copied = asyncio.run(_copy_cases(db_url, seed_ids, targets))
        variants = [
            ("district", f"{district_n:,} cases in a district", worker, f"district={DISTRICT}", TARGET_DISTRICT_MS),
            ("county", f"{county_n:,} cases in a county", supervisor, f"county={COUNTY}", TARGET_COUNTY_MS),
        ]
        p95: dict[tuple[str, str], list[float]] = {}
        med: dict[str, list[float]] = {}
        for _ in range(RUNS):
            for key, _label, headers, plain_filter, _target in variants:
                w, p = asyncio.run(
                    _alternating(
                        f"{base}/v1/worklist?limit=50",
                        f"{base}/v1/cases?{plain_filter}&limit=50",
                        headers,
                        requests,
                        budget_s=budget_s,
                    )
                )
                assert w.errors == 0 and p.errors == 0, (key, w.errors, p.errors)
                p95.setdefault((key, "worklist"), []).append(w.pct(0.95))
                p95.setdefault((key, "plain"), []).append(p.pct(0.95))
                med.setdefault(key, []).append(w.median_ms)
    for key, label, _headers, plain_filter, target in variants:
        w95, pl95 = median_of(p95[(key, "worklist")]), median_of(p95[(key, "plain")])
        size_note = " (quick: a tenth of the full size)" if quick else ""
        report.add(
            Figure(
                f"worklist p95, {label}",
                f"{w95:.0f} ms",
                f"≤ {target:.0f} ms",
                w95 <= target,
                f"median {median_of(med[key]):.0f} ms; page of 50, via gateway; {seeds} seed cases "
                f"({visited} visits) through the API, {copied:,} copies in SQL, ANALYZEd{size_note}",
                ratio=f"{w95 / target:.2f}× target",
            )
        )
        report.add(
            Figure(
                f"worklist vs plain list, {key}",
                f"p95 {w95:.0f} vs {pl95:.0f} ms",
                f"≤ {TARGET_RATIO:g}× plain list",
                w95 / pl95 <= TARGET_RATIO,
                f"GET /v1/cases?{plain_filter}&limit=50, same caller, same run",
                ratio=f"{w95 / pl95:.1f}× plain list",
            )
        )


async def _alternating(
    a: str, b: str, headers: dict[str, str], n: int, *, budget_s: float, at_least: int = 20
) -> tuple[LoadResult, LoadResult]:
    """Up to n requests to each of two URLs, one at a time and alternating, so both see the same machine (after 3 of
    each to warm up), stopping early once `budget_s` is spent and `at_least` pairs are in (a slow worklist must not
    make the run take an hour); every non-2xx counts as an error."""
    res = {a: LoadResult(0, 0, 0.0, []), b: LoadResult(0, 0, 0.0, [])}
    started = time.perf_counter()
    async with aiohttp.ClientSession(headers=headers) as http:
        for i in range(-3, n):
            if i >= at_least and time.perf_counter() - started > budget_s:
                break
            for url in (a, b):
                t0 = time.perf_counter()
                async with http.get(url) as r:
                    await r.read()
                    ok = r.status < 300
                took = time.perf_counter() - t0
                if i >= 0:
                    res[url].requests += 1
                    res[url].latencies_ms.append(took * 1000)
                    res[url].seconds += took
                    res[url].errors += 0 if ok else 1
    return res[a], res[b]


async def _copy_cases(db_url: str, seeds: list[str], districts: list[str]) -> int:
    """Copy case i of `districts` from seed i mod len(seeds) into districts[i], with everything keyed by its id."""
    conn = await asyncpg.connect(db_url, server_settings={"search_path": SCHEMA})
    try:
        await conn.execute("CREATE TEMP TABLE copy_map (src text, dst text, district text)")
        await conn.copy_records_to_table(
            "copy_map",
            records=[
                (seeds[i % len(seeds)], str(uuid.UUID(int=random.Random(i).getrandbits(128), version=4)), d)
                for i, d in enumerate(districts)
            ],
        )
        columns: dict[str, list[asyncpg.Record]] = {}
        for c in await conn.fetch(
            "SELECT table_name, column_name, data_type, column_default, is_identity, is_generated "
            "FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position",
            SCHEMA,
        ):
            columns.setdefault(c["table_name"], []).append(c)
        keyed = sorted(
            t for t, cols in columns.items() if t != "cases" and any(c["column_name"] == "case_id" for c in cols)
        )
        for table in ["cases", *keyed]:
            names, exprs = [], []
            for c in columns[table]:
                name = c["column_name"]
                if c["is_generated"] == "ALWAYS":
                    continue
                if (table == "cases" and name == "id") or name == "case_id":
                    expr = "m.dst"
                elif table == "cases" and name == "person_key":
                    expr = "md5(m.dst)"
                elif name == "district":
                    expr = "m.district"
                elif name == "id" and (c["is_identity"] == "YES" or (c["column_default"] or "").startswith("nextval")):
                    continue  # numbered by the table itself
                elif name == "id":
                    expr = "gen_random_uuid()" + ("" if c["data_type"] == "uuid" else "::text")
                else:
                    expr = f't."{name}"'
                names.append(f'"{name}"')
                exprs.append(expr)
            key = "id" if table == "cases" else "case_id"
            await conn.execute(
                f'INSERT INTO "{table}" ({", ".join(names)}) '
                f'SELECT {", ".join(exprs)} FROM "{table}" t JOIN copy_map m ON t."{key}" = m.src'
            )
        await conn.execute("ANALYZE")
        return len(districts)
    finally:
        await conn.close()


async def _populate(base: str, headers: dict[str, str], n: int) -> tuple[list[str], int]:
    """n intakes spread over the past 200 days; two cases in three get one or two visits. Returns the case ids."""
    rng = random.Random(SEED)
    today = datetime.now(TAIPEI).date()
    made: list[str] = []
    visited = 0
    async with aiohttp.ClientSession(headers=headers, timeout=aiohttp.ClientTimeout(total=120)) as http:

        async def one(i: int) -> None:
            nonlocal visited
            intake = today - timedelta(days=rng.randrange(1, 200))
            body = {
                "national_id": national_id(i),
                "name": f"個案{i:05d}",
                "birth_date": "1975-03-0" + str(1 + i % 9),
                "sex": "MF"[i % 2],
                "county": COUNTY,
                "district": DISTRICT,
                "kinds": ["psychiatric"] if i % 4 else ["suicide_attempt"],
                "source": "hospital_discharge",
                "intake_date": intake.isoformat(),
            }
            async with http.post(f"{base}/v1/cases", json=body) as r:
                assert r.status == 201, (r.status, await r.text())
                case = await r.json()
            made.append(case["id"])
            for k in range(i % 3):
                day = intake + timedelta(days=rng.randrange(0, max(1, (today - intake).days)))
                at = datetime.combine(day, datetime.min.time(), TAIPEI) + timedelta(hours=10 + k)
                visit = {
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "visited_at": at.isoformat(),
                    "method": "face_to_face_home" if k == 0 else "phone",
                    "outcome": "met" if i % 7 else "not_met",
                }
                async with http.post(f"{base}/v1/cases/{case['id']}/visits", json=visit) as r:
                    assert r.status in (200, 201), (r.status, await r.text())
                visited += 1

        queue = list(range(n))

        async def loader() -> None:
            while queue:
                await one(queue.pop())

        await asyncio.gather(*(loader() for _ in range(6)))
    return sorted(made), visited
