"""Reporting to the ministry: internal audits and concluded anomalies are submitted (who, when), once;
the ministry lists every county's submissions without personal data."""

from ha_testkit import COUNTY, OTHER, add_unit, ingest, records

OUTCOME = "查詢者王小明已接受懲處"


async def concluded_anomaly(client, admin, system, auditor, month="2026-10"):
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 12, at=f"{month}-15T10:00:00+08:00"))
    sid = (await client.post("/v1/samplings", json={"month": month, "county": COUNTY}, headers=auditor)).json()["id"]
    items = (await client.get(f"/v1/samplings/{sid}/samples", headers=auditor)).json()["items"]
    r = await client.post(f"/v1/samples/{items[0]['id']}/review", json={"verdict": "unjustified"}, headers=auditor)
    aid = r.json()["anomaly_id"]
    return aid, items[0]


async def test_a_concluded_anomaly_is_submitted_once_with_who_and_when(client, admin, system, auditor, auth):
    aid, sample = await concluded_anomaly(client, admin, system, auditor)
    early = await client.post(f"/v1/anomalies/{aid}/submit", json={}, headers=admin)
    assert early.status_code == 422 and early.json()["code"] == "not_concluded"
    await client.patch(f"/v1/anomalies/{aid}", json={"status": "concluded", "outcome": OUTCOME}, headers=auditor)
    assert (await client.post(f"/v1/anomalies/{aid}/submit", json={}, headers=auditor)).status_code == 403
    stale = await client.post(f"/v1/anomalies/{aid}/submit", json={}, headers=admin | {"If-Match": '"1"'})
    assert stale.status_code == 412
    r = await client.post(f"/v1/anomalies/{aid}/submit", json={"report_ref": "苗衛字第1號"}, headers=admin)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "reported" and body["reported_by"] == "admin-mia" and body["reported_to_ministry_at"]
    assert body["report_ref"] == "苗衛字第1號"
    again = await client.post(f"/v1/anomalies/{aid}/submit", json={}, headers=admin)
    assert again.status_code == 409 and again.json()["code"] == "already_submitted"

    ministry = auth("ministry", county=None, sub="moh-1")
    listed = await client.get("/v1/submissions/anomalies", headers=ministry)
    assert listed.status_code == 200
    [item] = listed.json()["items"]
    assert item["id"] == aid and item["county"] == COUNTY and item["unit"] == "U1"
    assert item["submitted_at"] == body["reported_to_ministry_at"]
    # no person: neither the querying user, the subject, the reviewer, the sample nor the outcome's text
    text = listed.text
    for personal in (sample["user_id"], sample["subject"], "admin-mia", "auditor-mia", OUTCOME, sample["id"]):
        assert personal not in text
    other = auth("county_admin", county=OTHER)
    assert (await client.get("/v1/submissions/anomalies", headers=other)).json()["items"] == []
    assert (await client.get("/v1/submissions/anomalies", headers=auditor)).status_code == 403


async def test_an_internal_audit_is_submitted_and_the_ministry_lists_it(client, admin, system, auditor, auth):
    await add_unit(client, admin, "U1")
    r = await client.post("/v1/internal-audits", json={"half": "2026-H1", "county": COUNTY}, headers=admin)
    assert r.status_code == 201
    audit = r.json()
    assert audit["status"] == "draft" and audit["submitted_at"] is None
    ministry = auth("ministry", county=None, sub="moh-1")
    assert (await client.get("/v1/submissions/internal-audits", headers=ministry)).json()["items"] == []  # drafts stay

    sub = await client.post(f"/v1/internal-audits/{audit['id']}/submit", headers=admin)
    assert sub.status_code == 200, sub.text
    assert sub.json()["status"] == "submitted" and sub.json()["submitted_by"] == "admin-mia"
    assert sub.headers["etag"] == '"2"'
    assert (await client.post(f"/v1/internal-audits/{audit['id']}/submit", headers=admin)).status_code == 409
    other = auth("county_admin", county=OTHER)
    assert (await client.post(f"/v1/internal-audits/{audit['id']}/submit", headers=other)).status_code == 404

    listed = await client.get("/v1/submissions/internal-audits", params={"half": "2026-H1"}, headers=ministry)
    [item] = listed.json()["items"]
    assert item["id"] == audit["id"] and item["county"] == COUNTY and len(item["results"]) == 6
    assert item["passed"] is False and "admin-mia" not in listed.text
    assert (await client.get("/v1/submissions/internal-audits", headers=other)).json()["items"] == []
