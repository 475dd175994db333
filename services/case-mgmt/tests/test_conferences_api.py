"""The monthly conference agenda's five sections, and recording a conference held."""

import pytest
from carenet_core import clock
from carenet_core.clock import month_of


# mid-month, so the 3×-not-met case's 7-day retry falls due inside the agenda's month
@pytest.mark.now("2026-11-12T10:00:00+08:00")
async def test_agenda_has_the_five_sections_with_their_facts(client, auth, worker, supervisor, open_case, add_visit, h):
    not_met = await open_case(intake_date=h.days_ago(30).isoformat())
    for d in (5, 4, 3):
        await add_visit(not_met["id"], when=h.at(h.days_ago(d)), outcome="not_met", method="face_to_face_home")
    household = await open_case(household={"caregiver_age": 72, "psychiatric_patients": 1})
    overdue = await open_case(intake_date=h.days_ago(20).isoformat())
    combined = await open_case(kinds=["psychiatric", "suicide_attempt"])
    refusing = await open_case()
    r = await client.patch(
        f"/v1/cases/{refusing['id']}", json={"refuses_service": True}, headers={**worker, "If-Match": '"1"'}
    )
    assert r.status_code == 200
    await open_case(
        headers=auth("case_worker", county="TW-HSQ", district="竹北市"),
        county="TW-HSQ",
        district="竹北市",
        household={"caregiver_age": 80},
    )
    month = month_of(clock.today())
    r = await client.get(f"/v1/conferences/agenda?county=TW-MIA&month={month}", headers=supervisor)
    assert r.status_code == 200, r.text
    agenda = r.json()

    def ids(section):
        return {c["case_id"] for c in agenda[section]}

    assert ids("not_met_3_plus") == {not_met["id"]}
    assert agenda["not_met_3_plus"][0]["facts"]["consecutive_not_met"] == 3
    assert ids("high_risk_household") == {household["id"]}
    assert agenda["high_risk_household"][0]["facts"]["why"] == ["caregiver_65_plus"]
    assert overdue["id"] in ids("due_and_overdue") and not_met["id"] in ids("due_and_overdue")
    assert ids("combined_issues") == {combined["id"]}
    assert ids("refusing_tier_1_2") == {refusing["id"]}
    assert agenda["high_risk_household"][0]["name"] == "王*明"


async def test_agenda_roles_and_jurisdiction(client, auth, worker, supervisor):
    month = month_of(clock.today())
    assert (await client.get(f"/v1/conferences/agenda?county=TW-MIA&month={month}", headers=worker)).status_code == 403
    assert (
        await client.get(f"/v1/conferences/agenda?county=TW-HSQ&month={month}", headers=supervisor)
    ).status_code == 404
    assert (
        await client.get("/v1/conferences/agenda?county=TW-MIA&month=2026-13", headers=supervisor)
    ).status_code == 422
    admin = auth("county_admin", county="TW-MIA")
    assert (await client.get(f"/v1/conferences/agenda?county=TW-MIA&month={month}", headers=admin)).status_code == 200


async def test_record_a_conference_held(client, auth, supervisor, worker):
    body = {
        "county": "TW-MIA",
        "month": month_of(clock.today()),
        "held_on": clock.today().isoformat(),
        "kind": "combined",
        "expert": "Dr. Lin",
    }
    r = await client.post("/v1/conferences", json=body, headers=supervisor)
    assert r.status_code == 201 and r.json()["kind"] == "combined"
    assert (await client.post("/v1/conferences", json=body, headers=worker)).status_code == 403
    other = {**body, "county": "TW-HSQ"}
    assert (await client.post("/v1/conferences", json=other, headers=supervisor)).status_code == 403
    wrong_month = {**body, "month": "2020-01"}
    r = await client.post("/v1/conferences", json=wrong_month, headers=supervisor)
    assert r.status_code == 422 and r.json()["code"] == "held_on_outside_month"
    assert (await client.post("/v1/conferences", json={**body, "kind": "party"}, headers=supervisor)).status_code == 422
    listed = (await client.get(f"/v1/conferences?year={clock.today().year}", headers=supervisor)).json()["items"]
    assert len(listed) == 1
