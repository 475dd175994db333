"""The core ETag scheme (version numbers) on samplings, anomalies and audits; keyset cursors."""

from ha_testkit import COUNTY, add_unit, ingest, record, records


async def drawn(client, admin, system, auditor, n=12):
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", n))
    body = (await client.post("/v1/samplings", json={"month": "2026-10", "county": COUNTY}, headers=auditor)).json()
    items = (await client.get(f"/v1/samplings/{body['id']}/samples", headers=auditor)).json()["items"]
    return body["id"], items


async def test_sampling_etag_is_its_version_and_moves_with_what_readers_see(client, admin, system, auditor):
    sid, items = await drawn(client, admin, system, auditor)
    first = await client.get(f"/v1/samplings/{sid}", headers=auditor)
    assert first.headers["etag"] == '"1"' and first.json()["version"] == 1
    again = await client.get(f"/v1/samplings/{sid}", headers=auditor)
    assert again.headers["etag"] == '"1"'  # reading changes nothing
    r = await client.post(f"/v1/samples/{items[0]['id']}/review", json={"verdict": "justified"}, headers=auditor)
    assert r.status_code == 200
    after_review = await client.get(f"/v1/samplings/{sid}", headers=auditor)
    assert after_review.headers["etag"] == '"2"' and after_review.json()["progress"]["reviewed"] == 1
    # a late record changes `late_records`, so the ETag too
    await ingest(client, system, [record("U1", i=99)])
    late = await client.get(f"/v1/samplings/{sid}", headers=auditor)
    assert late.json()["late_records"] == 1 and late.headers["etag"] == '"3"'


async def test_anomaly_if_match_uses_the_version(client, admin, system, auditor):
    _, items = await drawn(client, admin, system, auditor)
    r = await client.post(f"/v1/samples/{items[0]['id']}/review", json={"verdict": "unjustified"}, headers=auditor)
    aid = r.json()["anomaly_id"]
    got = await client.get(f"/v1/anomalies/{aid}", headers=auditor)
    assert got.headers["etag"] == '"1"'
    moved = await client.patch(
        f"/v1/anomalies/{aid}", json={"status": "investigating"}, headers=auditor | {"If-Match": '"1"'}
    )
    assert moved.status_code == 200 and moved.headers["etag"] == '"2"'
    stale = await client.patch(
        f"/v1/anomalies/{aid}", json={"outcome": "x"}, headers=auditor | {"If-Match": got.headers["etag"]}
    )
    assert stale.status_code == 412 and stale.json()["current_etag"] == '"2"'


async def test_units_page_by_keyset_and_a_forged_cursor_is_422(client, admin):
    for code in ("U3", "U1", "U2"):
        await add_unit(client, admin, code)
    first = (await client.get("/v1/units", params={"limit": 2}, headers=admin)).json()
    assert [u["code"] for u in first["items"]] == ["U1", "U2"]
    rest = (await client.get("/v1/units", params={"limit": 2, "cursor": first["next_cursor"]}, headers=admin)).json()
    assert [u["code"] for u in rest["items"]] == ["U3"] and rest["next_cursor"] is None
    assert (await client.get("/v1/units", params={"cursor": "bm9wZQ"}, headers=admin)).status_code == 422
    for path in ("/v1/anomalies", "/v1/legal-holds"):
        bad = await client.get(path, params={"cursor": "WzEsMl0"}, headers=admin)  # [1,2]
        assert bad.status_code == 422 and bad.json()["code"] == "invalid_cursor"
