"""Local scale check of the draw and the ingest (not the official `make bench`).

    .venv/bin/python services/household-audit/scripts/bench_local.py --rows 10000000 --units 40

Creates a scratch database, loads `rows` query logs of one county-month (tickets computed in SQL
exactly as ingest does), then times: count(*) of the month; the draw (rolled back, best of 3);
raw COPY of 100 000 records vs the service's ingest of the same number (batches of 10 000).
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from carenet_core.db import Database
from carenet_core.migrations import upgrade
from carenet_household_audit.config import Settings
from carenet_household_audit.querylogs.service import ingest_query_logs
from carenet_household_audit.sampling.seeds import ensure_seeds
from carenet_household_audit.sampling.service import draw_sampling
from carenet_household_audit.units.models import Unit

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
COUNTY, MONTH = "TW-BEN", "2026-10"


def nid(i: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
    code = dict(zip(letters, range(10, 36), strict=True))[letters[i % 22]]
    body = f"{1 + i % 2}{i % 10_000_000:07d}"
    digits = [code // 10, code % 10] + [int(c) for c in body]
    check = (10 - sum(d * w for d, w in zip(digits, [1, 9, 8, 7, 6, 5, 4, 3, 2, 1], strict=True)) % 10) % 10
    return f"{letters[i % 22]}{body}{check}"


async def main(rows: int, units: int, keep: bool, name: str | None, skip_draw: bool = False) -> None:
    name = name or f"ha_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN)
    exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
    if not exists:
        await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    await asyncio.to_thread(upgrade, Path(__file__).parents[1], url)
    settings = Settings(database_url=url, env="test")
    db = Database(url, schema="household_audit")
    raw = await asyncpg.connect(
        f"postgresql://postgres@127.0.0.1:5432/{name}", server_settings={"search_path": "household_audit"}
    )
    now = datetime.now(UTC)
    async with db.transaction() as s:
        for u in range(units):
            await s.merge(
                Unit(
                    code=f"BU{u:02d}", name="bench", county=COUNTY, kind="hospital", created_at=now, created_by="bench"
                )
            )
        seed = (await ensure_seeds(s, {(COUNTY, MONTH)}, now=now))[(COUNTY, MONTH)].seed
    have = await raw.fetchval("SELECT count(*) FROM query_logs WHERE county = $1 AND month = $2", COUNTY, MONTH)
    if have < rows:
        t = time.perf_counter()
        step = 1_000_000
        for start in range(have, rows, step):
            await raw.execute(
                """
                INSERT INTO query_logs
                SELECT x.id, $1, $2::text, x.unit, 'u' || (x.g % 997), timestamptz '2026-10-01 00:00+08' + (x.g % 2678000) * interval '1 second',
                       sha256(x.g::text::bytea), '1234', 'bench', NULL,
                       sha256(convert_to($3 || '|' || x.unit || '|' || $2::text || '|' || x.id::text, 'UTF8')), false, false, now()
                FROM (SELECT gen_random_uuid() AS id, g, 'BU' || lpad((g % $4)::text, 2, '0') AS unit
                      FROM generate_series($5::bigint, $6::bigint) g) x""",
                COUNTY,
                MONTH,
                seed,
                units,
                start,
                min(rows, start + step) - 1,
            )
            print(f"  loaded {min(rows, start + step):,}", flush=True)
        await raw.execute("VACUUM ANALYZE query_logs")
        print(f"load: {time.perf_counter() - t:.1f} s")

    def best(xs: list[float]) -> float:
        return min(xs)

    if skip_draw:
        counts, draws, total = [1.0], [1.0], 0
    else:
        counts = []
        for _ in range(3):
            t = time.perf_counter()
            await raw.fetchval("SELECT count(*) FROM query_logs WHERE county = $1 AND month = $2", COUNTY, MONTH)
            counts.append(time.perf_counter() - t)
        draws = []
        for _ in range(3):
            session_cm = db.sessionmaker()
            async with session_cm as s:
                t = time.perf_counter()
                sampling = await draw_sampling(session=s, county=COUNTY, month=MONTH, settings=settings, actor="bench")
                await s.flush()
                draws.append(time.perf_counter() - t)
                total = sampling.sample_total
                await s.rollback()
    print(
        f"count(*) {best(counts):.3f} s | draw {best(draws):.3f} s ({total:,} samples) | "
        f"ratio {best(draws) / best(counts):.2f} (target ≤ 2)"
    )

    # ingest vs COPY, 100 000 records of another month
    n, batch = 100_000, 10_000
    recs = [
        {
            "id": str(uuid.uuid4()),
            "unit": f"BU{i % units:02d}",
            "county": COUNTY,
            "user_id": f"u{i % 997}",
            "queried_at": (datetime(2026, 9, 1, tzinfo=UTC) + timedelta(seconds=i)).isoformat(),
            "subject_national_id": nid(i),
            "purpose": "bench",
            "case_ref": None,
        }
        for i in range(n)
    ]
    # COPY into the real table (same indexes, same WAL), then removed again
    copy_rows = [
        (
            uuid.uuid4(),
            COUNTY,
            "2026-09",
            r["unit"],
            r["user_id"],
            datetime.fromisoformat(r["queried_at"]),
            b"x" * 32,
            "1234",
            "bench",
            None,
            b"t" * 32,
            False,
            False,
            now,
        )
        for r in recs
    ]
    t = time.perf_counter()
    for i in range(0, n, batch):
        await raw.copy_records_to_table("query_logs", records=copy_rows[i : i + batch])
    copy_s = time.perf_counter() - t
    await raw.execute("DELETE FROM query_logs WHERE month = '2026-09'")
    t = time.perf_counter()
    for i in range(0, n, batch):
        async with db.transaction() as s:
            res = await ingest_query_logs(session=s, records=recs[i : i + batch], settings=settings)
            assert res.accepted == batch, res
    ingest_s = time.perf_counter() - t
    print(
        f"COPY {n / copy_s:,.0f} rows/s | ingest {n / ingest_s:,.0f} rows/s | ratio {copy_s / ingest_s:.2f} "
        f"(target ≥ 0.25)"
    )
    await raw.execute("DELETE FROM query_logs WHERE month = '2026-09'")
    await raw.close()
    await db.dispose()
    if not keep:
        admin = await asyncpg.connect(ADMIN)
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()
    else:
        print(f"kept database {name}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--units", type=int, default=40)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--db")
    ap.add_argument("--skip-draw", action="store_true")
    a = ap.parse_args()
    asyncio.run(main(a.rows, a.units, a.keep, a.db, a.skip_draw))
