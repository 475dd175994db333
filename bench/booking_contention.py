"""6. Booking contention: 200 employees racing (all at once, through the gateway) for 50 free slots;
every slot must be booked exactly once; time to settle, next to the same 50 bookings made one by one."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import datetime, timedelta

import aiohttp
import asyncpg
import httpx
from common import Figure, Report, bench_database, dev_headers, median_of, running_stack
from datagen import SEED, TAIPEI

EMPLOYEES, SLOTS, RUNS = 200, 50, 5


def run(report: Report, quick: bool) -> None:
    # the race is already small: quick and full mode run the same 200 × 50. eap keeps at most 20
    # database connections (PostgreSQL's 100 are shared with everything else on the machine).
    with (
        bench_database() as db_url,
        running_stack(db_url, only=("eap",), CARENET_EAP_DB_POOL_SIZE="10", CARENET_EAP_DB_MAX_OVERFLOW="10") as stack,
    ):
        admin = dev_headers(stack, "eap_admin", county=None, sub="bench-eap-admin")
        employees = [dev_headers(stack, "employee", county=None, sub=f"emp-{i:03d}") for i in range(EMPLOYEES)]
        base = stack.gateway_url + "/eap"
        settle: list[float] = []
        serial: list[float] = []
        attempts_total = 0
        with httpx.Client(base_url=base, headers=admin, timeout=60) as http:
            r = http.post(
                "/v1/counsellors",
                json={"name": "測試心理師", "kinds": ["psychological"], "gender": "F", "modes": ["in_person"]},
            )
            r.raise_for_status()
            counsellor = r.json()["id"]
            day0 = datetime.now(TAIPEI).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=3)

            def publish(offset: int) -> list[str]:
                slots = [
                    {
                        "starts_at": (day0 + timedelta(hours=offset + k)).isoformat(),
                        "ends_at": (day0 + timedelta(hours=offset + k, minutes=50)).isoformat(),
                        "mode": "in_person",
                    }
                    for k in range(SLOTS)
                ]
                r = http.post(f"/v1/counsellors/{counsellor}/slots", json={"slots": slots})
                assert r.status_code == 201, r.text[:300]
                return [s["id"] for s in r.json()["items"]]

            for run_no in range(RUNS):
                slots = publish(run_no * 2 * SLOTS)
                seconds, attempts = asyncio.run(_race(base, employees, slots, random.Random(SEED + run_no)))
                settle.append(seconds)
                attempts_total += attempts
                asyncio.run(_check(db_url, slots))
                slots = publish(run_no * 2 * SLOTS + SLOTS)
                serial.append(asyncio.run(_one_by_one(base, employees[:SLOTS], slots)))
                asyncio.run(_check(db_url, slots))
    s, b = median_of(settle), median_of(serial)
    report.add(
        Figure(
            "booking contention: slots booked exactly once",
            f"{SLOTS}/{SLOTS} in each of {RUNS} runs",
            "every slot once",
            True,
            f"{EMPLOYEES} employees, {attempts_total // RUNS} booking attempts per run (a 409 re-reads the free list)",
        )
    )
    report.add(
        Figure(
            "booking contention: time to settle",
            f"{s * 1000:.0f} ms",
            "reported",
            None,
            f"{EMPLOYEES} racing for {SLOTS}; the same {SLOTS} bookings one by one: {b * 1000:.0f} ms ({s / b:.1f}×)",
        )
    )


async def _race(base: str, employees: list[dict[str, str]], slots: list[str], rng: random.Random) -> tuple[float, int]:
    """Each employee books a random slot of the free list; on 409 they re-read the free list
    (`GET /v1/slots`, as the booking page does) and try another, until one is theirs or none is left."""
    attempts = 0
    won: dict[str, str] = {}
    mine = set(slots)
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(total=300)
    ) as http:
        start = asyncio.Event()

        async def free(headers: dict[str, str]) -> list[str]:
            async with http.get(
                f"{base}/v1/slots", params={"kind": "psychological", "limit": "500"}, headers=headers
            ) as r:
                assert r.status == 200, (r.status, await r.text())
                return [s["id"] for s in (await r.json())["items"] if s["id"] in mine]

        async def employee(headers: dict[str, str]) -> None:
            nonlocal attempts
            await start.wait()
            candidates = list(slots)
            while candidates:
                slot = rng.choice(candidates)
                attempts += 1
                async with http.post(
                    f"{base}/v1/bookings", json={"slot_id": slot, "kind": "psychological"}, headers=headers
                ) as r:
                    if r.status == 201:
                        assert slot not in won, f"slot {slot} booked twice"
                        won[slot] = headers["Authorization"]
                        return
                    assert r.status == 409, (r.status, await r.text())
                candidates = await free(headers)

        tasks = [asyncio.create_task(employee(h)) for h in employees]
        await asyncio.sleep(0.05)
        t = time.perf_counter()
        start.set()
        await asyncio.gather(*tasks)
        seconds = time.perf_counter() - t
    assert len(won) == len(slots), f"{len(won)} of {len(slots)} slots booked"
    return seconds, attempts


async def _one_by_one(base: str, employees: list[dict[str, str]], slots: list[str]) -> float:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300)) as http:
        t = time.perf_counter()
        for headers, slot in zip(employees, slots, strict=True):
            async with http.post(
                f"{base}/v1/bookings", json={"slot_id": slot, "kind": "psychological"}, headers=headers
            ) as r:
                assert r.status == 201, await r.text()
        return time.perf_counter() - t


async def _check(db_url: str, slots: list[str]) -> None:
    """In the database: each slot booked, with exactly one active booking."""
    conn = await asyncpg.connect(db_url, server_settings={"search_path": "eap"})
    rows = await conn.fetch(
        """SELECT s.id, s.status, count(b.id) AS n FROM slots s
                               LEFT JOIN bookings b ON b.slot_id = s.id AND b.status = 'booked'
                               WHERE s.id = ANY($1::text[]) GROUP BY s.id, s.status""",
        slots,
    )
    await conn.close()
    assert len(rows) == len(slots) and all(r["status"] == "booked" and r["n"] == 1 for r in rows), rows[:5]
