"""`make test`: each suite in its own pytest process (each service imports only its own models), then
one closing line with the totals. Exits non-zero if any suite failed."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITES = [
    "libs/carenet_core/tests",
    "gateway/tests",
    "services/case-mgmt/tests",
    "services/indicators/tests",
    "services/eap/tests",
    "services/household-audit/tests",
    "tests",
]


def main(argv: list[str]) -> int:
    results = ROOT / "var" / "test-results"
    results.mkdir(parents=True, exist_ok=True)
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    failed_suites = []
    for suite in SUITES:
        if not (ROOT / suite).exists():
            continue
        xml = results / (suite.replace("/", "_") + ".xml")
        xml.unlink(missing_ok=True)
        print(f"\n=== {suite}", flush=True)
        rc = subprocess.call([sys.executable, "-m", "pytest", suite, "-q", f"--junitxml={xml}", *argv], cwd=ROOT)
        if rc not in (0, 5):  # 5: no tests collected in this suite
            failed_suites.append(suite)
        if xml.exists():
            for ts in ET.parse(xml).getroot().iter("testsuite"):
                tests, fails = int(ts.get("tests", 0)), int(ts.get("failures", 0)) + int(ts.get("errors", 0))
                skipped = int(ts.get("skipped", 0))
                totals["passed"] += tests - fails - skipped
                totals["failed"] += fails
                totals["skipped"] += skipped
    if failed_suites:
        print(f"\nsuites with failures: {', '.join(failed_suites)}")
        totals["failed"] = max(totals["failed"], 1)
    print(f"\n{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return 1 if failed_suites else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
