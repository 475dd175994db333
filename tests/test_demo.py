"""`make demo` fills the screens: after the loader, the worklist, the scorecard and a sampling have data."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx
from carenet_core import clock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from demo import Demo, role_tokens

COUNTY = "TW-ILA"  # apart from the other cross-service tests' counties


def test_the_demo_county_fills_the_worklist_the_scorecard_and_a_sampling(stack, gw, login):
    with httpx.Client(base_url=stack.gateway_url, timeout=60) as client:
        summary = Demo(client, COUNTY).load()
        tokens = role_tokens(client, COUNTY)
    assert summary["cases"] >= 30 and set(tokens) >= {"case_worker", "supervisor", "auditor", "ministry"}

    worker = login("case_worker", county=COUNTY, district="宜蘭市", sub="demo-check")
    work = gw.get("/case-mgmt/v1/worklist", params={"days": 14}, headers=worker).json()["items"]
    assert any(i["days_overdue"] > 0 for i in work), "the demo has overdue cases"
    reasons = {r for i in work for r in i.get("reasons", [])}
    assert len(reasons) >= 2, reasons
    incidents = gw.get(
        "/case-mgmt/v1/worklist", headers=login("supervisor", county=COUNTY, sub="demo-sup-check")
    ).json()
    assert any(i["flash_report_overdue"] for i in incidents["incidents"]), incidents["incidents"]
    near = gw.get("/resources/v1/resources", params={"county": COUNTY}).json()["items"]
    assert len(near) == 3

    auditor = login("auditor", county=COUNTY, sub="demo-aud")
    sampling = gw.get(f"/household-audit/v1/samplings/{summary['sampling']}", headers=auditor).json()
    assert sum(u["sample_size"] for u in sampling["units"]) >= 30

    admin = login("county_admin", county=COUNTY, sub="demo-adm")
    deadline = time.monotonic() + 60
    while True:  # the scorecard follows case-mgmt's feed: give it the moments it needs
        card = gw.get(
            f"/indicators/v1/scorecards/{COUNTY}", params={"period": str(clock.today().year)}, headers=admin
        ).json()
        # case-mgmt's items only (workforce's account_review_half_yearly has a denominator from the calendar)
        numbers = [i for i in card["items"] if i["source"] == "case_mgmt" and (i.get("denominator") or 0) > 0]
        if len(numbers) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert len(numbers) >= 2, card
