"""County admins keep their county's directory: create, edit with ETag/If-Match and history, review stale entries."""

import pytest

from .helpers import resource


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_create_read_and_edit_with_etag_and_history(client, auth):
    admin = auth("county_admin", county="TW-MIA", sub="admin-mia")
    r = await client.post(
        "/v1/resources", json=resource(source_id="MIA-001", categories=["法律扶助", "legal_aid"]), headers=admin
    )
    assert r.status_code == 201, r.text
    body = r.json()
    rid = body["id"]
    assert r.headers["ETag"] == '"1"' and r.headers["Location"] == f"/v1/resources/{rid}"
    assert body["categories"] == ["legal_aid"]  # a label and its code are one category
    assert (body["last_checked_on"], body["stale"], body["version"], body["source_id"]) == (
        "2026-11-30",
        False,
        1,
        "MIA-001",
    )

    got = await client.get(f"/v1/resources/{rid}", headers=admin)
    assert got.status_code == 200 and got.headers["ETag"] == '"1"'

    no_match = await client.patch(f"/v1/resources/{rid}", json={"phone": "037-000000"}, headers=admin)
    assert no_match.status_code == 428
    wrong = await client.patch(
        f"/v1/resources/{rid}", json={"phone": "037-000000"}, headers={**admin, "If-Match": '"7"'}
    )
    assert wrong.status_code == 412 and wrong.json()["current_etag"] == '"1"'

    ok = await client.patch(
        f"/v1/resources/{rid}", json={"phone": "037-000000", "fees": None}, headers={**admin, "If-Match": '"1"'}
    )
    assert ok.status_code == 200, ok.text
    assert ok.headers["ETag"] == '"2"'
    assert (ok.json()["phone"], ok.json()["fees"], ok.json()["version"]) == ("037-000000", None, 2)

    # the old ETag no longer works: nobody overwrites a change they have not seen
    again = await client.patch(f"/v1/resources/{rid}", json={"phone": "1"}, headers={**admin, "If-Match": '"1"'})
    assert again.status_code == 412

    h = await client.get(f"/v1/resources/{rid}/history", headers=admin)
    assert h.status_code == 200
    items = h.json()["items"]
    assert [(i["version"], i["via"], i["changed_by"]) for i in items] == [
        (1, "created", "admin-mia"),
        (2, "edit", "admin-mia"),
    ]
    assert items[1]["changes"] == {"phone": ["037-558000", "037-000000"], "fees": ["免費", None]}


async def test_another_countys_admin_cannot_edit_or_see_the_history(client, auth):
    mia = auth("county_admin", county="TW-MIA")
    r = await client.post("/v1/resources", json=resource(), headers=mia)
    rid = r.json()["id"]
    tpe = auth("county_admin", county="TW-TPE")
    patched = await client.patch(f"/v1/resources/{rid}", json={"name": "改"}, headers={**tpe, "If-Match": '"1"'})
    assert patched.status_code == 404
    assert (await client.get(f"/v1/resources/{rid}/history", headers=tpe)).status_code == 404
    assert (await client.post("/v1/resources", json=resource(), headers=tpe)).status_code == 403
    # and nothing changed
    assert (await client.get(f"/v1/resources/{rid}", headers=mia)).json()["version"] == 1


