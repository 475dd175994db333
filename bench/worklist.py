"""5. Worklist: a district with 5 000 open cases (intake and visits through case-mgmt's API), due and
overdue computed at read time; p95 of `GET /case-mgmt/v1/worklist` vs the plain indexed list
`GET /case-mgmt/v1/cases?district=` of the same cases, same page size, both through the gateway."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import datetime, timedelta

import aiohttp
from common import Figure, Report, bench_database, dev_headers, median_of, running_stack
from datagen import SEED, TAIPEI, national_id
from loadgen import hammer

COUNTY, DISTRICT = "TW-MIA", "頭份市"
RUNS = 5


def run(report: Report, quick: bool) -> None:
    cases = 50 if quick else 5_000
    requests = 40 if quick else 60  # per run and endpoint (p95 of each run, median over runs)
    with bench_database() as db_url, running_stack(db_url, only=("case-mgmt",)) as stack:
        worker = dev_headers(stack, "case_worker", county=COUNTY, district=DISTRICT, sub="bench-worker")
        base = stack.gateway_url + "/case-mgmt"
        made, visited = asyncio.run(_populate(base, worker, cases))
        worklist = f"{base}/v1/worklist?limit=50"
        plain = f"{base}/v1/cases?district={DISTRICT}&limit=50"
        p95_w: list[float] = []
        p95_p: list[float] = []
        med_w: list[float] = []
        for _ in range(RUNS):
            w = asyncio.run(hammer(worklist, headers=worker, concurrency=1, requests=requests, warmup=3))
            p = asyncio.run(hammer(plain, headers=worker, concurrency=1, requests=requests, warmup=3))
            assert w.errors == 0 and p.errors == 0, (w.errors, p.errors)
            p95_w.append(w.pct(0.95))
            p95_p.append(p.pct(0.95))
            med_w.append(w.median_ms)
    w95, p95 = median_of(p95_w), median_of(p95_p)
    report.add(
        Figure(
            f"worklist p95, {made:,} cases",
            f"{w95:.0f} ms",
            "≤ 200 ms",
            w95 <= 200,
            f"{visited:,} visits; median {median_of(med_w):.0f} ms; page of 50, via gateway",
        )
    )
    report.add(
        Figure(
            "worklist vs plain list",
            f"{w95 / p95:.1f}× plain list",
            "reported",
            None,
            f"p95 of GET /v1/cases?district= (same cases, same page size) {p95:.0f} ms",
        )
    )


async def _populate(base: str, headers: dict[str, str], n: int) -> tuple[int, int]:
    """n intakes spread over the past 200 days; two cases in three get one or two visits."""
    rng = random.Random(SEED)
    today = datetime.now(TAIPEI).date()
    made = visited = 0
    async with aiohttp.ClientSession(headers=headers, timeout=aiohttp.ClientTimeout(total=120)) as http:

        async def one(i: int) -> None:
            nonlocal made, visited
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
            made += 1
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
    return made, visited
