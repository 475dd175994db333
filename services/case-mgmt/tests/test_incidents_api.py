"""Incidents over HTTP: deadlines in the county's office calendar, the flash report, overdue, the half-year report."""

import csv
import io

import pytest


async def events_of(client, auth, kind: str) -> list[dict]:
    feed = (await client.get("/v1/events?after=0&limit=500", headers=auth("system", county=None))).json()["items"]
    return [e["data"] for e in feed if e["type"] == kind]


@pytest.mark.now("2026-11-27T10:00:00+08:00")
async def test_media_reported_on_a_thursday_and_a_typhoon_closure(client, auth, open_case, worker, supervisor):
    case = await open_case(intake_date="2026-10-01")
    r = await client.post(
        f"/v1/cases/{case['id']}/incidents",
        json={"kind": "media_reported", "occurred_on": "2026-11-26"},
        headers=worker,
    )
    assert r.status_code == 201, r.text
    inc = r.json()
    assert r.headers["location"] == f"/v1/incidents/{inc['id']}"
    assert inc["kind"] == "media_reported" and inc["flash_report_due"] == "2026-12-01"
    assert inc["conference_due"] == "2026-12-10"
    assert inc["flash_report_filed_on"] is None and inc["conference_held_on"] is None and inc["overdue"] is False
    recorded = await events_of(client, auth, "incident.recorded")
    assert recorded == [
        {
            "incident_id": inc["id"],
            "case_id": case["id"],
            "county": "TW-MIA",
            "kind": "media_reported",
            "occurred_on": "2026-11-26",
            "flash_report_due": "2026-12-01",
            "conference_due": "2026-12-10",
        }
    ]
    # the county closes its offices on Monday 30 November for a typhoon: the deadline moves a working day
    admin = auth("county_admin", county="TW-MIA", sub="adm-1")
    closure = {"date": "2026-11-30", "reason": "颱風停止上班"}
    assert (await client.post("/v1/calendar/closures", json=closure, headers=admin)).status_code == 201
    moved = (await client.get(f"/v1/incidents/{inc['id']}", headers=worker)).json()
    assert moved["flash_report_due"] == "2026-12-02" and moved["conference_due"] == "2026-12-10"
    # another county's closure moves nothing here
    other = auth("county_admin", county="TW-HSQ")
    await client.post("/v1/calendar/closures", json={"date": "2026-12-01", "reason": "颱風"}, headers=other)
    assert (await client.get(f"/v1/incidents/{inc['id']}", headers=worker)).json()["flash_report_due"] == "2026-12-02"

    keyed = {**worker, "Idempotency-Key": "flash-1"}
    r = await client.post(f"/v1/incidents/{inc['id']}/flash-report", json={"reference": "速報-115-031"}, headers=keyed)
    assert r.status_code == 200, r.text
    retry = await client.post(
        f"/v1/incidents/{inc['id']}/flash-report", json={"reference": "速報-115-031"}, headers=keyed
    )
    assert retry.status_code == 200 and retry.json() == r.json()  # a phone's retry gets the first answer
    assert r.json()["flash_report_filed_on"] == "2026-11-27" and r.json()["flash_report_reference"] == "速報-115-031"
    again = await client.post(f"/v1/incidents/{inc['id']}/flash-report", json={"reference": "x"}, headers=worker)
    assert again.status_code == 409
    filed = await events_of(client, auth, "incident.flash_report_filed")
    assert filed == [
        {
            "incident_id": inc["id"],
            "county": "TW-MIA",
            "kind": "media_reported",
            "filed_on": "2026-11-27",
            "on_time": True,
        }
    ]
    listed = (await client.get("/v1/incidents?status=open", headers=supervisor)).json()["items"]
    assert [i["id"] for i in listed] == [inc["id"]] and listed[0]["status"] == "open"
    assert (await client.get("/v1/incidents?status=closed", headers=supervisor)).json()["items"] == []


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_filicide_and_group_suicide(client, open_case, worker):
    case = await open_case(kinds=["suicide_attempt"], intake_date="2026-10-01")
    url = f"/v1/cases/{case['id']}/incidents"
    two = await client.post(
        url, json={"kind": "group_suicide", "occurred_on": "2026-11-28", "persons": 2}, headers=worker
    )
    assert two.status_code == 422 and two.json()["code"] == "group_suicide_needs_three"
    none = await client.post(url, json={"kind": "group_suicide", "occurred_on": "2026-11-28"}, headers=worker)
    assert none.status_code == 422
    group = await client.post(
        url, json={"kind": "group_suicide", "occurred_on": "2026-11-28", "persons": 3}, headers=worker
    )
    assert group.status_code == 201, group.text
    assert group.json()["flash_report_due"] == "2026-11-30" and group.json()["conference_due"] == "2026-12-28"
    fil = (
        await client.post(url, json={"kind": "filicide_suicide", "occurred_on": "2026-10-31"}, headers=worker)
    ).json()
    assert fil["flash_report_due"] == "2026-11-30" and fil["conference_due"] == "2026-11-30"
    future = await client.post(url, json={"kind": "media_reported", "occurred_on": "2026-12-01"}, headers=worker)
    assert future.status_code == 422 and future.json()["code"] == "occurred_in_future"
    bad = await client.post(url, json={"kind": "hearsay", "occurred_on": "2026-11-01"}, headers=worker)
    assert bad.status_code == 422