async def test_only_county_admins_write(client, auth):
    for role in ("case_worker", "supervisor", "ministry", "employee"):
        r = await client.post("/v1/resources", json=resource(), headers=auth(role, county="TW-MIA"))
        assert r.status_code == 403, role
    assert (await client.post("/v1/resources", json=resource())).status_code == 401


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"categories": ["hospital"]}, "categories"),
        ({"categories": []}, "categories"),
        ({"lat": 124.5}, "lat"),
        ({"county": "Miaoli"}, "county"),
        ({"languages": ["Chinese!"]}, "languages"),
        ({"hours": {"weekly": {"mon": [{"opens": "17:00", "closes": "09:00"}]}}}, "hours"),
        ({"hours": {"weekly": {"mon": [{"opens": "09:00", "closes": "25:00"}]}}}, "hours"),
        ({"unknown": 1}, "unknown"),
    ],
)
async def test_bad_input_is_a_422_naming_the_field(client, auth, over, field):
    r = await client.post("/v1/resources", json=resource(**over), headers=auth("county_admin", county="TW-MIA"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert field in r.text


async def test_a_used_source_id_is_a_409_with_the_existing_id(client, auth):
    admin = auth("county_admin", county="TW-MIA")
    first = await client.post("/v1/resources", json=resource(source_id="MIA-9"), headers=admin)
    second = await client.post("/v1/resources", json=resource(source_id="MIA-9"), headers=admin)
    assert second.status_code == 409 and second.json()["id"] == first.json()["id"]
    # the same source id in another county is another entry
    other = await client.post(
        "/v1/resources",
        json=resource(county="TW-HSQ", source_id="MIA-9"),
        headers=auth("county_admin", county="TW-HSQ"),
    )
    assert other.status_code == 201


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_required_fields_cannot_be_removed_and_checked_day_cannot_be_in_the_future(client, auth):
    admin = auth("county_admin", county="TW-MIA")
    rid = (await client.post("/v1/resources", json=resource(), headers=admin)).json()["id"]
    r = await client.patch(f"/v1/resources/{rid}", json={"name": None}, headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 422 and r.json()["code"] == "required_field"
    r = await client.patch(
        f"/v1/resources/{rid}", json={"last_checked_on": "2026-12-01"}, headers={**admin, "If-Match": '"1"'}
    )
    assert r.status_code == 422 and r.json()["code"] == "checked_in_the_future"


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_entries_not_checked_for_12_months_are_listed_for_review(client, auth):
    # seed 001 「定期更新」: the stale list is the county's review queue
    admin = auth("county_admin", county="TW-MIA")
    days = {"old": "2024-06-01", "just-stale": "2025-11-29", "just-current": "2025-11-30", "fresh": "2026-11-01"}
    ids = {}
    for name, day in days.items():
        r = await client.post("/v1/resources", json=resource(name=name, last_checked_on=day), headers=admin)
        assert r.status_code == 201, r.text
        ids[name] = r.json()["id"]
    await client.post(
        "/v1/resources",
        json=resource(county="TW-HSQ", name="elsewhere", last_checked_on="2020-01-01"),
        headers=auth("county_admin", county="TW-HSQ"),
    )
    r = await client.get("/v1/resources/stale?limit=1", headers=admin)
    assert r.status_code == 200, r.text
    first = r.json()
    assert [i["name"] for i in first["items"]] == ["old"] and first["items"][0]["stale"] is True
    r2 = await client.get(f"/v1/resources/stale?limit=1&cursor={first['next_cursor']}", headers=admin)
    assert [i["name"] for i in r2.json()["items"]] == ["just-stale"] and r2.json()["next_cursor"] is None

    # a check moves it off the list
    rid = ids["old"]
    r = await client.patch(
        f"/v1/resources/{rid}", json={"last_checked_on": "2026-11-30"}, headers={**admin, "If-Match": '"1"'}
    )
    assert r.json()["stale"] is False
    names = [i["name"] for i in (await client.get("/v1/resources/stale", headers=admin)).json()["items"]]
    assert names == ["just-stale"]

    # another county's list is not theirs; the ministry names the county
    assert (await client.get("/v1/resources/stale?county=TW-HSQ", headers=admin)).status_code == 404
    ministry = auth("ministry", county=None)
    r = await client.get("/v1/resources/stale?county=TW-HSQ", headers=ministry)
    assert [i["name"] for i in r.json()["items"]] == ["elsewhere"]
    assert (await client.get("/v1/resources/stale", headers=ministry)).status_code == 422


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_the_stale_period_is_a_setting(app, client, auth):
    admin = auth("county_admin", county="TW-MIA")
    await client.post("/v1/resources", json=resource(name="half-year", last_checked_on="2026-05-01"), headers=admin)
    settings = app.state.settings
    assert [i["name"] for i in (await client.get("/v1/resources/stale", headers=admin)).json()["items"]] == []
    app.state.settings = settings.model_copy(update={"stale_after_months": 6})
    try:
        items = (await client.get("/v1/resources/stale", headers=admin)).json()["items"]
    finally:
        app.state.settings = settings
    assert [i["name"] for i in items] == ["half-year"]


async def test_a_retried_create_with_the_same_idempotency_key_makes_one_entry(client, auth):
    admin = {**auth("county_admin", county="TW-MIA", sub="admin-retry"), "Idempotency-Key": "create-once-1"}
    first = await client.post("/v1/resources", json=resource(name="once"), headers=admin)
    again = await client.post("/v1/resources", json=resource(name="once"), headers=admin)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert [i["name"] for i in (await client.get("/v1/resources")).json()["items"]] == ["once"]
