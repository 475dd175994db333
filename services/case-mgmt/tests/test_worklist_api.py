"""The worklist: due within N days or overdue, most overdue first, with reasons; 65+ monthly rule."""

from datetime import date, timedelta

from carenet_core import clock


async def test_worklist_orders_most_overdue_first_with_reasons(client, worker, open_case, add_visit, h):
    far = await open_case(intake_date=h.days_ago(40).isoformat())  # due 26 days ago
    near = await open_case(intake_date=h.days_ago(16).isoformat())  # due 2 days ago
    soon = await open_case(intake_date=h.days_ago(10).isoformat())  # due in 4 days
    later = await open_case(intake_date=h.days_ago(1).isoformat())  # due in 13 days
    r = await client.get("/v1/worklist", headers=worker)
    assert r.status_code == 200
    items = r.json()["items"]
    assert [i["case_id"] for i in items] == [far["id"], near["id"], soon["id"]]
    assert items[0]["days_overdue"] == 26 and "overdue" in items[0]["reasons"]
    assert items[2]["days_overdue"] == 0 and items[2]["reasons"] == ["due_soon"]
    assert items[0]["national_id"].count("*") == 4
    wide = (await client.get("/v1/worklist?days=14", headers=worker)).json()["items"]
    assert later["id"] in [i["case_id"] for i in wide]


async def test_worklist_is_the_callers_district(client, auth, worker, supervisor, open_case, h):
    mine = await open_case(intake_date=h.days_ago(20).isoformat())
    theirs = await open_case(
        headers=auth("case_worker", county="TW-MIA", district="竹南鎮"),
        district="竹南鎮",
        intake_date=h.days_ago(20).isoformat(),
    )
    await open_case(
        headers=auth("case_worker", county="TW-HSQ", district="竹北市"),
        county="TW-HSQ",
        district="竹北市",
        intake_date=h.days_ago(20).isoformat(),
    )
    assert [i["case_id"] for i in (await client.get("/v1/worklist", headers=worker)).json()["items"]] == [mine["id"]]
    ids = {i["case_id"] for i in (await client.get("/v1/worklist", headers=supervisor)).json()["items"]}
    assert ids == {mine["id"], theirs["id"]}
    assert (await client.get("/v1/worklist", headers=auth("hospital"))).status_code == 403


async def test_elderly_repeat_attempt_shows_with_its_reason(client, worker, open_case, add_visit, h):
    on = clock.today()
    month_start = on.replace(day=1)
    elderly = await open_case(
        kinds=["suicide_attempt"],
        flags=["repeat_suicide_attempt"],
        birth_date=date(on.year - 70, 1, 1).isoformat(),
        intake_date=(month_start - timedelta(days=40)).isoformat(),
    )
    # one phone visit this month: too few, and not 50% face-to-face
    await add_visit(elderly["id"], when=h.at(month_start), method="phone", outcome="met")
    items = (await client.get(f"/v1/worklist?on={on.isoformat()}", headers=worker)).json()["items"]
    mine = [i for i in items if i["case_id"] == elderly["id"]]
    assert mine and {"elderly_monthly_visits", "elderly_monthly_face_to_face"} <= set(mine[0]["reasons"])


async def test_worklist_for_a_given_day(client, worker, open_case, h):
    case = await open_case(intake_date=h.days_ago(5).isoformat())
    past = (await client.get(f"/v1/worklist?on={h.days_ago(5).isoformat()}", headers=worker)).json()
    assert case["id"] not in [i["case_id"] for i in past["items"]]  # due 14 days after intake: not within 7 then
    future = (
        await client.get(f"/v1/worklist?on={(clock.today() + timedelta(days=20)).isoformat()}", headers=worker)
    ).json()
    item = next(i for i in future["items"] if i["case_id"] == case["id"])
    assert item["days_overdue"] == 11


async def test_a_child_under_6_household_falls_short_on_the_worklist_until_its_period_ends(
    client, auth, worker, open_case, add_visit, h
):
    on = clock.today()
    month_start = on.replace(day=1)
    case = await open_case(
        kinds=["suicide_attempt"], flags=["child_under_6"], intake_date=(month_start - timedelta(days=70)).isoformat()
    )
    # two face-to-face visits this month: enough for the 65+ rule, not for a child under 6 (3 a month)
    await add_visit(case["id"], when=h.at(month_start, 9), method="face_to_face_home")
    await add_visit(case["id"], when=h.at(month_start, 10), method="face_to_face_other")
    items = (await client.get(f"/v1/worklist?on={on.isoformat()}", headers=worker)).json()["items"]
    mine = next(i for i in items if i["case_id"] == case["id"])
    assert "child_under_6_monthly_visits" in mine["reasons"]
    assert "child_under_6_missed_last_month" in mine["reasons"]  # the whole last month was in care, no visit
    # a county that sets a 3-month period: the case has left extended care (intake was 70+ days before the month)
    admin = auth("county_admin", county="TW-MIA", sub="adm-1")
    r = await client.put(
        "/v1/county-settings/TW-MIA",
        json={"caseload_limit": 80, "elderly_care_months": 6, "child_under_6_care_months": 3},
        headers=admin,
    )
    assert r.status_code == 200
    later = (on + timedelta(days=40)).isoformat()
    items = (await client.get(f"/v1/worklist?on={later}&days=0", headers=worker)).json()["items"]
    reasons = next((i["reasons"] for i in items if i["case_id"] == case["id"]), [])
    assert not [r for r in reasons if r.startswith("child_under_6")]
