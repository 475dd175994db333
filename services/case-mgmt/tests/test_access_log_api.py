"""PDPA: a county admin reads who touched a person's record — own county only, and the query is trailed."""

from carenet_core.trail import link_pending

from .conftest import intake_body


async def test_county_admin_sees_who_touched_the_person(client, auth, worker, db):
    body = intake_body()
    case = (await client.post("/v1/cases", json=body, headers=worker)).json()
    reader = auth("supervisor", county="TW-MIA", sub="sup-77")
    assert (await client.get(f"/v1/cases/{case['id']}", headers=reader)).status_code == 200
    admin = auth("county_admin", county="TW-MIA", sub="admin-1")
    r = await client.post("/v1/access-log", json={"national_id": body["national_id"]}, headers=admin)
    assert r.status_code == 200, r.text
    log = r.json()
    assert log["national_id_masked"] == body["national_id"][:3] + "****" + body["national_id"][-3:]
    who = [(e["actor"], e["action"]) for e in log["items"]]
    assert ("cw-1", "create") in who and ("sup-77", "read") in who
    # the admin's own query is on the record the next time
    async with db.transaction() as s:
        await link_pending(s)
    again = (await client.post("/v1/access-log", json={"national_id": body["national_id"]}, headers=admin)).json()
    assert ("admin-1", "access_log") in [(e["actor"], e["action"]) for e in again["items"]]


async def test_another_county_or_role_cannot_ask(client, auth, worker):
    body = intake_body()
    await client.post("/v1/cases", json=body, headers=worker)
    other = auth("county_admin", county="TW-TPE", sub="admin-tpe")
    r = await client.post("/v1/access-log", json={"national_id": body["national_id"]}, headers=other)
    assert r.status_code == 404 and r.json()["code"] == "person_not_found"
    r = await client.post("/v1/access-log", json={"national_id": body["national_id"]}, headers=worker)
    assert r.status_code == 403
