"""The office calendar over HTTP: seeded years, a year without data, the ministry's year, county closures."""


async def test_seeded_year_and_a_year_without_data(client, worker):
    r = await client.get("/v1/calendar/2027", headers=worker)
    assert r.status_code == 200, r.text
    cal = r.json()
    assert cal["source"] == "seeded" and cal["calendar_missing"] is False and cal["year"] == 2027
    assert {"2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"} <= set(cal["holidays"])
    assert cal["workdays"] == [] and cal["closures"] is None
    assert (await client.get("/v1/calendar/2025", headers=worker)).json()["workdays"] == ["2025-02-08"]
    none = (await client.get("/v1/calendar/2031", headers=worker)).json()
    assert none["calendar_missing"] is True and none["holidays"] == [] and none["source"] == "none"
    assert (await client.get("/v1/calendar/1999", headers=worker)).status_code == 422
    assert (await client.get("/v1/calendar/2031")).status_code == 401


async def test_ministry_sets_a_year(client, auth, worker):
    ministry = auth("ministry", county=None, sub="moh-1")
    body = {
        "holidays": [{"date": "2031-01-01", "name": "開國紀念日"}, {"date": "2031-01-22"}],
        "workdays": ["2031-01-18"],
    }
    r = await client.put("/v1/calendar/2031", json=body, headers=ministry)
    assert r.status_code == 200, r.text
    got = (await client.get("/v1/calendar/2031", headers=worker)).json()
    assert got["source"] == "ministry" and got["calendar_missing"] is False
    assert got["holidays"] == ["2031-01-01", "2031-01-22"] and got["workdays"] == ["2031-01-18"]
    # the ministry's year wins over the seeded data
    await client.put("/v1/calendar/2026", json={"holidays": [{"date": "2026-01-01"}], "workdays": []}, headers=ministry)
    assert (await client.get("/v1/calendar/2026", headers=worker)).json()["holidays"] == ["2026-01-01"]
    bad_workday = {"holidays": [], "workdays": ["2031-01-20"]}  # a Monday
    r = await client.put("/v1/calendar/2031", json=bad_workday, headers=ministry)
    assert r.status_code == 422 and r.json()["code"] == "workday_not_weekend"
    r = await client.put("/v1/calendar/2031", json={"holidays": [{"date": "2030-12-31"}]}, headers=ministry)
    assert r.status_code == 422 and r.json()["code"] == "date_outside_year"
    assert (await client.get("/v1/calendar/2031", headers=worker)).json()["workdays"] == ["2031-01-18"]
    admin = auth("county_admin", county="TW-MIA")
    assert (await client.put("/v1/calendar/2031", json=body, headers=admin)).status_code == 403


async def test_county_admin_declares_own_closures(client, auth, worker):
    admin = auth("county_admin", county="TW-MIA", sub="adm-1")
    r = await client.post("/v1/calendar/closures", json={"date": "2026-09-29", "reason": "颱風停止上班"}, headers=admin)
    assert r.status_code == 201, r.text
    assert r.json()["county"] == "TW-MIA" and r.json()["declared_by"] == "adm-1"
    again = await client.post("/v1/calendar/closures", json={"date": "2026-09-29", "reason": "x"}, headers=admin)
    assert again.status_code == 409 and again.json()["id"] == r.json()["id"]
    other = {"county": "TW-HSQ", "date": "2026-09-29", "reason": "颱風"}
    assert (await client.post("/v1/calendar/closures", json=other, headers=admin)).status_code == 403
    sup = auth("supervisor", county="TW-MIA")
    assert (await client.post("/v1/calendar/closures", json=other, headers=sup)).status_code == 403
    mia = (await client.get("/v1/calendar/2026?county=TW-MIA", headers=worker)).json()
    assert [c["date"] for c in mia["closures"]] == ["2026-09-29"] and mia["county"] == "TW-MIA"
    hsq = (await client.get("/v1/calendar/2026?county=TW-HSQ", headers=worker)).json()
    assert hsq["closures"] == []
    assert (await client.get("/v1/calendar/2027?county=TW-MIA", headers=worker)).json()["closures"] == []
