"""`make load`: a bounded load test of a realistic mix through the gateway, on loopback.

A fresh PostgreSQL database and a fresh stack (four services + gateway, started by this script),
then for `--seconds` (default 120):
  - 200 case workers (18 districts of 苗栗縣), each with its own cases: record a visit (60 %), read
    the worklist (30 %), read a case (10 %), thinking 0.5–1.5 s between actions (`--think`, the mean);
  - 10 hospitals uploading discharge plans (every 1–3 s);
  - 2 systems ingesting query-log batches of 1 000 records (every 3–6 s);
  - 40 employees booking EAP sessions from their own slots and listing their bookings (every 2–4 s).
Every request counts: any status other than the expected one is an error. At the end it prints
the error rate, p50/p95/p99 per kind, and reconciles what was sent with what the API reports
stored (visits per case, discharge plans, query-log records via the month's sampling, bookings).
Exits 1 if any request failed or any count does not reconcile. `make bench` runs the same mix as a
benchmark (bench/load_mix.py: p95 per kind, errors, reconciliation, sustained requests/s).

    .venv/bin/python tools/load.py --seconds 120
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))  # as bench/run.py imports it: one `common`, one template database

from common import bench_database, dev_headers, running_stack  # noqa: E402
from datagen import MIAOLI_DISTRICTS  # noqa: E402

COUNTY = "TW-MIA"
DISTRICTS = MIAOLI_DISTRICTS
TAIPEI = timezone(timedelta(hours=8))
TODAY = datetime.now(TAIPEI).date()
# the month before last: household-audit's scheduler draws last month by itself at start
MONTH = ((TODAY.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
LETTERS = {c: v for c, v in zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True)}


def national_id(rng: random.Random, letter: str = "K") -> str:
    body = [rng.choice((1, 2))] + [rng.randrange(10) for _ in range(7)]
    code = LETTERS[letter]
    total = code // 10 + (code % 10) * 9 + sum(d * w for d, w in zip(body, (8, 7, 6, 5, 4, 3, 2, 1), strict=True))
    return f"{letter}{''.join(map(str, body))}{(10 - total % 10) % 10}"


_RETRY = object()


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # what was stored, by our count
    retried: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failed: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # still failing after the retries

    async def call(
        self,
        session: aiohttp.ClientSession,
        kind: str,
        method: str,
        url: str,
        *,
        expect: tuple[int, ...] = (200, 201),
        retries: int = 0,
        **kw: Any,
    ) -> Any:
        """One request; an unexpected answer is an error. Writes pass `retries`: after a 503 or a lost answer the
        client sends the same request again (same Idempotency-Key), as a phone would, so the outcome is known."""
        for attempt in range(retries + 1):
            result = await self._once(session, kind, method, url, expect=expect, **kw)
            if result is not _RETRY or attempt == retries:
                break
            self.retried[kind] += 1
            await asyncio.sleep(2.0)
        if result is _RETRY:
            self.failed[kind] += 1
            return None
        return result

    async def _once(
        self, session: aiohttp.ClientSession, kind: str, method: str, url: str, *, expect: tuple[int, ...], **kw: Any
    ) -> Any:
        t0 = time.perf_counter()
        try:
            async with session.request(method, url, **kw) as r:
                data = await r.read()
                status = r.status
        except (TimeoutError, aiohttp.ClientError) as exc:
            self.latencies[kind].append((time.perf_counter() - t0) * 1000)
            self.errors[kind].append(f"{type(exc).__name__}")
            return _RETRY
        self.latencies[kind].append((time.perf_counter() - t0) * 1000)
        if status not in expect:
            self.errors[kind].append(f"{status} {data[:200]!r}")
            return _RETRY if status == 503 else None
        return json.loads(data) if data else {}


class Load:
    def __init__(self, gateway: str, headers: Any, args: argparse.Namespace) -> None:
        self.gw, self.mint, self.args = gateway, headers, args
        self.rng = random.Random(args.seed)
        self.tally = Tally()
        self.stop_at = 0.0
        self.cases: dict[int, list[str]] = {}  # worker → case ids
        self.case_nids: list[str] = []
        self.visits_sent: dict[str, int] = defaultdict(int)
        self.units: list[str] = []
        self.slots: dict[int, list[str]] = {}  # employee → own free slots
        self.sup = headers("supervisor", county=COUNTY, sub="load-sup")

    def url(self, path: str) -> str:
        return self.gw + path

    # ---- setup (not measured) ----
    async def setup(self, session: aiohttp.ClientSession) -> None:
        a = self.args
        sem = asyncio.Semaphore(40)
        setup = Tally()

        async def intake(worker: int, k: int) -> None:
            nid = national_id(self.rng)
            async with sem:
                r = await setup.call(
                    session,
                    "setup",
                    "POST",
                    self.url("/case-mgmt/v1/cases"),
                    headers=self.sup,
                    json={
                        "national_id": nid,
                        "name": f"負載{worker}-{k}",
                        "birth_date": "1970-01-01",
                        "sex": "F",
                        "county": COUNTY,
                        "district": DISTRICTS[worker % len(DISTRICTS)],
                        "kinds": ["psychiatric"],
                        "source": "community",
                        "intake_date": (TODAY - timedelta(days=30)).isoformat(),
                    },
                )
            if r:
                self.cases.setdefault(worker, []).append(r["id"])
                self.case_nids.append(nid)

        await asyncio.gather(*(intake(w, k) for w in range(a.workers) for k in range(a.cases_per_worker)))
        system = self.mint("system", county=None, sub="load-sys")
        for i in range(4):
            code = f"LOAD-{i:02d}"
            await setup.call(
                session,
                "setup",
                "POST",
                self.url("/household-audit/v1/units"),
                headers=system,
                json={"code": code, "name": f"苗栗衛生所{i}", "county": COUNTY, "kind": "health_station"},
            )
            self.units.append(code)
        admin = self.mint("eap_admin", county=COUNTY, sub="load-eapa")
        base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
        per = max(1, int(a.seconds / 2) + 5)  # more slots than an employee can book in the run
        for e in range(a.employees):
            r = await setup.call(
                session,
                "setup",
                "POST",
                self.url("/eap/v1/counsellors"),
                headers=admin,
                json={"name": f"心理師{e}", "kinds": ["psychological"], "gender": "FMX"[e % 3], "modes": ["video"]},
            )
            starts = [base + timedelta(hours=h) for h in range(per)]
            r = await setup.call(
                session,
                "setup",
                "POST",
                self.url(f"/eap/v1/counsellors/{r['id']}/slots"),
                headers=admin,
                json={
                    "slots": [
                        {
                            "starts_at": s.isoformat(),
                            "ends_at": (s + timedelta(minutes=50)).isoformat(),
                            "mode": "video",
                        }
                        for s in starts
                    ]
                },
            )
            self.slots[e] = [s["id"] for s in r["items"]]
        if setup.errors:
            raise SystemExit(f"setup failed: {dict(setup.errors)}")

    # ---- the mix ----
    async def think(self, low: float, high: float) -> bool:
        await asyncio.sleep(self.rng.uniform(low, high))
        return time.monotonic() < self.stop_at

    async def case_worker(self, session: aiohttp.ClientSession, w: int) -> None:
        headers = self.mint("case_worker", county=COUNTY, district=DISTRICTS[w % len(DISTRICTS)], sub=f"load-cw-{w}")
        mine = self.cases.get(w, [])
        rng = random.Random(w)
        think = self.args.think
        while await self.think(think / 2, think * 1.5):
            roll = rng.random()
            if roll < 0.6 and mine:
                case_id = rng.choice(mine)
                vid = str(uuid.uuid4())
                body = {
                    "id": vid,
                    "visited_at": datetime.now(UTC).isoformat(),
                    "method": rng.choice(["face_to_face_home", "phone", "video"]),
                    "outcome": "met" if rng.random() < 0.8 else "not_met",
                    "note": "例行訪視",
                }
                r = await self.tally.call(
                    session,
                    "visit.record",
                    "POST",
                    self.url(f"/case-mgmt/v1/cases/{case_id}/visits"),
                    headers={**headers, "Idempotency-Key": vid},
                    json=body,
                    expect=(200, 201),
                    retries=5,
                )
                if r is not None:
                    self.visits_sent[case_id] += 1
            elif roll < 0.9:
                await self.tally.call(
                    session,
                    "worklist.read",
                    "GET",
                    self.url("/case-mgmt/v1/worklist"),
                    headers=headers,
                    params={"days": "14"},
                    expect=(200,),
                )
            elif mine:
                await self.tally.call(
                    session,
                    "case.read",
                    "GET",
                    self.url(f"/case-mgmt/v1/cases/{rng.choice(mine)}"),
                    headers=headers,
                    expect=(200,),
                )

    async def hospital(self, session: aiohttp.ClientSession, h: int) -> None:
        headers = self.mint("hospital", county=COUNTY, sub=f"load-hosp-{h}")
        rng = random.Random(1000 + h)
        while await self.think(1.0, 3.0):
            # a third for people with an open case, the rest open a pending intake
            nid = rng.choice(self.case_nids) if rng.random() < 0.33 and self.case_nids else national_id(rng, "L")
            key = str(uuid.uuid4())
            r = await self.tally.call(
                session,
                "discharge.upload",
                "POST",
                self.url("/case-mgmt/v1/discharge-plans"),
                headers={**headers, "Idempotency-Key": key},
                expect=(201,),
                retries=5,
                json={
                    "national_id": nid,
                    "name": "出院病人",
                    "hospital": f"苗栗醫院{h}",
                    "discharged_at": (TODAY - timedelta(days=rng.randrange(30))).isoformat(),
                    "compulsory": rng.random() < 0.1,
                    "needs_follow_up": True,
                    "summary": "出院準備計畫",
                },
            )
            if r is not None:
                self.tally.sent["discharge_plans"] += 1

    async def ingester(self, session: aiohttp.ClientSession, i: int) -> None:
        headers = self.mint("system", county=None, sub=f"load-ingest-{i}")
        rng = random.Random(2000 + i)
        while await self.think(3.0, 6.0):
            records = [
                {
                    "id": str(uuid.uuid4()),
                    "unit": rng.choice(self.units),
                    "county": COUNTY,
                    "user_id": f"staff-{rng.randrange(40)}",
                    "queried_at": f"{MONTH}-{rng.randrange(1, 29):02d}T{rng.randrange(8, 18):02d}:00:00+08:00",
                    "subject_national_id": national_id(rng, "M"),
                    "purpose": "個案訪視前確認戶籍",
                    "case_ref": None,
                }
                for _ in range(self.args.batch)
            ]
            r = await self.tally.call(
                session,
                "querylog.ingest",
                "POST",
                self.url("/household-audit/v1/query-logs"),
                headers=headers,
                json={"records": records},
                expect=(200,),
                retries=5,
            )
            if r is not None:
                self.tally.sent["query_logs"] += len(records)
                if r["accepted"] + r["duplicates"] != len(records):
                    self.tally.errors["querylog.ingest"].append(f"accepted {r['accepted']} of {len(records)}")

    async def employee(self, session: aiohttp.ClientSession, e: int) -> None:
        headers = self.mint("employee", county=COUNTY, sub=f"load-emp-{e}")
        free = list(self.slots.get(e, []))
        rng = random.Random(3000 + e)
        while await self.think(2.0, 4.0):
            if free and rng.random() < 0.5:
                key = str(uuid.uuid4())
                r = await self.tally.call(
                    session,
                    "booking.create",
                    "POST",
                    self.url("/eap/v1/bookings"),
                    headers={**headers, "Idempotency-Key": key},
                    expect=(201,),
                    retries=5,
                    json={"slot_id": free.pop(0), "kind": "psychological"},
                )
                if r is not None:
                    self.tally.sent["bookings"] += 1
            else:
                await self.tally.call(
                    session, "booking.mine", "GET", self.url("/eap/v1/bookings/mine"), headers=headers, expect=(200,)
                )

    async def run(self) -> None:
        a = self.args
        connector = aiohttp.TCPConnector(limit=0)
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            t0 = time.monotonic()
            await self.setup(session)
            print(
                f"setup: {sum(map(len, self.cases.values()))} cases, {len(self.units)} units, "
                f"{sum(map(len, self.slots.values()))} slots in {time.monotonic() - t0:.1f} s",
                flush=True,
            )
            self.stop_at = time.monotonic() + a.seconds
            started = time.monotonic()
            await asyncio.gather(
                *(self.case_worker(session, w) for w in range(a.workers)),
                *(self.hospital(session, h) for h in range(a.hospitals)),
                *(self.ingester(session, i) for i in range(a.ingesters)),
                *(self.employee(session, e) for e in range(a.employees)),
            )
            self.elapsed = time.monotonic() - started
            self.reconciled = await self.reconcile(session)

    # ---- reconcile ----
    async def pages(self, session: aiohttp.ClientSession, path: str, headers: Any, params: dict | None = None) -> int:
        n, cursor, t = 0, None, Tally()
        while True:
            q = {"limit": "500", **(params or {}), **({"cursor": cursor} if cursor else {})}
            body = await t.call(session, "reconcile", "GET", self.url(path), headers=headers, params=q, expect=(200,))
            if body is None:
                raise SystemExit(f"reconcile: {path} failed: {dict(t.errors)}")
            n += len(body["items"])
            cursor = body.get("next_cursor")
            if not cursor:
                return n

    async def reconcile(self, session: aiohttp.ClientSession) -> list[tuple[str, int, int]]:
        sem = asyncio.Semaphore(40)

        async def visits(case_id: str) -> int:
            async with sem:
                return await self.pages(session, f"/case-mgmt/v1/cases/{case_id}/visits", self.sup)

        all_cases = [c for cs in self.cases.values() for c in cs]
        stored_visits = sum(await asyncio.gather(*(visits(c) for c in all_cases)))
        plans = await self.pages(session, "/case-mgmt/v1/discharge-plans", self.sup)
        bookings = await self.pages(session, "/eap/v1/bookings", self.mint("eap_admin", county=COUNTY, sub="load-eapa"))
        auditor = self.mint("auditor", county=COUNTY, sub="load-aud")
        t = Tally()
        drawn = await t.call(
            session,
            "reconcile",
            "POST",
            self.url("/household-audit/v1/samplings"),
            headers=auditor,
            json={"month": MONTH, "county": COUNTY},
            expect=(201,),
        )
        population = sum(u["population"] for u in drawn["units"]) if drawn else -1
        return [
            ("visits", sum(self.visits_sent.values()), stored_visits),
            ("discharge plans", self.tally.sent["discharge_plans"], plans),
            ("query-log records", self.tally.sent["query_logs"], population),
            ("bookings", self.tally.sent["bookings"], bookings),
        ]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] if xs else float("nan")


def report(load: Load) -> int:
    t = load.tally
    total = sum(len(v) for v in t.latencies.values())
    errors = sum(len(v) for v in t.errors.values())
    failed = sum(t.failed.values())
    print(
        f"\n{total} requests in {load.elapsed:.1f} s ({total / load.elapsed:.0f}/s), "
        f"errors {errors} ({100 * errors / max(total, 1):.3f} %), retried {sum(t.retried.values())}, "
        f"failed after retries {failed}"
    )
    print(f"{'kind':18} {'n':>7} {'err':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind in sorted(t.latencies):
        xs = t.latencies[kind]
        print(
            f"{kind:18} {len(xs):7d} {len(t.errors.get(kind, [])):5d} {statistics.median(xs):8.1f} "
            f"{pct(xs, 0.95):8.1f} {pct(xs, 0.99):8.1f} {max(xs):8.1f}"
        )
    for kind, errs in t.errors.items():
        print(f"  {kind}: first errors: {errs[:3]}")
    print(f"\n{'reconciled':18} {'sent (2xx)':>11} {'stored (API)':>13}")
    ok = True
    for name, sent, stored in load.reconciled:
        mark = "ok" if sent == stored else "MISMATCH"
        ok &= sent == stored
        print(f"{name:18} {sent:11d} {stored:13d}  {mark}")
    return 0 if ok and errors == 0 else 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=120)
    p.add_argument("--workers", type=int, default=200, help="case workers")
    p.add_argument(
        "--think", type=float, default=1.0, help="a case worker's mean pause between actions (uniform ½–1½ of it), s"
    )
    p.add_argument("--cases-per-worker", type=int, default=5)
    p.add_argument("--hospitals", type=int, default=10)
    p.add_argument("--ingesters", type=int, default=2)
    p.add_argument("--batch", type=int, default=1000, help="query-log records per ingest batch")
    p.add_argument("--employees", type=int, default=40)
    p.add_argument("--seed", type=int, default=20261123)
    p.add_argument("--max-overflow", type=int, default=5, help="each service's DB pool overflow (pool size is 10)")
    return p


def run_load(args: argparse.Namespace) -> Load:
    """A fresh database and stack, the mix for `args.seconds`, then the reconciliation; the finished run."""
    # 4 services × (pool + overflow) must stay under PostgreSQL's max_connections (100 by default)
    pools = {
        f"CARENET_{s}_DB_MAX_OVERFLOW": str(args.max_overflow)
        for s in ("CASE_MGMT", "INDICATORS", "EAP", "HOUSEHOLD_AUDIT")
    }
    with bench_database() as db_url, running_stack(db_url, **pools) as stack:
        print(f"stack up at {stack.gateway_url} on a fresh database; running {args.seconds:.0f} s", flush=True)
        tokens: dict[tuple, dict[str, str]] = {}

        def mint(*roles: str, county: str | None = COUNTY, district: str | None = None, sub: str = "load") -> dict:
            k = (roles, county, district, sub)
            if k not in tokens:
                tokens[k] = dev_headers(stack, *roles, county=county, district=district, sub=sub)
            return tokens[k]

        # mint every token before the clock starts (dev-token is a blocking call)
        for w in range(args.workers):
            mint("case_worker", county=COUNTY, district=DISTRICTS[w % len(DISTRICTS)], sub=f"load-cw-{w}")
        for h in range(args.hospitals):
            mint("hospital", county=COUNTY, sub=f"load-hosp-{h}")
        for i in range(args.ingesters):
            mint("system", county=None, sub=f"load-ingest-{i}")
        for e in range(args.employees):
            mint("employee", county=COUNTY, sub=f"load-emp-{e}")
        load = Load(stack.gateway_url, mint, args)
        asyncio.run(load.run())
        return load


def main() -> int:
    return report(run_load(parser().parse_args()))


if __name__ == "__main__":
    sys.exit(main())
