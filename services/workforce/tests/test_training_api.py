"""Training records, case reports, the CSV import and compliance over HTTP, with the seed's numbers."""

import pytest
from carenet_workforce.training.rules import BASIC_TOPICS
from wf_testkit import COUNTY, OTHER, add_staff, add_training

pytestmark = pytest.mark.now("2026-11-12T10:00:00+08:00")


async def _second_year_visitor_at_21_hours(client, admin) -> str:
    staff_id = await add_staff(client, admin, "v-021", "psychiatric_visitor", "2025-03-01")
    for i, t in enumerate(t for t in BASIC_TOPICS if t.code != "visiting_skills"):
        await add_training(client, admin, staff_id, topic=t.title, hours=float(t.hours), certificate=f"B-{i}")
    return staff_id


async def _nurse_with_8_hours(client, admin) -> str:
    staff_id = await add_staff(client, admin, "n-008", "public_health_nurse", "2018-08-01")
    await add_training(
        client, admin, staff_id, level="advanced", topic="advanced_case_management", hours=5, certificate="A-1"
    )
    await add_training(client, admin, staff_id, level="advanced", topic="work_risk", hours=3, certificate="A-2")
    return staff_id


async def test_compliance_per_person_with_what_is_missing(client, admin, auth):
    visitor = await _second_year_visitor_at_21_hours(client, admin)
    nurse = await _nurse_with_8_hours(client, admin)
    ok = await add_staff(client, admin, "w-001", "mh_social_worker", "2020-01-01")
    await add_training(
        client, admin, ok, level="advanced", topic="個案報告與討論", hours=8, case_conference_hours=3, certificate="A-3"
    )
    r = await client.post(
        f"/v1/staff/{ok}/case-reports", json={"submitted_on": "2026-06-01", "title": "個案報告"}, headers=admin
    )
    assert r.status_code == 201
    # last year's report and training do not count for this year
    await add_training(
        client,
        admin,
        nurse,
        level="advanced",
        topic="work_risk",
        hours=3,
        case_conference_hours=3,
        completed_on="2025-12-31",
        certificate="A-OLD",
    )
    r = await client.get(
        "/v1/compliance", params={"county": COUNTY, "year": 2026}, headers=auth("supervisor", county=COUNTY)
    )
    assert r.status_code == 200, r.text
    body = r.json()
    items = {i["staff_id"]: i for i in body["items"]}
    v = items[visitor]
    assert (v["level"], v["hours"], v["required_hours"], v["met"]) == ("basic", 21, 24, False)
    assert v["missing"] == [
        {"requirement": "hours", "short": 3, "topic": None},
        {"requirement": "topic", "short": 3, "topic": "visiting_skills"},
    ]
    n = items[nurse]
    assert (n["level"], n["hours"], n["case_conference_hours"], n["case_reports"], n["met"]) == (
        "advanced",
        8,
        0,
        0,
        False,
    )
    assert [(m["requirement"], m["short"]) for m in n["missing"]] == [("case_conference_hours", 3), ("case_report", 1)]
    assert items[ok]["met"] and items[ok]["missing"] == []
    assert body["totals"] == {"staff": 3, "met": 1, "not_met": 2}


async def test_compliance_is_for_the_own_county_unless_ministry(client, admin, auth):
    await _nurse_with_8_hours(client, admin)
    params = {"county": COUNTY, "year": 2026}
    assert (await client.get("/v1/compliance", params=params, headers=auth("ministry", county=None))).status_code == 200
    assert (
        await client.get("/v1/compliance", params=params, headers=auth("county_admin", county=OTHER))
    ).status_code == 404
    assert (
        await client.get("/v1/compliance", params=params, headers=auth("case_worker", county=COUNTY))
    ).status_code == 403
    bad = {"county": COUNTY, "year": 1999}
    assert (await client.get("/v1/compliance", params=bad, headers=admin)).status_code == 422


