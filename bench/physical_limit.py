"""1. The physical limit: CareNet's `GET /v1/cases/{id}` and `POST /v1/cases/{id}/visits`, direct to
case-mgmt, against a bare Starlette + asyncpg app doing the same database work in one transaction on
the same database (`baseline_app.py`, its own uvicorn process). Target: within 2× of it — latency
median at 1 connection, throughput at 16 connections."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from common import Figure, Report, bench_database, dev_headers, free_port, median_of, running_stack
from datagen import national_id
from loadgen import LoadResult, hammer

COUNTY, DISTRICT = "TW-MIA", "頭份市"
CASES_PER_SIDE = 40  # visits are spread over these, so no case piles up an unrealistic history
LIMIT = 2.0


@contextmanager
def baseline_server(db_url: str) -> Iterator[str]:
    """`baseline_app` as its own uvicorn process (the same flags as the services), on `db_url`."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(Path(__file__).parent),
            "--factory",
            "baseline_app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env={"PATH": "/usr/bin:/bin", "BENCH_BASELINE_DATABASE_URL": db_url},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"baseline app exited with {proc.returncode}")
            try:
                if httpx.get(url + "/health", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("baseline app not up after 30 s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _case(i: int) -> dict[str, object]:
    return {
        "national_id": national_id(900_000 + i),
        "name": f"極限{i:03d}",
        "birth_date": "1980-05-01",
        "sex": "MF"[i % 2],
        "county": COUNTY,
        "district": DISTRICT,
        "kinds": ["psychiatric"],
        "source": "hospital_discharge",
        "intake_date": (datetime.now(UTC).date() - timedelta(days=60)).isoformat(),
    }


def _visit_body(i: int) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "visited_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "method": "phone" if i % 3 else "face_to_face_home",
        "outcome": "met" if i % 5 else "not_met",
        "note": "例行訪視",
    }


def run(report: Report, quick: bool) -> None:
    rounds = 5
    n1, n16 = (30, 100) if quick else (300, 600)
    with (
        bench_database() as db_url,
        running_stack(db_url, only=("case-mgmt",)) as stack,
        baseline_server(db_url) as baseline,
    ):
        headers = dev_headers(stack, "case_worker", county=COUNTY, district=DISTRICT, sub="bench-limit")
        carenet = stack.service_url("case-mgmt")
        made: list[str] = []
        for i in range(2 * CASES_PER_SIDE + 1):
            r = httpx.post(carenet + "/v1/cases", json=_case(i), headers=headers, timeout=30)
            r.raise_for_status()
            made.append(r.json()["id"])
        # the GET reads one case with a short history on both sides, which the visits below never touch
        read = made.pop()
        for i in range(3):
            r = httpx.post(f"{carenet}/v1/cases/{read}/visits", json=_visit_body(i), headers=headers, timeout=30)
            r.raise_for_status()
        # each side records its visits on its own cases
        sides = {"carenet": (carenet, made[:CASES_PER_SIDE]), "baseline": (baseline, made[CASES_PER_SIDE:])}

        def visit_url(base: str, cases: list[str]) -> Callable[[int], str]:
            return lambda i: f"{base}/v1/cases/{cases[i % len(cases)]}/visits"

        results: dict[tuple[str, str, int], list[LoadResult]] = {}
        for _ in range(rounds):
            for conc, n in ((1, n1), (16, n16)):
                for label, (base, cases) in sides.items():
                    get = asyncio.run(hammer(f"{base}/v1/cases/{read}", headers=headers, concurrency=conc, requests=n))
                    post = asyncio.run(
                        hammer(
                            "",
                            headers=headers,
                            concurrency=conc,
                            requests=n,
                            method="POST",
                            url_for=visit_url(base, cases),
                            body_for=_visit_body,
                            warmup=5,
                        )
                    )
                    for kind, res in (("GET", get), ("POST", post)):
                        assert res.errors == 0, f"{label} {kind} c={conc}: {res.errors} errors"
                        results.setdefault((label, kind, conc), []).append(res)
    for kind, what in (("GET", "GET /v1/cases/{id}"), ("POST", "POST /v1/cases/{id}/visits")):
        c_lat = median_of([x.median_ms for x in results[("carenet", kind, 1)]])
        b_lat = median_of([x.median_ms for x in results[("baseline", kind, 1)]])
        c_rps = median_of([x.rps for x in results[("carenet", kind, 16)]])
        b_rps = median_of([x.rps for x in results[("baseline", kind, 16)]])
        lat_ratio, rps_ratio = c_lat / b_lat, b_rps / c_rps
        report.add(
            Figure(
                f"{what} latency, 1 conn",
                f"median {c_lat:.2f} ms",
                f"≤ {LIMIT:g}× baseline",
                lat_ratio <= LIMIT,
                f"CareNet direct to case-mgmt; bare Starlette + asyncpg {b_lat:.2f} ms",
                ratio=f"{lat_ratio:.2f}× baseline",
            )
        )
        report.add(
            Figure(
                f"{what} throughput, 16 conn",
                f"{c_rps:.0f} req/s",
                f"baseline ≤ {LIMIT:g}× it",
                rps_ratio <= LIMIT,
                f"CareNet direct to case-mgmt; bare Starlette + asyncpg {b_rps:.0f} req/s",
                ratio=f"baseline {rps_ratio:.2f}× it",
            )
        )