@pytest.mark.now("2027-02-16T10:00:00+08:00")
async def test_overdue_across_the_lunar_new_year(client, auth, open_case, worker, supervisor):
    case = await open_case(intake_date="2027-01-04")
    url = f"/v1/cases/{case['id']}/incidents"
    late = (await client.post(url, json={"kind": "media_reported", "occurred_on": "2027-02-03"}, headers=worker)).json()
    assert late["flash_report_due"] == "2027-02-15" and late["conference_due"] == "2027-02-17"
    assert late["flash_report_overdue"] is True and late["conference_overdue"] is False and late["overdue"] is True
    fresh = (
        await client.post(url, json={"kind": "media_reported", "occurred_on": "2027-02-12"}, headers=worker)
    ).json()
    assert fresh["flash_report_due"] == "2027-02-17" and fresh["overdue"] is False
    overdue = (await client.get("/v1/incidents?status=overdue", headers=supervisor)).json()["items"]
    assert [i["id"] for i in overdue] == [late["id"]]
    # filed late: no longer overdue, and the event says it was not on time
    r = await client.post(
        f"/v1/incidents/{late['id']}/flash-report", json={"reference": "速報-116-002"}, headers=worker
    )
    assert r.json()["flash_report_overdue"] is False
    assert (await events_of(client, auth, "incident.flash_report_filed"))[0]["on_time"] is False
    assert (await client.get("/v1/incidents?status=overdue", headers=supervisor)).json()["items"] == []
    page1 = (await client.get("/v1/incidents?limit=1", headers=supervisor)).json()
    page2 = (await client.get(f"/v1/incidents?limit=1&cursor={page1['next_cursor']}", headers=supervisor)).json()
    assert [i["id"] for i in page1["items"] + page2["items"]] == [fresh["id"], late["id"]]
    assert page2["next_cursor"] is None


async def test_incident_jurisdiction_and_roles(client, auth, open_case, worker, supervisor, h):
    case = await open_case()
    today = h.days_ago(0).isoformat()
    inc = (
        await client.post(
            f"/v1/cases/{case['id']}/incidents", json={"kind": "media_reported", "occurred_on": today}, headers=worker
        )
    ).json()
    stranger = auth("case_worker", county="TW-HSQ", district="竹北市")
    assert (await client.get(f"/v1/incidents/{inc['id']}", headers=stranger)).status_code == 404
    assert (
        await client.post(f"/v1/incidents/{inc['id']}/flash-report", json={"reference": "x"}, headers=stranger)
    ).status_code == 404
    assert (
        await client.post(
            f"/v1/cases/{case['id']}/incidents", json={"kind": "media_reported", "occurred_on": today}, headers=stranger
        )
    ).status_code == 404
    assert (await client.get("/v1/incidents", headers=worker)).status_code == 403
    other_sup = auth("supervisor", county="TW-HSQ")
    assert (await client.get("/v1/incidents?county=TW-MIA", headers=other_sup)).json()["items"] == []
    admin = auth("county_admin", county="TW-MIA")
    assert (
        await client.post(
            f"/v1/cases/{case['id']}/incidents", json={"kind": "media_reported", "occurred_on": today}, headers=admin
        )
    ).status_code == 403
    assert (await client.get("/v1/incidents/nope", headers=worker)).status_code == 404


