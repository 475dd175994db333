"""Discharge plans: link or pending intake, the 14-day rules, first-visit marking."""

from datetime import timedelta

from carenet_core import clock


def plan(h, national_id, discharged_days_ago=3, **over):
    return {
        "national_id": national_id,
        "name": "陳美麗",
        "hospital": "為恭紀念醫院",
        "discharged_at": h.days_ago(discharged_days_ago).isoformat(),
        "compulsory": False,
        "needs_follow_up": True,
        "summary": "stable",
        **over,
    }


async def test_plan_links_to_the_open_case(client, auth, open_case, h):
    case = await open_case()
    hospital = auth("hospital", county="TW-MIA", sub="hosp-1")
    r = await client.post("/v1/discharge-plans", json=plan(h, case["national_id"]), headers=hospital)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["case_id"] == case["id"] and body["status"] == "linked"
    assert body["uploaded_within_14_days"] is True
    assert body["upload_date"] == clock.today().isoformat()
    assert body["first_visit_due"] == (clock.today() + timedelta(days=14)).isoformat()
    assert body["national_id"].count("*") == 4


async def test_late_upload_is_flagged(client, auth, h):
    r = await client.post(
        "/v1/discharge-plans",
        json=plan(h, h.new_national_id(), discharged_days_ago=15),
        headers=auth("hospital", county="TW-MIA"),
    )
    assert r.status_code == 201 and r.json()["uploaded_within_14_days"] is False
    r = await client.post(
        "/v1/discharge-plans",
        json=plan(h, h.new_national_id(), discharged_days_ago=14),
        headers=auth("hospital", county="TW-MIA"),
    )
    assert r.json()["uploaded_within_14_days"] is True


async def test_pending_intake_gets_linked_when_the_case_opens(client, auth, worker, supervisor, h):
    nid = h.new_national_id()
    r = await client.post("/v1/discharge-plans", json=plan(h, nid), headers=auth("hospital", county="TW-MIA"))
    assert r.json()["status"] == "pending_intake" and r.json()["case_id"] is None
    pending = (await client.get("/v1/discharge-plans?status=pending_intake", headers=supervisor)).json()["items"]
    assert [p["id"] for p in pending] == [r.json()["id"]]
    case = (await client.post("/v1/cases", json=h.intake_body(national_id=nid), headers=worker)).json()
    got = (await client.get(f"/v1/discharge-plans/{r.json()['id']}", headers=supervisor)).json()
    assert got["status"] == "linked" and got["case_id"] == case["id"]


async def test_first_visit_within_14_days_is_marked_on_the_plan(client, auth, open_case, add_visit, supervisor, h):
    case = await open_case(intake_date=h.days_ago(3).isoformat())
    r = await client.post(
        "/v1/discharge-plans", json=plan(h, case["national_id"]), headers=auth("case_worker", county="TW-MIA")
    )
    assert r.status_code == 201
    await add_visit(case["id"], when=h.at(clock.today()), outcome="not_met")  # not an assessment
    got = (await client.get(f"/v1/discharge-plans/{r.json()['id']}", headers=supervisor)).json()
    assert got["first_visit_id"] is None
    visit = await add_visit(case["id"], when=h.at(clock.today(), 15), outcome="met")
    got = (await client.get(f"/v1/discharge-plans/{r.json()['id']}", headers=supervisor)).json()
    assert got["first_visit_id"] == visit["id"] and got["first_visit_within_14_days"] is True


async def test_plan_validation_and_roles(client, auth, supervisor, h):
    hospital = auth("hospital", county="TW-MIA")
    bad = await client.post("/v1/discharge-plans", json=plan(h, "A123456788"), headers=hospital)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_national_id"
    future = plan(h, h.new_national_id(), discharged_days_ago=-2)
    assert (await client.post("/v1/discharge-plans", json=future, headers=hospital)).status_code == 422
    assert (
        await client.post("/v1/discharge-plans", json=plan(h, h.new_national_id()), headers=supervisor)
    ).status_code == 403
