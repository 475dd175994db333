"""Who may review: nobody their own queries (403 self_review); a unit's reviewer its unit only; the county all.

Seed 001: 「所有使用單位(含衛生局(所)、轄內醫療機構)每月皆須辦理抽查作業」 and 「每半年由衛生局辦理稽核作業」.
"""

import csv
import io

import pytest
from carenet_household_audit.reviews.rules import is_self_review
from ha_testkit import COUNTY, add_unit, ingest, records


@pytest.mark.parametrize(
    ("reviewer", "queried_by", "self_review"),
    [("auditor-1", "auditor-1", True), ("auditor-1", "nurse-7", False), ("auditor-1", None, False)],
)
def test_self_review_rule(reviewer, queried_by, self_review):
    assert is_self_review(reviewer=reviewer, queried_by=queried_by) is self_review


async def two_units_drawn(client, admin, system, auditor):
    await add_unit(client, admin, "HB")
    await add_unit(client, admin, "HOSP", kind="hospital")
    await ingest(client, system, records("HB", 12) + records("HOSP", 11))
    body = (await client.post("/v1/samplings", json={"month": "2026-10", "county": COUNTY}, headers=auditor)).json()
    items = (await client.get(f"/v1/samplings/{body['id']}/samples", params={"limit": 500}, headers=auditor)).json()[
        "items"
    ]
    return body["id"], items


async def test_a_reviewer_may_not_review_their_own_query(client, admin, system, auditor, auth):
    _, items = await two_units_drawn(client, admin, system, auditor)
    mine = items[0]
    me = auth("auditor", county=COUNTY, sub=mine["user_id"])
    r = await client.post(f"/v1/samples/{mine['id']}/review", json={"verdict": "justified"}, headers=me)
    assert r.status_code == 403 and r.json()["code"] == "self_review"
    # nothing was written: the sample has no verdict and another reviewer can still judge it
    theirs = await client.post(f"/v1/samples/{mine['id']}/review", json={"verdict": "justified"}, headers=auditor)
    assert theirs.status_code == 200 and theirs.json()["reviewer"] == "auditor-mia"
    other = next(s for s in items if s["user_id"] != mine["user_id"])
    assert (
        await client.post(f"/v1/samples/{other['id']}/review", json={"verdict": "justified"}, headers=me)
    ).status_code == 200


async def test_a_units_reviewer_sees_and_reviews_only_its_unit(client, admin, system, auditor, auth):
    sid, items = await two_units_drawn(client, admin, system, auditor)
    assert {s["unit"] for s in items} == {"HB", "HOSP"}  # the county sees all
    hospital = auth("auditor", county=COUNTY, unit="HOSP", sub="hosp-reviewer")
    own = (await client.get(f"/v1/samplings/{sid}/samples", params={"limit": 500}, headers=hospital)).json()["items"]
    assert {s["unit"] for s in own} == {"HOSP"} and len(own) == 10
    asked = await client.get(f"/v1/samplings/{sid}/samples", params={"unit": "HB"}, headers=hospital)
    assert asked.json()["items"] == []
    hb_sample = next(s for s in items if s["unit"] == "HB")
    hosp_sample = own[0]
    no = await client.post(f"/v1/samples/{hb_sample['id']}/review", json={"verdict": "unjustified"}, headers=hospital)
    assert no.status_code == 404
    yes = await client.post(
        f"/v1/samples/{hosp_sample['id']}/review", json={"verdict": "unjustified"}, headers=hospital
    )
    assert yes.status_code == 200
    # the county's unjustified verdict on HB opens an anomaly the hospital does not see
    await client.post(f"/v1/samples/{hb_sample['id']}/review", json={"verdict": "unjustified"}, headers=auditor)
    seen = (await client.get("/v1/anomalies", headers=hospital)).json()["items"]
    assert [a["unit"] for a in seen] == ["HOSP"]
    county_view = (await client.get("/v1/anomalies", headers=auditor)).json()["items"]
    assert sorted(a["unit"] for a in county_view) == ["HB", "HOSP"]
    hb_anomaly = next(a for a in county_view if a["unit"] == "HB")
    assert (await client.get(f"/v1/anomalies/{hb_anomaly['id']}", headers=hospital)).status_code == 404
    sheet = await client.get(f"/v1/samplings/{sid}/export", headers=hospital)
    rows = list(csv.DictReader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert {r["單位代碼"] for r in rows} == {"HOSP"} and len(rows) == 10
