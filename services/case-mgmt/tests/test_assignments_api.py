"""Assignment: every open case has a case worker, set at intake, changed by a supervisor with a reason and history;
caseloads per worker against the county's limit, and the supervisor ratio (seed 001: 每7位個管人員配置1名督導)."""

import pytest
from carenet_case_mgmt.caseloads.rules import over_limit, supervisors_required


@pytest.mark.parametrize(
    ("managers", "supervisors"), [(0, 0), (1, 1), (6, 1), (7, 1), (8, 2), (14, 2), (15, 3), (49, 7), (50, 8)]
)
def test_one_supervisor_per_seven_case_managers(managers, supervisors):
    assert supervisors_required(managers) == supervisors


@pytest.mark.parametrize(("open_cases", "limit", "over"), [(79, 80, False), (80, 80, False), (81, 80, True)])
def test_over_limit_is_strictly_more_than_the_limit(open_cases, limit, over):
    assert over_limit(open_cases, limit) is over


async def test_intake_by_a_case_worker_assigns_the_caller(client, worker, open_case, supervisor):
    case = await open_case()
    assert case["assigned_to"] == "cw-1"
    hist = (await client.get(f"/v1/cases/{case['id']}/assignments", headers=worker)).json()["items"]
    assert [(a["from_sub"], a["assigned_to"], a["reason"]) for a in hist] == [(None, "cw-1", "intake")]


async def test_a_case_worker_may_not_assign_someone_else_at_intake(client, worker, h):
    r = await client.post("/v1/cases", json=h.intake_body(assigned_to="cw-9"), headers=worker)
    assert r.status_code == 403 and r.json()["code"] == "assignment_not_allowed"


async def test_a_supervisor_gives_the_case_at_intake_or_leaves_it_unassigned(client, supervisor, h):
    given = await client.post("/v1/cases", json=h.intake_body(assigned_to="cw-2"), headers=supervisor)
    assert given.status_code == 201 and given.json()["assigned_to"] == "cw-2"
    left = await client.post("/v1/cases", json=h.intake_body(), headers=supervisor)
    assert left.status_code == 201 and left.json()["assigned_to"] is None


async def test_reassignment_keeps_history_and_needs_a_supervisor(client, worker, supervisor, open_case):
    case = await open_case()
    body = {"assigned_to": "cw-2", "reason": "caseload balance"}
    assert (await client.post(f"/v1/cases/{case['id']}/assignment", json=body, headers=worker)).status_code == 403
    r = await client.post(f"/v1/cases/{case['id']}/assignment", json=body, headers=supervisor)
    assert r.status_code == 201, r.text
    assert r.json()["from_sub"] == "cw-1" and r.json()["assigned_to"] == "cw-2" and r.json()["assigned_by"] == "sup-1"
    again = await client.post(f"/v1/cases/{case['id']}/assignment", json=body, headers=supervisor)
    assert again.status_code == 409 and again.json()["code"] == "already_assigned"
    got = (await client.get(f"/v1/cases/{case['id']}", headers=supervisor)).json()
    assert got["assigned_to"] == "cw-2" and got["version"] == case["version"] + 1
    hist = (await client.get(f"/v1/cases/{case['id']}/assignments", headers=supervisor)).json()["items"]
    assert [a["assigned_to"] for a in hist] == ["cw-1", "cw-2"]
    assert (
        await client.post(f"/v1/cases/{case['id']}/assignment", json={"assigned_to": "x"}, headers=supervisor)
    ).status_code == 422


async def test_reassigning_a_closed_case_is_409(client, supervisor, open_case):
    case = await open_case()
    await client.post(f"/v1/cases/{case['id']}/close", json={"reason": "moved abroad"}, headers=supervisor)
    r = await client.post(
        f"/v1/cases/{case['id']}/assignment", json={"assigned_to": "cw-2", "reason": "x"}, headers=supervisor
    )
    assert r.status_code == 409 and r.json()["code"] == "case_closed"


async def test_reassignment_outside_the_county_is_404(client, auth, open_case):
    case = await open_case()
    other = auth("supervisor", county="TW-TPE", sub="sup-t")
    r = await client.post(f"/v1/cases/{case['id']}/assignment", json={"assigned_to": "a", "reason": "x"}, headers=other)
    assert r.status_code == 404


async def test_worklist_mine_lists_only_the_callers_cases(client, auth, worker, supervisor, open_case, h):
    mine = await open_case(intake_date=h.days_ago(20).isoformat())  # overdue: on everyone's worklist
    colleague = auth("case_worker", county="TW-MIA", district="頭份市", sub="cw-2")
    theirs = await open_case(headers=colleague, intake_date=h.days_ago(20).isoformat())
    everyone = {i["case_id"] for i in (await client.get("/v1/worklist", headers=worker)).json()["items"]}
    assert {mine["id"], theirs["id"]} <= everyone
    own = {i["case_id"] for i in (await client.get("/v1/worklist?mine=true", headers=worker)).json()["items"]}
    assert own == {mine["id"]}
    await client.post(
        f"/v1/cases/{theirs['id']}/assignment", json={"assigned_to": "cw-1", "reason": "cover"}, headers=supervisor
    )
    own = {i["case_id"] for i in (await client.get("/v1/worklist?mine=true", headers=worker)).json()["items"]}
    assert own == {mine["id"], theirs["id"]}
    assert (await client.get("/v1/worklist?mine=true", headers=colleague)).json()["items"] == []


