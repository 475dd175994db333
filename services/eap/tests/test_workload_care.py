"""Workload care (seed 002 四（四）8): aggregates per agency (suppressed < 5), the named list to its care team alone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from carenet_eap.workload.rules import Threshold, above_threshold, overtime_band


@pytest.mark.parametrize(
    ("hours", "docs", "threshold", "above"),
    [
        ("46", 0, Threshold(Decimal("46")), False),
        ("46.5", 0, Threshold(Decimal("46")), True),
        ("10", 900, Threshold(Decimal("46")), False),  # documents count only when the agency sets a limit
        ("10", 900, Threshold(Decimal("46"), documents=500), True),
        ("10", 500, Threshold(Decimal("46"), documents=500), False),
    ],
)
def test_above_threshold(hours, docs, threshold, above):
    assert above_threshold(Decimal(hours), docs, threshold) is above


@pytest.mark.parametrize(
    ("hours", "band"),
    [("0", "under_20h"), ("19.9", "under_20h"), ("20", "20_to_46h"), ("46", "20_to_46h"), ("46.1", "over_46h")],
)
def test_bands(hours, band):
    assert overtime_band(Decimal(hours)) == band


def figures(agency: str, rows: list[tuple[str, str, int]], month: str = "2026-10") -> dict:
    return {
        "month": month,
        "agency": agency,
        "items": [{"employee_sub": s, "overtime_hours": h, "documents": d} for s, h, d in rows],
    }


A_ROWS = [
    ("a1", "60", 100),
    ("a2", "52.5", 100),
    ("a3", "47", 100),
    ("a4", "30", 100),
    ("a5", "25", 100),
    ("a6", "21", 100),
    ("a7", "22", 100),
    ("a8", "10", 100),
]


async def setup_agencies(client, auth) -> None:
    hr = auth("system", sub="hr-system")
    r = await client.post("/v1/workload-figures", headers=hr, json=figures("工務局", A_ROWS))
    assert r.status_code == 202 and r.json() == {"accepted": True}
    # a resend of the same month replaces, never doubles
    assert (await client.post("/v1/workload-figures", headers=hr, json=figures("工務局", A_ROWS))).status_code == 202
    await client.post("/v1/workload-figures", headers=hr, json=figures("社會局", [("b1", "80", 10), ("b2", "5", 10)]))
    admin = auth("eap_admin")
    await client.put("/v1/care-teams/工務局/members", headers=admin, json={"member_subs": ["care-a"]})
    await client.put("/v1/care-teams/社會局/members", headers=admin, json={"member_subs": ["care-b"]})


async def test_the_care_team_of_the_agency_alone_sees_its_people_above_threshold(client, auth):
    await setup_agencies(client, auth)
    url, month = "/v1/workload/工務局/care-list", {"month": "2026-10"}
    r = await client.get(url, params=month, headers=auth("employee", sub="care-a"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert [i["employee_sub"] for i in body["items"]] == ["a1", "a2", "a3"]
    assert body["threshold"]["source"] == "setting" and Decimal(body["threshold"]["overtime_hours"]) == 46
    # another agency's care team, a plain employee, eap_admin, HR: nobody else
    assert (await client.get(url, params=month, headers=auth("employee", sub="care-b"))).status_code == 404
    assert (await client.get(url, params=month, headers=auth("employee", sub="a1"))).status_code == 404
    assert (await client.get(url, params=month, headers=auth("eap_admin"))).status_code == 403
    assert (await client.get(url, params=month, headers=auth("system"))).status_code == 403
    # the agency lowers its threshold: the list grows
    r = await client.put("/v1/workload-thresholds/工務局", headers=auth("eap_admin"), json={"overtime_hours": "24"})
    assert r.status_code == 200 and r.json()["source"] == "agency"
    r = await client.get(url, params=month, headers=auth("employee", sub="care-a"))
    assert [i["employee_sub"] for i in r.json()["items"]] == ["a1", "a2", "a3", "a4", "a5"]


async def test_agency_aggregates_suppress_every_cell_under_five(client, auth):
    await setup_agencies(client, auth)
    r = await client.get("/v1/workload/工務局/summary", params={"month": "2026-10"}, headers=auth("eap_admin"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["people"] == 8 and Decimal(body["average_overtime_hours"]) == Decimal("33.4")
    bands = {b["band"]: b for b in body["bands"]}
    # 1 under 20 h, 4 between, 3 over 46 h: every band is under 5, so all are withheld
    assert all(b["suppressed"] and b["count"] is None for b in bands.values())
    assert body["above_threshold"] is None  # 3 < 5
    # the care team of the agency sees the same aggregates; another team does not
    same = await client.get(
        "/v1/workload/工務局/summary", params={"month": "2026-10"}, headers=auth("employee", sub="care-a")
    )
    assert same.json() == body
    other = await client.get(
        "/v1/workload/工務局/summary", params={"month": "2026-10"}, headers=auth("employee", sub="care-b")
    )
    assert other.status_code == 404
    small = await client.get("/v1/workload/社會局/summary", params={"month": "2026-10"}, headers=auth("eap_admin"))
    assert small.json()["people"] is None and small.json()["average_overtime_hours"] is None
    assert "b1" not in small.text and "a1" not in r.text


async def test_only_the_hr_system_sends_figures(client, auth):
    for who in (auth("eap_admin"), auth("employee")):
        assert (await client.post("/v1/workload-figures", headers=who, json=figures("x", A_ROWS))).status_code == 403
    bad = figures("x", A_ROWS, month="2026-13")
    assert (await client.post("/v1/workload-figures", headers=auth("system"), json=bad)).status_code == 422
    neg = figures("x", [("a", "-1", 0)])
    assert (await client.post("/v1/workload-figures", headers=auth("system"), json=neg)).status_code == 422
