"""1. Gateway overhead: the same authenticated GET of a case, direct to case-mgmt vs through the gateway."""

from __future__ import annotations

import asyncio

import httpx
from common import Figure, Report, bench_database, dev_headers, median_of, running_stack
from loadgen import hammer

CASE = {
    "national_id": "A123456789",
    "name": "測試個案",
    "birth_date": "1980-05-01",
    "sex": "M",
    "county": "TW-MIA",
    "district": "頭份市",
    "kinds": ["psychiatric"],
    "source": "hospital_discharge",
    "intake_date": "2026-10-01",
}


def run(report: Report, quick: bool) -> None:
    rounds = 5
    n1, n32 = (150, 1000) if quick else (500, 5000)
    with bench_database() as db_url, running_stack(db_url, only=("case-mgmt",)) as stack:
        headers = dev_headers(stack, "supervisor", sub="bench-sup")
        r = httpx.post(stack.gateway_url + "/case-mgmt/v1/cases", json=CASE, headers=headers)
        r.raise_for_status()
        path = f"/v1/cases/{r.json()['id']}"
        direct = stack.service_url("case-mgmt") + path
        via = stack.gateway_url + "/case-mgmt" + path
        results: dict[tuple[str, int], list] = {}
        for _ in range(rounds):
            for conc, n in ((1, n1), (32, n32)):
                for label, url in (("direct", direct), ("gateway", via)):
                    res = asyncio.run(hammer(url, headers=headers, concurrency=conc, requests=n))
                    assert res.errors == 0, f"{label} c={conc}: {res.errors} errors"
                    results.setdefault((label, conc), []).append(res)
        for conc in (1, 32):
            d_lat = median_of([x.median_ms for x in results[("direct", conc)]])
            g_lat = median_of([x.median_ms for x in results[("gateway", conc)]])
            d_rps = median_of([x.rps for x in results[("direct", conc)]])
            g_rps = median_of([x.rps for x in results[("gateway", conc)]])
            report.add(
                Figure(
                    f"gateway latency, {conc} conn",
                    f"{g_lat / d_lat:.2f}× direct",
                    "≤ 1.25×",
                    g_lat / d_lat <= 1.25,
                    f"median {g_lat:.2f} ms via gateway vs {d_lat:.2f} ms direct",
                )
            )
            report.add(
                Figure(
                    f"gateway throughput, {conc} conn",
                    f"{g_rps / d_rps:.2f}× direct",
                    "≥ 0.8×",
                    g_rps / d_rps >= 0.8,
                    f"{g_rps:.0f} vs {d_rps:.0f} req/s",
                )
            )
