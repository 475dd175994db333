"""`make bench`: every benchmark, a table on screen and bench/RESULTS.md.

python bench/run.py --quick        data scaled down 100× (a few minutes)
python bench/run.py                full size
python bench/run.py --only gateway_overhead
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Figure, Report

BENCHMARKS = [
    "physical_limit",
    "gateway_overhead",
    "sampling_scale",
    "ingest",
    "scorecard",
    "worklist",
    "booking_contention",
    "feed_catchup",
    "partition_purge",
    "load_mix",
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", action="append")
    args = ap.parse_args()
    report = Report(quick=args.quick)
    for name in args.only or BENCHMARKS:
        path = Path(__file__).parent / f"{name}.py"
        if not path.exists():
            report.add(Figure(name, "not written yet", "—", None))
            continue
        print(f"\n== {name}", flush=True)
        started = time.monotonic()
        try:
            importlib.import_module(name).run(report, args.quick)
        except Exception as exc:
            traceback.print_exc()
            report.add(Figure(name, " ".join(f"error: {type(exc).__name__}: {exc}".split())[:200], "—", False))
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    out = Path(__file__).parent / "RESULTS.md"
    out.write_text(report.markdown(), encoding="utf-8")
    print("\n" + report.markdown())
    print(f"written: {out}")
    return 0 if all(f.passed is not False for f in report.figures) else 1


if __name__ == "__main__":
    sys.exit(main())
