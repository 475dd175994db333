"""`make test`: each suite in its own pytest process (each service imports only its own models), then
the date-sensitive suites again with the clock started at each hard day, then one closing line with
the totals. Exits non-zero if any suite failed.

The hard days are instants in Asia/Taipei where a calendar bug shows: the last minutes of a month,
a quarter and a year (still the same day in UTC), the first Taipei hours of a year (still the
previous day in UTC), 29 February, the Lunar New Year holidays and the last evening of a half-year.
`--no-hard-days` skips them (a quick local run); CI always runs them. `make lint` runs first.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITES = [
    "libs/carenet_core/tests",
    "gateway/tests",
    "services/case-mgmt/tests",
    "services/indicators/tests",
    "services/eap/tests",
    "services/household-audit/tests",
    "services/workforce/tests",
    "services/resources/tests",
    "console/tests",
    "tests",
]
# Suites whose rules ask "today": they run again at every hard day.
DATE_SENSITIVE = [
    "libs/carenet_core/tests",
    "services/case-mgmt/tests",
    "services/indicators/tests",
    "services/eap/tests",
    "services/household-audit/tests",
    "services/workforce/tests",
    "services/resources/tests",
    "console/tests",
]
HARD_DAY_WORKERS = 2  # each run has its own database; two at a time keep both cores busy
_print_lock = threading.Lock()
HARD_DAYS = {
    "last day of a month (Taipei 23:40)": "2026-11-30T23:40:00+08:00",
    "last day of a quarter and a year (Taipei 23:40)": "2026-12-31T23:40:00+08:00",
    "first Taipei morning of a year, UTC still the old year": "2027-01-01T07:30:00+08:00",
    "Lunar New Year holidays 2027": "2027-02-08T10:00:00+08:00",
    "last evening of a half-year": "2027-06-30T23:30:00+08:00",
    "29 February 2028": "2028-02-29T12:00:00+08:00",
}


def run_suite(
    suite: str, argv: list[str], totals: dict[str, int], *, now: str | None = None, quiet: bool = False
) -> bool:
    """One pytest process; adds its counts to `totals`; True when it passed."""
    results = ROOT / "var" / "test-results"
    results.mkdir(parents=True, exist_ok=True)
    xml = results / (suite.replace("/", "_") + (f"@{now[:16].replace(':', '')}" if now else "") + ".xml")
    xml.unlink(missing_ok=True)
    env = (
        {**os.environ, "CARENET_TEST_NOW": now}
        if now
        else {k: v for k, v in os.environ.items() if k != "CARENET_TEST_NOW"}
    )
    cmd = [sys.executable, "-m", "pytest", suite, "-q", f"--junitxml={xml}", *argv]
    if quiet:  # run beside others: its output is printed whole when it ends, not interleaved
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        rc = proc.returncode
        tail = proc.stdout.splitlines()[-1:] if rc in (0, 5) else (proc.stdout + proc.stderr).splitlines()
        with _print_lock:
            print(f"\n=== {suite} with the clock at {now}", *tail, sep="\n", flush=True)
    else:
        rc = subprocess.call(cmd, cwd=ROOT, env=env)
    if xml.exists():
        for ts in ET.parse(xml).getroot().iter("testsuite"):
            tests, fails = int(ts.get("tests", 0)), int(ts.get("failures", 0)) + int(ts.get("errors", 0))
            skipped = int(ts.get("skipped", 0))
            with _print_lock:
                totals["passed"] += tests - fails - skipped
                totals["failed"] += fails
                totals["skipped"] += skipped
    return rc in (0, 5)  # 5: no tests collected in this suite


def lint(totals: dict[str, int]) -> bool:
    """`make lint` as the first suite: ruff (rules and format) and mypy on every package, strict."""
    print("\n=== lint (make lint)", flush=True)
    ok = subprocess.call(["make", "--no-print-directory", "lint"], cwd=ROOT) == 0
    totals["passed" if ok else "failed"] += 1
    return ok


def main(argv: list[str]) -> int:
    hard_days = "--no-hard-days" not in argv or bool(os.environ.get("CI"))
    argv = [a for a in argv if a != "--no-hard-days"]
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    failed_suites = [] if lint(totals) else ["lint"]
    for suite in SUITES:
        if not (ROOT / suite).exists():
            continue
        print(f"\n=== {suite}", flush=True)
        if not run_suite(suite, argv, totals):
            failed_suites.append(suite)
    if hard_days:
        print("\n=== the date-sensitive suites again at the hard days (two at a time):", flush=True)
        for name, now in HARD_DAYS.items():
            print(f"    {now}  {name}", flush=True)
        runs = [(s, now) for now in HARD_DAYS.values() for s in DATE_SENSITIVE if (ROOT / s).exists()]
        with ThreadPoolExecutor(max_workers=HARD_DAY_WORKERS) as pool:
            passed = list(pool.map(lambda r: run_suite(r[0], argv, totals, now=r[1], quiet=True), runs))
        failed_suites += [f"{s} @ {now}" for (s, now), ok in zip(runs, passed, strict=True) if not ok]
    if failed_suites:
        print(f"\nsuites with failures: {', '.join(failed_suites)}")
        totals["failed"] = max(totals["failed"], 1)
    print(f"\n{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return 1 if failed_suites else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
