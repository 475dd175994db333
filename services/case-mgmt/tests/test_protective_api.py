"""Protective-issue cases go to a mental-health social worker and come back without closing."""


async def test_assign_and_return_to_the_community_team(client, auth, supervisor, open_case):
    case = await open_case(kinds=["psychiatric"])
    url = f"/v1/cases/{case['id']}/protective-assignment"
    r = await client.post(url, json={"social_worker": "sw-07", "issue": "domestic_violence"}, headers=supervisor)
    assert r.status_code == 201 and r.json()["social_worker"] == "sw-07"
    got = (await client.get(f"/v1/cases/{case['id']}", headers=supervisor)).json()
    assert got["protective_worker"] == "sw-07" and "protective_issue" in got["flags"]
    assert (
        await client.post(url, json={"social_worker": "sw-08", "issue": "child_protection"}, headers=supervisor)
    ).status_code == 409
    someone_else = auth("case_worker", county="TW-MIA", district="頭份市", sub="sw-99")
    assert (await client.post(f"{url}/close", json={"reason": "done"}, headers=someone_else)).status_code == 403
    social_worker = auth("case_worker", county="TW-MIA", district="頭份市", sub="sw-07")
    r = await client.post(f"{url}/close", json={"reason": "DV case closed"}, headers=social_worker)
    assert r.status_code == 200 and r.json()["case_status"] == "open" and r.json()["closed_by"] == "sw-07"
    got = (await client.get(f"/v1/cases/{case['id']}", headers=supervisor)).json()
    assert got["status"] == "open" and got["protective_worker"] is None
