"""The staff register over HTTP: county admin writes its own county, supervisors read theirs, 404 outside."""

import pytest
from wf_testkit import COUNTY, OTHER, add_staff, staff_body

pytestmark = pytest.mark.now("2026-11-12T10:00:00+08:00")


async def test_county_admin_adds_staff_and_supervisors_of_the_county_read_it(client, admin, auth):
    r = await client.post("/v1/staff", json=staff_body("v-001", "psychiatric_visitor", "2025-03-01"), headers=admin)
    assert r.status_code == 201, r.text
    staff_id = r.json()["id"]
    assert r.headers["ETag"] == '"1"'
    r = await client.get(f"/v1/staff/{staff_id}", headers=auth("supervisor", county=COUNTY))
    assert r.status_code == 200 and r.json()["kind"] == "psychiatric_visitor"
    assert (await client.get(f"/v1/staff/{staff_id}", headers=auth("supervisor", county=OTHER))).status_code == 404
    assert (await client.get(f"/v1/staff/{staff_id}", headers=auth("case_worker", county=COUNTY))).status_code == 403
    page = (await client.get("/v1/staff", headers=auth("supervisor", county=COUNTY))).json()
    assert [s["sub"] for s in page["items"]] == ["v-001"]
    assert (await client.get("/v1/staff", headers=auth("supervisor", county=OTHER))).json()["items"] == []


async def test_writes_are_for_the_county_admin_of_that_county(client, auth, admin):
    body = staff_body("v-002", "suicide_visitor", "2025-03-01")
    assert (await client.post("/v1/staff", json=body, headers=auth("supervisor", county=COUNTY))).status_code == 403
    r = await client.post("/v1/staff", json=body, headers=auth("county_admin", county=OTHER))
    assert r.status_code == 403 and r.json()["code"] == "out_of_jurisdiction"
    assert (await client.post("/v1/staff", json=body, headers=admin)).status_code == 201
    r = await client.post("/v1/staff", json=body, headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "staff_exists"


@pytest.mark.parametrize(
    "change",
    [
        {"psychiatric_visit_share": 1.5},
        {"kind": "janitor"},
        {"started_on": "2025-03-01", "ended_on": "2025-01-01"},
        {"county": "TW-MIA "},
    ],
)
async def test_bad_staff_is_422(client, admin, change):
    r = await client.post(
        "/v1/staff", json=staff_body("v-003", "psychiatric_visitor", "2025-03-01") | change, headers=admin
    )
    assert r.status_code == 422, r.text


async def test_a_departure_is_a_patch_with_if_match(client, admin):
    staff_id = await add_staff(client, admin, "v-004", "psychiatric_visitor", "2024-01-01")
    url = f"/v1/staff/{staff_id}"
    assert (await client.patch(url, json={"ended_on": "2026-10-31"}, headers=admin)).status_code == 428
    r = await client.patch(url, json={"ended_on": "2026-10-31"}, headers={**admin, "If-Match": '"9"'})
    assert r.status_code == 412
    r = await client.patch(url, json={"ended_on": "2026-10-31"}, headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["ended_on"] == "2026-10-31" and r.headers["ETag"] == '"2"'
    r = await client.patch(url, json={"ended_on": "2023-01-01"}, headers={**admin, "If-Match": '"2"'})
    assert r.status_code == 422 and r.json()["code"] == "ends_before_start"
    r = await client.patch(url, json={"kind": None}, headers={**admin, "If-Match": '"2"'})
    assert r.status_code == 422


async def test_reads_and_writes_of_a_staff_record_are_trailed(client, admin, db):
    from carenet_core.trail import AccessEntry
    from sqlalchemy import select

    staff_id = await add_staff(client, admin, "v-005", "psychiatric_visitor", "2024-01-01")
    await client.get(f"/v1/staff/{staff_id}", headers=admin)
    async with db.transaction() as s:
        actions = (await s.scalars(select(AccessEntry.action).where(AccessEntry.person_ref == staff_id))).all()
    assert sorted(actions) == ["create", "read"]