@pytest.mark.now("2026-12-31T23:40:00+08:00")
async def test_half_year_report_and_csv(client, auth, open_case, worker, supervisor):
    case = await open_case(intake_date="2026-01-05")
    url = f"/v1/cases/{case['id']}/incidents"

    async def record(kind: str, occurred: str, **extra) -> dict:
        r = await client.post(url, json={"kind": kind, "occurred_on": occurred, **extra}, headers=worker)
        assert r.status_code == 201, r.text
        return r.json()

    in_time = await record("media_reported", "2026-11-26")  # due 2026-12-01
    too_late = await record("media_reported", "2026-07-02")  # Thursday: due Tue 2026-07-07
    await record("media_reported", "2026-12-30")  # nothing filed yet (due 2027-01-05)
    await record("filicide_suicide", "2026-08-01")
    await record("media_reported", "2026-05-01")  # first half: not in H2
    for inc, filed in ((in_time, "2026-11-27"), (too_late, "2026-07-10")):
        body = {"filed_on": filed, "reference": f"速報-{filed}"}
        assert (
            await client.post(f"/v1/incidents/{inc['id']}/flash-report", json=body, headers=worker)
        ).status_code == 200
    r = await client.get("/v1/incidents/report?county=TW-MIA&half=2026-H2", headers=supervisor)
    assert r.status_code == 200, r.text
    rep = r.json()
    media = rep["media_reported"]
    assert (media["incidents"], media["flash_reports_filed"], media["flash_reports_on_time"]) == (3, 2, 1)
    assert (media["flash_reports_late"], media["flash_reports_outstanding"], media["conferences_held"]) == (1, 1, 0)
    assert {k["kind"]: k["incidents"] for k in rep["by_kind"]} == {
        "media_reported": 3,
        "filicide_suicide": 1,
        "group_suicide": 0,
    }
    assert [row["occurred_on"] for row in rep["rows"]] == ["2026-07-02", "2026-08-01", "2026-11-26", "2026-12-30"]
    assert rep["rows"][0]["flash_report_on_time"] is False and rep["rows"][0]["flash_report_due"] == "2026-07-07"
    f = await client.get("/v1/incidents/report?county=TW-MIA&half=2026-H2&format=csv", headers=supervisor)
    assert f.status_code == 200 and f.headers["content-type"].startswith("text/csv")
    assert f.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(f.content.decode("utf-8-sig"))))
    header = next(row for row in rows if row and row[0] == "事件編號")
    assert "事件發生日(民國)" in header and "速報單如期" in header
    first = rows[rows.index(header) + 1]
    assert first[2] == "媒體報導" and first[3:5] == ["115/07/02", "2026-07-02"] and "否" in first
    assert any(row and row[0] == "殺子後自殺" and row[1] == "1" for row in rows)
    other = auth("supervisor", county="TW-HSQ")
    assert (await client.get("/v1/incidents/report?county=TW-MIA&half=2026-H2", headers=other)).status_code == 404
    ministry = auth("ministry", county=None)
    assert (await client.get("/v1/incidents/report?county=TW-MIA&half=2026-H2", headers=ministry)).status_code == 200
    assert (await client.get("/v1/incidents/report?county=TW-MIA&half=2026-H3", headers=supervisor)).status_code == 422


@pytest.mark.now("2026-12-03T10:00:00+08:00")
async def test_open_incident_deadlines_are_on_the_worklist_overdue_flagged(client, auth, open_case, worker):
    case = await open_case(intake_date="2026-10-01")
    elsewhere = await open_case(
        intake_date="2026-10-01", district="竹南鎮", headers=auth("case_worker", county="TW-MIA", district="竹南鎮")
    )
    supervisor = auth("supervisor", county="TW-MIA")
    body = {"kind": "media_reported", "occurred_on": "2026-11-26"}  # flash report due Tue 1 Dec: overdue on 3 Dec
    mine = (await client.post(f"/v1/cases/{case['id']}/incidents", json=body, headers=worker)).json()
    other = (await client.post(f"/v1/cases/{elsewhere['id']}/incidents", json=body, headers=supervisor)).json()
    listed = (await client.get("/v1/worklist", headers=worker)).json()["incidents"]
    assert [i["id"] for i in listed] == [mine["id"]]  # the other district's incident is not the worker's
    assert listed[0]["flash_report_overdue"] is True and listed[0]["conference_overdue"] is False
    county_wide = (await client.get("/v1/worklist", headers=supervisor)).json()["incidents"]
    assert {i["id"] for i in county_wide} == {mine["id"], other["id"]}
    filed = await client.post(
        f"/v1/incidents/{mine['id']}/flash-report",
        json={"filed_on": "2026-12-03", "reference": "速報-1"},
        headers=worker,
    )
    assert filed.status_code in (200, 201), filed.text
    after = (await client.get("/v1/worklist", headers=worker)).json()["incidents"]
    assert after[0]["flash_report_filed_on"] == "2026-12-03" and after[0]["overdue"] is False  # conference still due