async def test_caseloads_per_worker_with_limit_overdue_and_supervisor_ratio(client, auth, supervisor, h):
    admin = auth("county_admin", county="TW-MIA", sub="adm-1")
    r = await client.put(
        "/v1/county-settings/TW-MIA",
        json={"caseload_limit": 2, "elderly_care_months": 6, "child_under_6_care_months": 6},
        headers=admin,
    )
    assert r.status_code == 200 and r.json()["source"] == "county"

    async def intake(**over):
        r = await client.post("/v1/cases", json=h.intake_body(**over), headers=supervisor)
        assert r.status_code == 201, r.text
        return r.json()

    # cw-1 holds 3 (over the limit of 2): two tier-1 psychiatric (one overdue), one suicide attempt
    await intake(assigned_to="cw-1", intake_date=h.days_ago(20).isoformat())
    await intake(assigned_to="cw-1")
    await intake(assigned_to="cw-1", kinds=["suicide_attempt"])
    # workers 2..8 hold one each: 8 case managers in all → 2 supervisors
    for n in range(2, 9):
        await intake(assigned_to=f"cw-{n}", district="竹南鎮")
    await intake()  # unassigned
    closed = await intake(assigned_to="cw-9")
    await client.post(f"/v1/cases/{closed['id']}/close", json={"reason": "x"}, headers=supervisor)

    body = (await client.get("/v1/caseloads?county=TW-MIA", headers=supervisor)).json()
    assert body["caseload_limit"] == 2 and body["limit_source"] == "county"
    loads = {i["assigned_to"]: i for i in body["items"]}
    assert set(loads) == {f"cw-{n}" for n in range(1, 9)}  # cw-9's only case is closed
    one = loads["cw-1"]
    assert one["open_cases"] == 3 and one["over_limit"] is True and one["overdue"] == 1
    assert one["by_tier"] == {"1": 3} and one["by_kind"] == {"psychiatric": 2, "suicide_attempt": 1}
    assert loads["cw-2"]["over_limit"] is False and loads["cw-2"]["overdue"] == 0
    assert body["unassigned"]["open_cases"] == 1 and body["unassigned"]["over_limit"] is False
    assert body["supervisor_ratio"]["case_managers"] == 8
    assert body["supervisor_ratio"]["supervisors_required"] == 2

    district = (await client.get("/v1/caseloads?county=TW-MIA&district=竹南鎮", headers=admin)).json()
    assert {i["assigned_to"] for i in district["items"]} == {f"cw-{n}" for n in range(2, 9)}
    assert district["supervisor_ratio"]["case_managers"] == 8  # the ratio is county-wide


async def test_caseloads_roles_and_jurisdiction(client, auth, worker, supervisor):
    assert (await client.get("/v1/caseloads", headers=worker)).status_code == 403
    r = await client.get("/v1/caseloads?county=TW-TPE", headers=supervisor)
    assert r.status_code == 404
    fresh = (await client.get("/v1/caseloads", headers=supervisor)).json()
    assert fresh["county"] == "TW-MIA" and fresh["caseload_limit"] == 80 and fresh["limit_source"] == "default"


async def test_county_settings_only_by_the_own_county_admin(client, auth, supervisor):
    body = {"caseload_limit": 50, "elderly_care_months": 12, "child_under_6_care_months": 9}
    other = auth("county_admin", county="TW-TPE", sub="adm-t")
    assert (await client.put("/v1/county-settings/TW-MIA", json=body, headers=other)).status_code == 403
    assert (await client.put("/v1/county-settings/TW-MIA", json=body, headers=supervisor)).status_code == 403
    low = {**body, "elderly_care_months": 1}
    admin = auth("county_admin", county="TW-MIA", sub="adm-1")
    assert (await client.put("/v1/county-settings/TW-MIA", json=low, headers=admin)).status_code == 422
    assert (await client.put("/v1/county-settings/TW-MIA", json=body, headers=admin)).json()["version"] == 1
    got = (await client.get("/v1/county-settings/TW-MIA", headers=supervisor)).json()
    assert got["elderly_care_months"] == 12 and got["source"] == "county"


async def test_a_district_case_worker_reads_the_own_county_settings_only(client, auth, worker):
    """Regression: the county-wide settings were checked against the case worker's district, so every
    district-bound case worker got 404 for the own county although the role may read them."""
    got = await client.get("/v1/county-settings/TW-MIA", headers=worker)
    assert got.status_code == 200, got.text
    assert got.json()["county"] == "TW-MIA"
    other = auth("case_worker", county="TW-HSZ", district="東區", sub="cw-h")
    assert (await client.get("/v1/county-settings/TW-MIA", headers=other)).status_code == 404
    employee = auth("employee", county="TW-MIA", sub="emp-1")
    assert (await client.get("/v1/county-settings/TW-MIA", headers=employee)).status_code == 403


async def test_an_accepted_transfer_leaves_the_case_unassigned(client, auth, worker, supervisor, open_case):
    case = await open_case()
    t = await client.post(f"/v1/cases/{case['id']}/transfers", json={"to_county": "TW-TPE"}, headers=supervisor)
    assert t.status_code == 201, t.text
    receiver = auth("supervisor", county="TW-TPE", sub="sup-t")
    assert (await client.post(f"/v1/transfers/{t.json()['id']}/accept", headers=receiver)).status_code == 200
    got = (await client.get(f"/v1/cases/{case['id']}", headers=receiver)).json()
    assert got["assigned_to"] is None
    hist = (await client.get(f"/v1/cases/{case['id']}/assignments", headers=receiver)).json()["items"]
    assert hist[-1]["reason"] == "transfer accepted" and hist[-1]["from_sub"] == "cw-1"
