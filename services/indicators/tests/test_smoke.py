async def test_counties_and_definitions(client, auth):
    r = await client.get("/v1/counties", headers=auth("case_worker"))
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert len(items) == 22
    r = await client.get("/v1/definitions", headers=auth("case_worker"))
    assert r.status_code == 200, r.text
    r = await client.get("/v1/scorecards/TW-MIA?period=2026", headers=auth("county_admin"))
    assert r.status_code == 200, r.text
    r = await client.get("/v1/scorecards?period=2026", headers=auth("ministry", county=None))
    assert r.status_code == 200, r.text
