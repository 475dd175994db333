"""API fuzzing with schemathesis against the gateway's merged OpenAPI, with tokens of several roles:
no 5xx, every error problem+json, every response matching its schema. Bounded here (part of
`make test`); `make fuzz` runs the same for longer."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROLES = [
    ("case_worker", {"county": "TW-MIA", "district": "頭份市"}),
    ("supervisor", {"county": "TW-MIA"}),
    ("county_admin", {"county": "TW-MIA"}),
    ("hospital", {"county": "TW-MIA", "unit": "H-001"}),
    ("auditor", {"county": "TW-MIA"}),
    ("employee", {"county": "TW-TPE", "agency": "A-01"}),
    ("eap_admin", {"county": "TW-TPE"}),
    ("ministry", {"county": None}),
    ("system", {"county": None}),
]
SECONDS = int(os.environ.get("CARENET_FUZZ_SECONDS", "15"))
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


@pytest.mark.parametrize("role, claims", ROLES, ids=[r for r, _ in ROLES])
def test_fuzz_every_operation_as(role, claims, stack, login, tmp_path):
    headers = login(role, sub=f"fuzz-{role}", **claims)
    st = Path(sys.executable).parent / "st"
    cmd = [
        str(st),
        "run",
        f"{stack.gateway_url}/openapi.json",
        "--checks",
        CHECKS,
        "--header",
        f"Authorization: {headers['Authorization']}",
        "--max-time",
        str(SECONDS),
        "--workers",
        "1",
        "--phases",
        "examples,coverage,fuzzing",
        "--generation-deterministic",
        "--suppress-health-check",
        "all",
        "--exclude-path-regex",
        "^/auth/dev-token$",
        "--max-failures",
        "20",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=SECONDS * 6 + 120)
    assert proc.returncode == 0, f"schemathesis found problems as {role}:\n{_findings(tmp_path, proc)}"


def _findings(report_dir: Path, proc: subprocess.CompletedProcess) -> str:
    """The failing operations from the JUnit report (the console summary buries them)."""
    out = []
    for xml in report_dir.glob("*.xml"):
        for case in ET.parse(xml).getroot().iter("testcase"):
            for bad in [*case.iter("failure"), *case.iter("error")]:
                out.append(f"--- {case.get('name')}\n{(bad.text or bad.get('message') or '')[:1500]}")
    return "\n".join(out) or "\n".join((proc.stdout + proc.stderr).splitlines()[-60:])