async def test_supervisor_ratio_from_the_register(client, admin):
    await add_staff(client, admin, "s-1", "supervisor", "2020-01-01")
    for i in range(8):
        await add_staff(
            client,
            admin,
            f"cm-{i}",
            ["psychiatric_visitor", "suicide_visitor", "mh_social_worker"][i % 3],
            "2020-01-01",
        )
    await add_staff(client, admin, "cm-left", "psychiatric_visitor", "2020-01-01", ended_on="2026-01-31")
    await add_staff(client, admin, "nurse", "public_health_nurse", "2020-01-01")
    ratio = (await client.get("/v1/compliance", params={"county": COUNTY, "year": 2026}, headers=admin)).json()[
        "supervisor_ratio"
    ]
    # 8 case managers on 2026-11-12 (the one who left in January is not counted): ceil(8 / 7) = 2 needed, 1 employed
    assert ratio == {
        "supervisors": 1,
        "case_managers": 8,
        "required_supervisors": 2,
        "met": False,
        "as_of": "2026-11-12",
    }


async def test_training_input_is_checked(client, admin, auth):
    staff_id = await add_staff(client, admin, "v-100", "psychiatric_visitor", "2025-03-01")
    url = f"/v1/staff/{staff_id}/training"
    base = {
        "course": "c",
        "level": "basic",
        "topic": "psychiatry_basics",
        "hours": 2,
        "completed_on": "2026-05-01",
        "certificate": "X",
    }
    r = await client.post(url, json=base | {"topic": "個案報告與討論"}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "unknown_topic"
    assert (await client.post(url, json=base | {"case_conference_hours": 3}, headers=admin)).status_code == 422
    assert (await client.post(url, json=base | {"hours": -1}, headers=admin)).status_code == 422
    assert (await client.post(url, json=base, headers=admin)).status_code == 201
    r = await client.post(url, json=base, headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "training_exists"
    other = auth("county_admin", county=OTHER)
    assert (await client.post(url, json=base | {"certificate": "Y"}, headers=other)).status_code == 404


CSV = (
    "帳號,課程名稱,課程等級,課程主題,時數,個案研討會時數,完訓日期,證書字號\n"
    "v-200,初階訓練,初階,精神醫療基本概念與疾病防治知能,2,0,115/03/02,T-1\n"
    "v-200,初階訓練,初階,社區個案訪視技巧,3,,2026-03-03,T-2\n"
    "v-200,初階訓練,中階,社區個案訪視技巧,3,,2026-03-03,T-3\n"
    "nobody,初階訓練,初階,社區個案訪視技巧,3,,2026-03-03,T-4\n"
    "v-200,初階訓練,初階,不存在的主題,3,,2026-03-03,T-5\n"
    "v-200,初階訓練,初階,社區個案訪視技巧,abc,,2026-03-03,T-6\n"
    "v-200,初階訓練,初階,社區個案訪視技巧,3,,115/13/40,T-7\n"
)


async def test_csv_import_validates_row_by_row_and_a_repeat_adds_nothing(client, admin):
    await add_staff(client, admin, "v-200", "psychiatric_visitor", "2025-03-01")
    headers = {**admin, "Content-Type": "text/csv"}
    params = {"county": COUNTY}
    r = await client.post("/v1/training-imports", params=params, content=("\ufeff" + CSV).encode(), headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["accepted"], body["duplicates"]) == (2, 0)
    assert [x["index"] for x in body["rejected"]] == [2, 3, 4, 5, 6]
    assert "no staff record" in body["rejected"][1]["reason"]
    r = await client.post("/v1/training-imports", params=params, content=CSV.encode("cp950"), headers=headers)
    assert (r.json()["accepted"], r.json()["duplicates"]) == (0, 2)
    hours = (await client.get("/v1/compliance", params={"county": COUNTY, "year": 2026}, headers=admin)).json()
    assert hours["items"][0]["hours"] == 5


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "unreadable_csv"), ("帳號,時數\nv,1\n".encode(), "unreadable_csv"), (b"\xff\xfe\x00bad", "unreadable_csv")],
)
async def test_an_unreadable_file_is_422(client, admin, content, code):
    r = await client.post(
        "/v1/training-imports",
        params={"county": COUNTY},
        content=content,
        headers={**admin, "Content-Type": "text/csv"},
    )
    assert r.status_code == 422 and r.json()["code"] == code


async def test_import_for_another_county_is_refused(client, auth):
    r = await client.post(
        "/v1/training-imports",
        params={"county": COUNTY},
        content=CSV.encode(),
        headers={**auth("county_admin", county=OTHER), "Content-Type": "text/csv"},
    )
    assert r.status_code == 403
