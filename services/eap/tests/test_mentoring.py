"""New-staff mentoring (seed 004: 資深職場導師與新進同仁每月一對一進行晤談)."""

from __future__ import annotations

from datetime import date

import pytest
from carenet_eap.mentoring.rules import mentoring_months, talk_month


def test_mentoring_months_run_from_the_hire_month():
    assert mentoring_months(date(2026, 11, 30), 3) == ["2026-11", "2026-12", "2027-01"]
    assert mentoring_months(date(2028, 1, 31), 2) == ["2028-01", "2028-02"]


@pytest.mark.parametrize(
    ("held_on", "month"),
    [
        (date(2026, 9, 14), None),
        (date(2026, 9, 15), "2026-09"),
        (date(2026, 11, 30), "2026-11"),
        (date(2026, 12, 1), None),
    ],
)
def test_a_talk_counts_for_its_month_inside_the_period(held_on, month):
    assert talk_month(held_on, date(2026, 9, 15), 3) == month


@pytest.mark.now("2026-11-12T10:00:00+08:00")
async def test_the_mentor_logs_one_talk_a_month_and_eap_admin_sees_missing_months(client, auth):
    admin = auth("eap_admin")
    ns = (
        await client.post(
            "/v1/new-staff",
            headers=admin,
            json={"employee_ref": "emp-new", "hire_date": "2026-09-15", "agency": "社會局"},
        )
    ).json()
    r = await client.post(
        "/v1/mentorships", headers=admin, json={"new_staff_id": ns["id"], "mentor_sub": "senior-1", "months": 3}
    )
    assert r.status_code == 201, r.text
    m = r.json()
    assert m["code_name"] == ns["code_name"] and [x["month"] for x in m["months"]] == ["2026-09", "2026-10", "2026-11"]
    assert "emp-new" not in r.text
    again = await client.post(
        "/v1/mentorships", headers=admin, json={"new_staff_id": ns["id"], "mentor_sub": "senior-2"}
    )
    assert again.status_code == 409

    mentor = auth("employee", sub="senior-1")
    url = f"/v1/mentorships/{m['id']}/talks"
    assert (await client.post(url, headers=mentor, json={"held_on": "2026-10-05"})).status_code == 201
    assert (await client.post(url, headers=mentor, json={"held_on": "2026-10-20"})).status_code == 409
    assert (await client.post(url, headers=mentor, json={"held_on": "2026-11-20"})).status_code == 422  # ahead of today
    assert (await client.post(url, headers=mentor, json={"held_on": "2026-09-01"})).status_code == 422  # before hire
    assert (
        await client.post(url, headers=auth("employee", sub="senior-2"), json={"held_on": "2026-11-01"})
    ).status_code == 404

    missing = lambda month: client.get("/v1/mentorships/missing", params={"month": month}, headers=admin)  # noqa: E731
    assert [x["code_name"] for x in (await missing("2026-11")).json()["items"]] == [ns["code_name"]]
    assert (await missing("2026-10")).json()["items"] == []
    assert (await missing("2026-12")).json()["items"] == []  # past the mentorship
    [mine] = (await client.get("/v1/mentorships/mine", headers=mentor)).json()
    assert {x["month"]: x["held_on"] for x in mine["months"]} == {
        "2026-09": None,
        "2026-10": "2026-10-05",
        "2026-11": None,
    }
    assert (await client.get("/v1/mentorships/missing", params={"month": "2026-11"}, headers=mentor)).status_code == 403
