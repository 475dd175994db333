"""Intake, read, list, jurisdiction, patch with If-Match, close."""

from datetime import timedelta

from carenet_core import clock
from carenet_core.clock import add_months
from carenet_core.trail import AccessEntry
from sqlalchemy import func, select


async def test_intake_opens_a_tier_1_case_locked_for_3_months(client, worker, h):
    body = h.intake_body(
        intake_date=(clock.today() - timedelta(days=2)).isoformat(),
        kinds=["psychiatric", "suicide_attempt"],
        household={"caregiver_age": 70, "psychiatric_patients": 1},
        flags=["lives_alone"],
    )
    r = await client.post("/v1/cases", json=body, headers=worker)
    assert r.status_code == 201, r.text
    case = r.json()
    intake = clock.today() - timedelta(days=2)
    assert case["tier"] == 1 and case["status"] == "open"
    assert case["tier_locked_until"] == add_months(intake, 3).isoformat()
    assert case["next_visit_due"] == (intake + timedelta(days=14)).isoformat()
    assert case["overdue"] is False and case["consecutive_not_met"] == 0
    assert r.headers["etag"] == '"1"'


async def test_invalid_national_id_is_422(client, worker, h):
    r = await client.post("/v1/cases", json=h.intake_body(national_id="A123456788"), headers=worker)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "invalid_national_id"


async def test_resident_certificate_is_accepted(client, worker, h):
    r = await client.post("/v1/cases", json=h.intake_body(national_id="A800000014"), headers=worker)
    assert r.status_code == 201


async def test_second_open_case_for_a_person_is_409_with_the_existing_id(client, worker, open_case, h):
    first = await open_case(national_id="F131104093")
    r = await client.post("/v1/cases", json=h.intake_body(national_id="F131104093"), headers=worker)
    assert r.status_code == 409
    assert r.json()["id"] == first["id"]


async def test_bad_input_is_422_not_500(client, worker, h):
    for bad in (
        {"kinds": []},
        {"kinds": ["other"]},
        {"sex": "Q"},
        {"birth_date": "not-a-date"},
        {"intake_date": (clock.today() + timedelta(days=3)).isoformat()},
    ):
        r = await client.post("/v1/cases", json=h.intake_body(**bad), headers=worker)
        assert r.status_code == 422, (bad, r.text)


async def test_roles_that_may_not_open_cases_get_403(client, auth, h):
    r = await client.post("/v1/cases", json=h.intake_body(), headers=auth("hospital", county="TW-MIA"))
    assert r.status_code == 403
    assert (await client.post("/v1/cases", json=h.intake_body())).status_code == 401


async def test_district_worker_sees_own_district_only(client, auth, open_case, supervisor):
    here = await open_case()
    other_district = await open_case(headers=auth("case_worker", county="TW-MIA", district="竹南鎮"), district="竹南鎮")
    other_county = await open_case(
        headers=auth("case_worker", county="TW-HSQ", district="竹北市"), county="TW-HSQ", district="竹北市"
    )
    me = auth("case_worker", county="TW-MIA", district="頭份市")
    assert (await client.get(f"/v1/cases/{here['id']}", headers=me)).status_code == 200
    for case in (other_district, other_county):
        r = await client.get(f"/v1/cases/{case['id']}", headers=me)
        assert r.status_code == 404
        assert r.json()["code"] == "case_not_found"
    assert (await client.get(f"/v1/cases/{other_district['id']}", headers=supervisor)).status_code == 200
    assert (await client.get(f"/v1/cases/{other_county['id']}", headers=supervisor)).status_code == 404
    assert (
        await client.get(f"/v1/cases/{other_county['id']}", headers=auth("ministry", county=None))
    ).status_code == 403  # the ministry reads indicators, not named cases
    ids = {c["id"] for c in (await client.get("/v1/cases", headers=me)).json()["items"]}
    assert ids == {here["id"]}
    ids = {c["id"] for c in (await client.get("/v1/cases", headers=supervisor)).json()["items"]}
    assert ids == {here["id"], other_district["id"]}


