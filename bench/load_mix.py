"""9. `make load` as a benchmark: tools/load.py's mix on a fresh stack through the gateway — case workers
recording visits (60 %), reading their worklist (30 %) and a case (10 %) with 0.5–1.5 s think time,
hospitals uploading discharge plans, systems ingesting query logs, employees booking EAP sessions.
Targets: p95 ≤ 500 ms for every request kind, no error, every count reconciled (what the clients had
stored = what the API reports). The sustained requests/s is reported.

Full: tools/load.py's defaults (200 case workers, 10 hospitals, 2 ingesters, 40 employees, 120 s).
Quick: a tenth of the people (20 / 1 / 1 / 4) for 25 s — the same mix, not the same pressure.
"""

from __future__ import annotations

import sys
from pathlib import Path

from common import Figure, Report

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools import load as loadtool

P95_MS = 500.0


def run(report: Report, quick: bool) -> None:
    argv = ["--think", "1.0"]
    if quick:
        argv += ["--seconds", "25", "--workers", "20", "--hospitals", "1", "--ingesters", "1", "--employees", "4"]
    args = loadtool.parser().parse_args(argv)
    load = loadtool.run_load(args)
    loadtool.report(load)
    t = load.tally
    people = f"{args.workers} case workers, {args.hospitals} hospitals, {args.ingesters} ingesters, {args.employees} employees"
    for kind in sorted(t.latencies):
        xs = t.latencies[kind]
        p95 = loadtool.pct(xs, 0.95)
        report.add(
            Figure(
                f"load p95, {kind}",
                f"{p95:.0f} ms",
                f"≤ {P95_MS:.0f} ms",
                p95 <= P95_MS,
                f"{len(xs):,} requests, median {loadtool.pct(xs, 0.5):.0f} ms, p99 {loadtool.pct(xs, 0.99):.0f} ms",
                ratio=f"{p95 / P95_MS:.2f}× target",
            )
        )
    total = sum(len(v) for v in t.latencies.values())
    errors = sum(len(v) for v in t.errors.values())
    first = "; ".join(f"{k}: {v[0][:80]}" for k, v in t.errors.items() if v)
    report.add(
        Figure(
            "load errors",
            f"{errors:,} of {total:,}",
            "0",
            errors == 0,
            f"retried {sum(t.retried.values())}, still failing after retries {sum(t.failed.values())}"
            + (f"; first: {first}" if first else ""),
        )
    )
    off = [f"{name} {sent} sent vs {stored} stored" for name, sent, stored in load.reconciled if sent != stored]
    report.add(
        Figure(
            "load counts reconciled",
            f"{len(load.reconciled) - len(off)} of {len(load.reconciled)}",
            "all",
            not off,
            "; ".join(off) or ", ".join(f"{name} {sent:,}" for name, sent, _ in load.reconciled),
        )
    )
    report.add(
        Figure(
            "load sustained throughput",
            f"{total / load.elapsed:.0f} req/s",
            "reported",
            None,
            f"{total:,} requests in {load.elapsed:.0f} s; {people}, 0.5–1.5 s think time",
        )
    )
