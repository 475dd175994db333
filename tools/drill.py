"""`make drill`: the restore drill of docs/operations.md §6, run end to end and timed.

A running stack with data in every service (the demo county through the public API, plus workforce
staff and resource-directory entries) is backed up the way the guide tells an operator — the compose
`backup` service's commands: the role list, then `pg_dump --format=custom` of every service schema of
the one database — then every schema is `pg_restore`d into a new database, and a second stack is
migrated and started on it, on other ports. The drill passes when:

- every table in every service schema has the same number of rows in the restored database;
- every service's access-trail hash chain verifies in the restored database (before its services
  start), and again after they ran and linked new rows onto the restored head;
- every household-audit sampling re-draws to a match (`GET /household-audit/v1/samplings/{id}/verify`);
- every county's indicator scorecard (this year and this quarter) is equal before and after, the feed's
  freshness stamps aside (`as_of`, `last_error`, `last_error_at`: they move with each read of the feed).

`make drill` starts its own stack on a scratch database and drops both databases afterwards; the
cross-service test `tests/test_restore_drill.py` runs `run_drill` against the test run's stack.

    python tools/drill.py [--county TW-HSQ] [--cases 36] [--keep-logs]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from carenet_core import clock
from carenet_core.db import Database, async_url
from carenet_core.trail import ChainReport, verify_chain
from carenet_testing.stack import SERVICES, Stack
from sqlalchemy.engine import URL, make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo import SEED, Demo

SCHEMAS = tuple(s.package for s in SERVICES)  # case_mgmt, indicators, eap, household_audit, workforce, resources
LOCAL_PG = "postgresql://postgres@127.0.0.1:5432/postgres"


# ---- databases --------------------------------------------------------------------------------------
def _url(url: str) -> URL:
    return make_url(async_url(url))


def plain_url(url: str) -> str:
    """The URL asyncpg and libpq take (no `+asyncpg` driver part)."""
    return _url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def with_database(url: str, name: str) -> str:
    return _url(url).set(database=name).render_as_string(hide_password=False)


def pg_tool(tool: str, url: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run a PostgreSQL client tool against `url`'s server (the password, if any, through PGPASSWORD)."""
    u = _url(url)
    env = {**os.environ}
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    conn = ["-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    return subprocess.run([tool, *conn, *args], env=env, check=True, capture_output=True)


async def _admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(plain_url(with_database(url, "postgres")), timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_database(server_url: str, prefix: str) -> str:
    """A new, empty database on `server_url`'s server; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(server_url, f'CREATE DATABASE "{name}"'))
    return with_database(server_url, name)


def drop_database(url: str) -> None:
    asyncio.run(_admin(url, f'DROP DATABASE IF EXISTS "{_url(url).database}" WITH (FORCE)'))


async def _fetch(url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(plain_url(url), timeout=5)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def _table_counts(url: str) -> dict[str, int]:
    conn = await asyncpg.connect(plain_url(url), timeout=5)
    try:
        tables = await conn.fetch(
            "SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]) ORDER BY 1, 2",
            list(SCHEMAS),
        )
        return {
            f"{t['schema']}.{t['name']}": int(
                await conn.fetchval(f'SELECT count(*) FROM "{t["schema"]}"."{t["name"]}"')
            )
            for t in tables
        }
    finally:
        await conn.close()


def table_counts(url: str) -> dict[str, int]:
    """Rows per table (partitions and their parents alike) in every service schema."""
    return asyncio.run(_table_counts(url))


async def _pending(url: str) -> dict[str, int]:
    """What the background jobs still owe: unlinked trail rows, unpublished events, feed cursors behind."""
    out: dict[str, int] = {}
    conn = await asyncpg.connect(plain_url(url), timeout=5)
    try:
        for schema in SCHEMAS:
            out[f"{schema}.access_trail unlinked"] = int(
                await conn.fetchval(f'SELECT count(*) FROM "{schema}".access_trail WHERE chain_seq IS NULL')
            )
            out[f"{schema}.outbox unpublished"] = int(
                await conn.fetchval(f'SELECT count(*) FROM "{schema}".outbox WHERE seq IS NULL')
            )
            for cursor in await conn.fetch(f'SELECT name, position FROM "{schema}".feed_cursors'):
                producer = cursor["name"].replace("-", "_")
                if producer in SCHEMAS:
                    head = await conn.fetchval(f'SELECT coalesce(max(seq), 0) FROM "{producer}".outbox')
                    out[f"{schema} behind {producer}"] = max(0, int(head) - int(cursor["position"]))
    finally:
        await conn.close()
    return out


def settle(url: str, *, timeout: float = 90.0, quiet: float = 1.5) -> dict[str, int]:
    """Wait until the background jobs owe nothing and the row counts hold still for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    before = table_counts(url)
    while True:
        time.sleep(quiet)
        owed = {k: v for k, v in asyncio.run(_pending(url)).items() if v}
        now = table_counts(url)
        if not owed and now == before:
            return now
        if time.monotonic() > deadline:
            moving = sorted(k for k in now if now[k] != before.get(k))
            raise TimeoutError(f"the stack did not settle in {timeout:.0f}s: owed {owed}, still moving {moving}")
        before = now


async def _verify_trails(url: str) -> dict[str, ChainReport]:
    reports = {}
    for schema in SCHEMAS:
        db = Database(async_url(url), schema=schema, pool_size=1, max_overflow=0)
        try:
            async with db.transaction() as session:
                reports[schema] = await verify_chain(session)
        finally:
            await db.dispose()
    return reports


def verify_trails(url: str) -> dict[str, ChainReport]:
    """`carenet_core.trail.verify_chain` on every service schema of the database at `url`."""
    return asyncio.run(_verify_trails(url))


def wait_linked(url: str, *, timeout: float = 30.0) -> None:
    """Until every schema's trail linker has linked every row (the linker ticks each second)."""
    deadline = time.monotonic() + timeout
    while any(v for k, v in asyncio.run(_pending(url)).items() if k.endswith("unlinked")):
        if time.monotonic() > deadline:
            raise TimeoutError("the restored stack's trail linkers did not catch up")
        time.sleep(0.5)


# ---- backup and restore, as docs/operations.md §6 tells an operator -------------------------------------
def backup(url: str, folder: Path) -> int:
    """What `docker compose run --rm backup` does (deploy/compose/compose.yaml): the role list without
    passwords, then `pg_dump --format=custom --schema=<s>` of every service schema of the one database,
    a file each, into `folder`; returns the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    database = str(_url(url).database)
    roles = pg_tool("pg_dumpall", url, "--roles-only", "--no-role-passwords", "--dbname", plain_url(url))
    (folder / "roles.sql").write_bytes(roles.stdout)
    for schema in SCHEMAS:
        pg_tool("pg_dump", url, "--format=custom", f"--schema={schema}", f"--file={folder / schema}.dump", database)
    return sum(f.stat().st_size for f in folder.iterdir())


def restore(folder: Path, url: str) -> None:
    """Every schema's dump into the (new, empty) database at `url` with `pg_restore --exit-on-error`, as
    §6 restores one schema (`--no-owner`: the roles are the same cluster's; `roles.sql` is for a new server)."""
    database = str(_url(url).database)
    for schema in SCHEMAS:
        pg_tool(
            "pg_restore", url, "--no-owner", "--exit-on-error", "--dbname", database, str(folder / f"{schema}.dump")
        )


# ---- the stack --------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stack_on(url: str, data_dir: Path) -> Stack:
    """A dev-mode stack on `url` (every service its own schema) on free loopback ports, small pools."""
    env = {
        "CARENET_ENV": "dev",
        "CARENET_DATA_DIR": str(data_dir),
        "CARENET_GATEWAY_READ_TIMEOUT": "5",
        "CARENET_GATEWAY_CONNECT_TIMEOUT": "1",
        "CARENET_GATEWAY_RATE_LIMIT_PER_SECOND": "0",
        "CARENET_INDICATORS_FEED_POLL_INTERVAL": "0.2",
        "CARENET_GATEWAY_ACTIVITY_FLUSH_SECONDS": "0.3",
    }
    for s in SERVICES:
        env[f"{s.env_prefix}DATABASE_URL"] = async_url(url)
        env[f"{s.env_prefix}DB_POOL_SIZE"] = "3"
        env[f"{s.env_prefix}DB_MAX_OVERFLOW"] = "2"
    return Stack(
        env=env,
        gateway_port=free_port(),
        ports={s.name: free_port() for s in SERVICES},
        log_dir=data_dir / "logs",
    )


@contextmanager
def running(stack: Stack, *, timeout: float = 90.0, seconds: dict[str, float] | None = None) -> Iterator[Stack]:
    """Migrate (a no-op on a current database), start, wait healthy; stop every process on the way out.
    `seconds` gets how long the migrations (`migrate`) and the start until healthy (`healthy`) took."""
    seconds = {} if seconds is None else seconds
    t0 = time.monotonic()
    stack.migrate_all()
    seconds["migrate"] = time.monotonic() - t0
    try:
        stack.start_all()
        stack.wait_healthy(timeout=timeout)
        seconds["healthy"] = time.monotonic() - t0 - seconds["migrate"]
        yield stack
    finally:
        stack.stop_all()


# ---- data in every service, through the public API ----------------------------------------------------------
def fill(gw: httpx.Client, county: str, *, cases: int = 36) -> dict[str, Any]:
    """The demo county (case-mgmt, household-audit, EAP, indicators) plus workforce staff and resources."""
    demo = Demo(gw, county, rng=random.Random(f"{SEED}-drill-{county}"))  # not the demo's own people
    opened = demo.cases(n=cases)
    demo.discharge_plans()
    demo.conference()
    sampling = demo.query_logs_and_sampling()
    demo.eap()
    demo.facts()
    admin = demo.login("county_admin", roles=["county_admin"], county=county)
    district = demo.districts[0]
    staff = []
    for k, kind in enumerate(["supervisor", "psychiatric_visitor", "suicide_visitor", "admin_staff"]):
        body = {
            "sub": f"drill-{county}-{k}",
            "name": demo.name(),
            "county": county,
            "kind": kind,
            "funding": "subsidised",
            "started_on": "2024-02-01",
            "psychiatric_visit_share": 0.5 if kind == "psychiatric_visitor" else 0,
        }
        staff.append(demo.call("POST", "/workforce/v1/staff", admin, body, ok=(201, 409)))
    for member in staff:
        if member and "id" in member:
            demo.call("GET", f"/workforce/v1/staff/{member['id']}", admin)  # a read: a trail row
    if staff and staff[1] and "id" in staff[1]:
        report = {"submitted_on": (clock.today() - timedelta(days=10)).isoformat(), "title": "個案報告：出院追蹤"}
        demo.call("POST", f"/workforce/v1/staff/{staff[1]['id']}/case-reports", admin, report)
    for k, (category, lat) in enumerate([("crisis_line", 24.69), ("legal_aid", 24.70)]):
        body = {
            "name": f"示範據點{k + 1}",
            "county": county,
            "district": district,
            "categories": [category],
            "address": f"{district}示範路{k + 1}號",
            "lat": lat,
            "lon": 121.0,
            "phone": "1925",
        }
        demo.call("POST", "/resources/v1/resources", admin, body)
    return {"cases": len(opened), "sampling": sampling, "staff": len(staff)}


def dev_token(gw: httpx.Client, **claims: Any) -> dict[str, str]:
    r = gw.post("/auth/dev-token", json=claims)
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


FRESHNESS = frozenset({"as_of", "last_error", "last_error_at"})


def scores_only(value: Any) -> Any:
    """A scorecard without the feed's freshness stamps: `as_of` moves with every read of the feed to its end,
    `last_error(_at)` with every unanswered poll (a stack starting up); the feed's `last_seq` stays."""
    if isinstance(value, dict):
        return {k: scores_only(v) for k, v in value.items() if k not in FRESHNESS}
    if isinstance(value, list):
        return [scores_only(v) for v in value]
    return value


def first_difference(before: Any, after: Any, path: str = "") -> str:
    """Where two JSON documents first differ: `path: before → after`."""
    if isinstance(before, dict) and isinstance(after, dict):
        for k in sorted(set(before) | set(after), key=str):
            if before.get(k) != after.get(k):
                return first_difference(before.get(k), after.get(k), f"{path}.{k}")
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            if b != a:
                return first_difference(b, a, f"{path}[{i}]")
    return f"{path or '.'}: {before!r} → {after!r}"


def scorecards(gw: httpx.Client, counties: list[str]) -> dict[str, Any]:
    """Every county's scorecard for this year and this quarter, read by the ministry."""
    ministry = dev_token(gw, sub="drill-ministry", roles=["ministry"], county=None)
    today = clock.today()
    out = {}
    for county in counties:
        for period in (str(today.year), f"{today.year}-Q{(today.month - 1) // 3 + 1}"):
            r = gw.get(f"/indicators/v1/scorecards/{county}", params={"period": period}, headers=ministry)
            r.raise_for_status()
            out[f"{county} {period}"] = scores_only(r.json())
    return out


def verify_samplings(gw: httpx.Client, ids: list[str]) -> dict[str, bool]:
    """`GET /household-audit/v1/samplings/{id}/verify` for each sampling: its `match`."""
    ministry = dev_token(gw, sub="drill-ministry", roles=["ministry"], county=None)
    out = {}
    for sid in ids:
        r = gw.get(f"/household-audit/v1/samplings/{sid}/verify", headers=ministry)
        out[sid] = r.status_code == 200 and r.json().get("match") is True
    return out


def count_differences(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """One line per table whose row count differs (or that exists on one side only)."""
    return [
        f"{table}: {before.get(table)} rows before, {after.get(table)} restored"
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    ]


def trail_problems(
    reports: dict[str, ChainReport], before: dict[str, ChainReport], *, grows: bool = False
) -> list[str]:
    """A chain that does not verify, or verifies fewer rows than `before` (more only when it `grows`)."""
    out = []
    for schema, chain in reports.items():
        was = before[schema].checked if schema in before else 0
        if not chain.ok:
            out.append(f"{schema} trail broken at {chain.broken_at}: {chain.reason}")
        elif chain.checked < was or (chain.checked != was and not grows):
            out.append(f"{schema} trail: {chain.checked} rows verify, {was} before")
    return out


# ---- the drill --------------------------------------------------------------------------------------------
@dataclass
class DrillReport:
    seconds: dict[str, float] = field(default_factory=dict)
    dump_bytes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    trail_restored: dict[str, ChainReport] = field(default_factory=dict)
    trail_after_run: dict[str, ChainReport] = field(default_factory=dict)
    samplings: dict[str, bool] = field(default_factory=dict)
    scorecards: int = 0
    scorecard_numbers: int = 0  # items with a denominator > 0 (so "equal" compared real numbers)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"backup (pg_dump -Fc ×6)   {self.seconds.get('backup', 0):6.1f} s  ({self.dump_bytes / 1e6:.1f} MB)",
            f"restore (pg_restore ×6)   {self.seconds.get('restore', 0):6.1f} s",
            f"start on the restored db  {self.seconds.get('start', 0):6.1f} s  (alembic ×6 {self.seconds.get('migrate', 0):.1f} s,"
            f" then 7 processes healthy {self.seconds.get('healthy', 0):.1f} s)",
            f"checks                    {self.seconds.get('checks', 0):6.1f} s",
            f"backup → serving again    {self.seconds.get('recovery', 0):6.1f} s",
            f"tables compared: {len(self.counts)}, rows: {sum(self.counts.values())}",
            "trail chains (restored → after the restored stack ran): "
            + ", ".join(
                f"{s} {self.trail_restored[s].checked}→{self.trail_after_run[s].checked if s in self.trail_after_run else '?'}"
                for s in self.trail_restored
            ),
            f"samplings verified: {sum(self.samplings.values())}/{len(self.samplings)}",
            f"scorecards compared: {self.scorecards} ({self.scorecard_numbers} items with a denominator)",
        ]
        lines += [f"PROBLEM: {p}" for p in self.problems] or ["the drill passed"]
        return "\n".join(lines)


def run_drill(
    source: Stack, source_url: str, workdir: Path, *, log: Callable[[str], None] = lambda _m: None
) -> DrillReport:
    """Back up the database under the running `source` stack, restore it into a new database, start a
    second stack on it and compare; the restored database is dropped afterwards."""
    report = DrillReport()
    with httpx.Client(base_url=source.gateway_url, timeout=60) as gw:
        log("waiting for the source stack to settle (feeds read, trail linked)")
        settle(source_url)
        counties = [
            r["code"] for r in asyncio.run(_fetch(source_url, "SELECT code FROM indicators.counties ORDER BY 1"))
        ]
        cards_before = scorecards(gw, counties)
    sampling_ids = [
        str(r["id"]) for r in asyncio.run(_fetch(source_url, "SELECT id FROM household_audit.samplings ORDER BY 1"))
    ]
    counts_before = settle(source_url)  # the scorecard reads' own account activity has landed too
    trail_before = verify_trails(source_url)

    dump = workdir / "backup"
    log(f"backup: pg_dump --format=custom, a file per schema → {dump}")
    t0 = time.monotonic()
    report.dump_bytes = backup(source_url, dump)
    report.seconds["backup"] = time.monotonic() - t0
    if table_counts(source_url) != counts_before:
        report.problems.append("the source stack wrote during the backup: the counts cannot be compared")

    restored_url = create_database(source_url, "carenet_restored")
    try:
        log(f"restore: pg_restore → {_url(restored_url).database}")
        t1 = time.monotonic()
        restore(dump, restored_url)
        report.seconds["restore"] = time.monotonic() - t1

        report.counts = table_counts(restored_url)
        report.problems += count_differences(counts_before, report.counts)
        report.trail_restored = verify_trails(restored_url)
        report.problems += trail_problems(report.trail_restored, trail_before)

        log("starting a second stack on the restored database")
        t2 = time.monotonic()
        with running(stack_on(restored_url, workdir / "restored"), seconds=report.seconds) as restored:
            report.seconds["start"] = time.monotonic() - t2
            report.seconds["recovery"] = time.monotonic() - t0
            t3 = time.monotonic()
            with httpx.Client(base_url=restored.gateway_url, timeout=60) as gw2:
                report.samplings = verify_samplings(gw2, sampling_ids)
                report.problems += [f"sampling {sid} does not verify" for sid, ok in report.samplings.items() if not ok]
                cards_after = scorecards(gw2, counties)
            report.scorecards = len(cards_after)
            report.scorecard_numbers = sum(
                1 for card in cards_before.values() for item in card["items"] if (item.get("denominator") or 0) > 0
            )
            report.problems += [
                f"scorecard {key} differs after the restore: {first_difference(cards_before.get(key), cards_after.get(key))}"
                for key in sorted(set(cards_before) | set(cards_after))
                if cards_before.get(key) != cards_after.get(key)
            ]
            wait_linked(restored_url)  # the reads above appended trail rows onto the restored chains
            report.trail_after_run = verify_trails(restored_url)
            report.problems += trail_problems(report.trail_after_run, report.trail_restored, grows=True)
            report.seconds["checks"] = time.monotonic() - t3
    finally:
        drop_database(restored_url)
    return report


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--server", default=os.environ.get("CARENET_DRILL_SERVER", LOCAL_PG))
    ap.add_argument("--county", default="TW-HSQ")
    ap.add_argument("--cases", type=int, default=36)
    ap.add_argument("--keep-logs", action="store_true", help="keep the work folder (logs, dump)")
    args = ap.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="carenet-drill-"))
    started = time.monotonic()

    def log(msg: str) -> None:
        print(f"[drill {time.monotonic() - started:6.1f}s] {msg}", flush=True)

    source_url = create_database(args.server, "carenet_drill")
    try:
        log(f"source stack on scratch database {_url(source_url).database}")
        with running(stack_on(source_url, workdir / "source")) as source:
            with httpx.Client(base_url=source.gateway_url, timeout=60) as gw:
                filled = fill(gw, args.county, cases=args.cases)
            log(f"filled {args.county}: {filled}")
            report = run_drill(source, source_url, workdir, log=log)
    finally:
        drop_database(source_url)
        if args.keep_logs:
            print(f"work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(report.summary())
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
