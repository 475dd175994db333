"""Discharge notices: at discharge, plans link to them, a plan with no notice is its own, and the county's
list of notices with no plan after 14 days, by hospital (seed 001: 出院後2星期內上傳出院準備計畫之精神病人數/
出院之精神病人數)."""

import pytest


def notice(nid: str, discharged: str, hospital: str = "為恭紀念醫院", **over) -> dict:
    body = {
        "national_id": nid,
        "name": "陳美麗",
        "hospital": hospital,
        "discharged_at": discharged,
        "compulsory": False,
        "needs_follow_up": True,
    }
    body.update(over)
    return body


async def feed(client, auth) -> list[dict]:
    return (await client.get("/v1/events?after=0&limit=500", headers=auth("system", county=None))).json()["items"]


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_notice_at_discharge_and_the_plan_links_to_it(client, auth, h):
    hospital = auth("hospital", county="TW-MIA", sub="hosp-1")
    nid = h.new_national_id()
    r = await client.post("/v1/discharges", json=notice(nid, "2026-11-30", compulsory=True), headers=hospital)
    assert r.status_code == 201, r.text
    n = r.json()
    assert r.headers["location"] == f"/v1/discharges/{n['id']}"
    assert n["national_id"] != nid and n["name"] == "陳*麗" and n["county"] == "TW-MIA" and n["source"] == "notice"
    assert n["plan_due"] == "2026-12-14" and n["plan_id"] is None and n["plan_missing"] is False
    again = await client.post("/v1/discharges", json=notice(nid, "2026-11-30"), headers=hospital)
    assert again.status_code == 409 and again.json()["id"] == n["id"]
    # the plan names the hospital with other spacing: the same discharge
    plan = {**notice(nid, "2026-11-30", hospital=" 為恭 紀念醫院 "), "summary": "stable"}
    p = await client.post("/v1/discharge-plans", json=plan, headers=hospital)
    assert p.status_code == 201, p.text
    assert p.json()["discharge_id"] == n["id"]
    linked = (await client.get(f"/v1/discharges/{n['id']}", headers=hospital)).json()
    assert linked["plan_id"] == p.json()["id"] and linked["plan_upload_date"] == "2026-11-30"
    events = await feed(client, auth)
    notified = [e["data"] for e in events if e["type"] == "discharge.notified"]
    assert notified == [
        {
            "discharge_id": n["id"],
            "county": "TW-MIA",
            "hospital": "為恭紀念醫院",
            "discharged_at": "2026-11-30",
            "needs_follow_up": True,
            "compulsory": True,
            "notified_at": notified[0]["notified_at"],
        }
    ]
    uploaded = [e["data"] for e in events if e["type"] == "discharge_plan.uploaded"]
    assert uploaded[0]["discharge_id"] == n["id"] and uploaded[0]["needs_follow_up"] is True
    assert nid not in str(events) and "陳美麗" not in str(events)


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_a_plan_with_no_notice_is_its_own_notice(client, auth, h):
    hospital = auth("hospital", county="TW-MIA", sub="hosp-2")
    plan = {**notice(h.new_national_id(), "2026-11-20", hospital="大千綜合醫院"), "summary": "x"}
    p = (await client.post("/v1/discharge-plans", json=plan, headers=hospital)).json()
    events = await feed(client, auth)
    types = [e["type"] for e in events]
    assert types.index("discharge.notified") < types.index("discharge_plan.uploaded")
    notified = next(e["data"] for e in events if e["type"] == "discharge.notified")
    uploaded = next(e["data"] for e in events if e["type"] == "discharge_plan.uploaded")
    assert notified["discharge_id"] == uploaded["discharge_id"] == p["discharge_id"]
    own = (await client.get(f"/v1/discharges/{p['discharge_id']}", headers=hospital)).json()
    assert own["source"] == "plan" and own["plan_id"] == p["id"] and own["hospital"] == "大千綜合醫院"
    # the hospital's notice arriving after its plan finds the discharge known
    late = await client.post(
        "/v1/discharges", json=notice(plan["national_id"], "2026-11-20", "大千綜合醫院"), headers=hospital
    )
    assert late.status_code == 409 and late.json()["id"] == p["discharge_id"]
    # a second plan for the same discharge links to the same notice; the notice keeps the first plan
    again = (await client.post("/v1/discharge-plans", json=plan, headers=hospital)).json()
    assert again["discharge_id"] == p["discharge_id"]
    assert (await client.get(f"/v1/discharges/{p['discharge_id']}", headers=hospital)).json()["plan_id"] == p["id"]
    assert len([e for e in await feed(client, auth) if e["type"] == "discharge.notified"]) == 1


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_county_lists_notices_missing_a_plan_after_14_days_by_hospital(client, auth, h, supervisor):
    hosp = auth("hospital", county="TW-MIA", sub="hosp-1")

    async def notify(hospital: str, discharged: str, **over) -> str:
        r = await client.post(
            "/v1/discharges", json=notice(h.new_national_id(), discharged, hospital, **over), headers=hosp
        )
        assert r.status_code == 201, r.text
        return r.json()["id"]

    a_20 = await notify("為恭紀念醫院", "2026-11-10")  # 20 days: missing
    b_15 = await notify("大千綜合醫院", "2026-11-15")  # 15 days: missing
    b_14 = await notify("大千綜合醫院", "2026-11-16")  # exactly 14 days: still in time
    a_old = await notify("為恭紀念醫院", "2026-10-01")  # missing
    await notify("為恭紀念醫院", "2026-10-02", needs_follow_up=False)  # no follow-up needed: no plan expected
    with_plan_nid = h.new_national_id()
    await client.post("/v1/discharges", json=notice(with_plan_nid, "2026-11-01"), headers=hosp)
    await client.post(
        "/v1/discharge-plans", json={**notice(with_plan_nid, "2026-11-01"), "summary": "late"}, headers=hosp
    )
    other = auth("hospital", county="TW-HSQ", sub="hosp-9")
    await client.post("/v1/discharges", json=notice(h.new_national_id(), "2026-10-01", "馬偕醫院"), headers=other)

    r = await client.get("/v1/discharges?missing_plan=true", headers=supervisor)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [i["id"] for i in body["items"]] == [b_15, a_old, a_20]  # by hospital (大千 < 為恭), then discharge day
    assert all(i["plan_missing"] for i in body["items"]) and b_14 not in str(body)
    assert body["by_hospital"] == [
        {"hospital": "大千綜合醫院", "notices": 1},
        {"hospital": "為恭紀念醫院", "notices": 2},
    ]
    everything = (await client.get("/v1/discharges", headers=supervisor)).json()
    assert len(everything["items"]) == 6
    # paging walks the same order
    seen, cursor = [], None
    while True:
        url = "/v1/discharges?missing_plan=true&limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = (await client.get(url, headers=supervisor)).json()
        seen += [i["id"] for i in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == [b_15, a_old, a_20]
    hsq = (await client.get("/v1/discharges?missing_plan=true", headers=auth("supervisor", county="TW-HSQ"))).json()
    assert [i["hospital"] for i in hsq["items"]] == ["馬偕醫院"]
    assert (await client.get("/v1/discharges?county=TW-HSQ", headers=supervisor)).json()["items"] == []
    assert (await client.get("/v1/discharges", headers=auth("case_worker", county="TW-MIA"))).status_code == 403


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_notice_validation_and_roles(client, auth, h):
    hospital = auth("hospital", county="TW-MIA", sub="hosp-1")
    bad = await client.post("/v1/discharges", json=notice("A123456780", "2026-11-30"), headers=hospital)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_national_id"
    future = await client.post("/v1/discharges", json=notice(h.new_national_id(), "2026-12-01"), headers=hospital)
    assert future.status_code == 422 and future.json()["code"] == "discharged_in_future"
    worker = auth("case_worker", county="TW-MIA")
    assert (
        await client.post("/v1/discharges", json=notice(h.new_national_id(), "2026-11-30"), headers=worker)
    ).status_code == 403
    n = (await client.post("/v1/discharges", json=notice(h.new_national_id(), "2026-11-30"), headers=hospital)).json()
    assert (await client.get(f"/v1/discharges/{n['id']}", headers=auth("hospital", sub="hosp-x"))).status_code == 404
    assert (
        await client.get(f"/v1/discharges/{n['id']}", headers=auth("supervisor", county="TW-HSQ"))
    ).status_code == 404