async def test_list_masks_identity_and_filters(client, supervisor, open_case):
    a = await open_case(national_id="A123456789", name="王小明")
    b = await open_case(kinds=["suicide_attempt"], intake_date=(clock.today() - timedelta(days=30)).isoformat())
    r = await client.get("/v1/cases", headers=supervisor)
    items = {c["id"]: c for c in r.json()["items"]}
    assert items[a["id"]]["national_id"] == "A12****789" and items[a["id"]]["name"] == "王*明"
    assert [
        c["id"] for c in (await client.get("/v1/cases?kind=suicide_attempt", headers=supervisor)).json()["items"]
    ] == [b["id"]]
    assert [c["id"] for c in (await client.get("/v1/cases?overdue=true", headers=supervisor)).json()["items"]] == [
        b["id"]
    ]
    due_before = (clock.today() + timedelta(days=1)).isoformat()
    assert [
        c["id"] for c in (await client.get(f"/v1/cases?due_before={due_before}", headers=supervisor)).json()["items"]
    ] == [b["id"]]
    assert len((await client.get("/v1/cases?tier=2", headers=supervisor)).json()["items"]) == 0
    assert len((await client.get("/v1/cases?status=open&district=頭份市", headers=supervisor)).json()["items"]) == 2


async def test_list_pages_with_a_cursor(client, supervisor, open_case):
    made = {(await open_case())["id"] for _ in range(3)}
    r1 = (await client.get("/v1/cases?limit=2", headers=supervisor)).json()
    assert len(r1["items"]) == 2 and r1["next_cursor"]
    r2 = (await client.get(f"/v1/cases?limit=2&cursor={r1['next_cursor']}", headers=supervisor)).json()
    assert {c["id"] for c in r1["items"] + r2["items"]} == made and r2["next_cursor"] is None


async def test_every_read_and_write_leaves_a_trail_row(client, worker, open_case, db):
    case = await open_case()
    await client.get(f"/v1/cases/{case['id']}", headers=worker)
    async with db.transaction() as s:
        actions = (
            await s.scalars(select(AccessEntry.action).where(AccessEntry.resource == f"case/{case['id']}"))
        ).all()
    assert "create" in actions and "read" in actions


async def test_patch_needs_if_match_and_refuses_a_stale_one(client, worker, open_case):
    case = await open_case()
    url = f"/v1/cases/{case['id']}"
    assert (await client.patch(url, json={"refuses_service": True}, headers=worker)).status_code == 428
    ok = await client.patch(url, json={"refuses_service": True}, headers={**worker, "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.json()["refuses_service"] is True and ok.headers["etag"] == '"2"'
    stale = await client.patch(url, json={"situation": "missing"}, headers={**worker, "If-Match": '"1"'})
    assert stale.status_code == 412


async def test_close_is_supervisor_only_and_emits(client, worker, supervisor, open_case, h):
    case = await open_case()
    url = f"/v1/cases/{case['id']}/close"
    assert (await client.post(url, json={"reason": "moved abroad"}, headers=worker)).status_code == 403
    r = await client.post(url, json={"reason": "moved abroad"}, headers=supervisor)
    assert (
        r.status_code == 200 and r.json()["status"] == "closed" and r.json()["closed_on"] == clock.today().isoformat()
    )
    assert (await client.post(url, json={"reason": "again"}, headers=supervisor)).status_code == 409
    # the person may be taken in again once closed
    again = await client.post("/v1/cases", json=h.intake_body(national_id=case["national_id"]), headers=worker)
    assert again.status_code == 201


async def test_intake_replays_with_the_same_idempotency_key(client, worker, db, h):
    from carenet_case_mgmt.cases.models import Case

    body = h.intake_body()
    h = {**worker, "Idempotency-Key": "intake-1"}
    one = await client.post("/v1/cases", json=body, headers=h)
    two = await client.post("/v1/cases", json=body, headers=h)
    assert one.status_code == two.status_code == 201 and one.json()["id"] == two.json()["id"]
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(Case)) == 1
