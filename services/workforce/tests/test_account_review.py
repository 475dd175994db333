"""The six-monthly account review (定期清查帳號(至少半年一次)): activity in, flags, decisions, sign-off."""

import pytest
from wf_testkit import COUNTY, OTHER, add_staff

pytestmark = pytest.mark.now("2026-12-01T10:00:00+08:00")


def _activity(sub: str, last_seen: str, county: str = COUNTY) -> dict:
    return {"sub": sub, "county": county, "last_seen": last_seen, "roles": ["case_worker"]}


async def _feed(client, system, *records) -> dict:
    r = await client.post("/v1/account-activity", json={"records": list(records)}, headers=system)
    assert r.status_code == 200, r.text
    return r.json()


async def test_someone_who_left_100_days_ago_and_still_called_in_is_flagged_and_sign_off_waits(client, admin, system):
    # left on 2026-08-23, 100 days before the review on 2026-12-01
    leaver = await add_staff(client, admin, "cw-left", "psychiatric_visitor", "2023-01-01", ended_on="2026-08-23")
    await add_staff(client, admin, "cw-here", "psychiatric_visitor", "2023-01-01")
    await add_staff(client, admin, "cw-idle", "suicide_visitor", "2023-01-01")
    await _feed(
        client,
        system,
        _activity("cw-left", "2026-11-30T09:00:00+08:00"),
        _activity("cw-here", "2026-11-30T09:00:00+08:00"),
        _activity("cw-idle", "2026-08-01T09:00:00+08:00"),
        _activity("stranger", "2026-11-20T09:00:00+08:00"),
        _activity("cw-left", "2026-11-29T09:00:00+08:00", county=OTHER),
    )
    r = await client.post("/v1/account-reviews", json={"county": COUNTY, "half": "2026-H2"}, headers=admin)
    assert r.status_code == 201, r.text
    review = r.json()
    assert {(f["sub"], f["reason"]) for f in review["flags"]} == {
        ("cw-left", "left_but_active"),
        ("cw-idle", "idle"),
        ("stranger", "no_staff_record"),
    }
    assert review["accounts_reviewed"] == 4
    left = next(a for a in review["accounts"] if a["sub"] == "cw-left")
    assert left["staff_id"] == leaver and left["last_seen"].startswith("2026-11-30T01:00:00")

    url = f"/v1/account-reviews/{review['id']}"
    r = await client.post(f"{url}/sign-off", headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "flags_undecided"
    assert r.json()["undecided"] == ["cw-idle", "cw-left", "stranger"]
    for sub, decision in (("cw-left", "disabled"), ("cw-idle", "kept")):
        r = await client.post(f"{url}/decisions", json={"sub": sub, "decision": decision, "note": "n"}, headers=admin)
        assert r.status_code == 200, r.text
    r = await client.post(f"{url}/sign-off", headers=admin)
    assert r.status_code == 409 and r.json()["undecided"] == ["stranger"]
    r = await client.post(f"{url}/decisions", json={"sub": "nobody", "decision": "disabled"}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "flag_not_found"
    r = await client.post(f"{url}/decisions", json={"sub": "stranger", "decision": "disabled"}, headers=admin)
    assert r.json()["undecided"] == 0
    r = await client.post(f"{url}/sign-off", headers=admin)
    assert r.status_code == 200 and r.json()["signed_by"] == "admin-mia"
    r = await client.post(f"{url}/decisions", json={"sub": "stranger", "decision": "kept"}, headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "review_signed"
    got = (await client.get(url, headers=admin)).json()
    assert got["signed_at"] is not None and {f["decision"] for f in got["flags"]} == {"disabled", "kept"}


async def test_activity_is_idempotent_and_keeps_the_latest(client, admin, system):
    await add_staff(client, admin, "cw", "psychiatric_visitor", "2023-01-01", ended_on="2026-08-23")
    batch = [_activity("cw", "2026-08-20T09:00:00+08:00"), _activity("cw", "2026-11-30T09:00:00+08:00")]
    assert (await _feed(client, system, *batch)) == {"accepted": 2, "accounts": 1}
    await _feed(client, system, *batch)
    await _feed(client, system, _activity("cw", "2026-08-01T09:00:00+08:00"))  # older: last_seen stays
    review = (
        await client.post("/v1/account-reviews", json={"county": COUNTY, "half": "2026-H2"}, headers=admin)
    ).json()
    assert [(f["sub"], f["reason"], f["last_seen"][:10]) for f in review["flags"]] == [
        ("cw", "left_but_active", "2026-11-30")
    ]


async def test_review_rules(client, admin, auth, system):
    assert (await client.post("/v1/account-reviews", json={"county": COUNTY, "half": "2027-H1"}, headers=admin)).json()[
        "code"
    ] == "half_not_started"
    first = await client.post("/v1/account-reviews", json={"county": COUNTY, "half": "2026-H2"}, headers=admin)
    assert first.status_code == 201 and first.json()["flags"] == []
    # nothing flagged: sign-off at once
    assert (await client.post(f"/v1/account-reviews/{first.json()['id']}/sign-off", headers=admin)).status_code == 200
    again = await client.post("/v1/account-reviews", json={"county": COUNTY, "half": "2026-H2"}, headers=admin)
    assert again.status_code == 409 and again.json()["id"] == first.json()["id"]
    other = auth("county_admin", county=OTHER)
    assert (await client.get(f"/v1/account-reviews/{first.json()['id']}", headers=other)).status_code == 404
    r = await client.post("/v1/account-reviews", json={"county": COUNTY, "half": "2026-H3"}, headers=admin)
    assert r.status_code == 422
    assert (await client.post("/v1/account-activity", json={"records": []}, headers=admin)).status_code == 403
    bad = {"records": [{"sub": "x", "county": COUNTY, "last_seen": "2026-11-30T09:00:00"}]}  # no offset
    assert (await client.post("/v1/account-activity", json=bad, headers=system)).status_code == 422


async def test_the_review_is_trailed(client, admin, db):
    from carenet_core.trail import AccessEntry
    from sqlalchemy import select

    review = (
        await client.post("/v1/account-reviews", json={"county": COUNTY, "half": "2026-H2"}, headers=admin)
    ).json()
    await client.post(f"/v1/account-reviews/{review['id']}/sign-off", headers=admin)
    async with db.transaction() as s:
        rows = (
            await s.execute(
                select(AccessEntry.action, AccessEntry.actor).where(
                    AccessEntry.resource == f"account-reviews/{review['id']}"
                )
            )
        ).all()
    assert sorted(rows) == [("create", "admin-mia"), ("sign_off", "admin-mia")]


async def test_the_county_admin_lists_the_accounts_seen_in_the_county(client, admin, auth, system):
    await _feed(
        client,
        system,
        _activity("b-user", "2026-11-30T09:00:00+08:00"),
        _activity("a-user", "2026-11-01T09:00:00+08:00"),
        _activity("a-user", "2026-10-01T09:00:00+08:00"),
        _activity("c-user", "2026-11-30T09:00:00+08:00", county=OTHER),
    )
    r = await client.get("/v1/account-activity", params={"county": COUNTY, "limit": 1}, headers=admin)
    assert r.status_code == 200, r.text
    first = r.json()
    assert [(a["sub"], a["first_seen"][:10], a["last_seen"][:10]) for a in first["items"]] == [
        ("a-user", "2026-10-01", "2026-11-01")
    ]
    r = await client.get(
        "/v1/account-activity", params={"county": COUNTY, "cursor": first["next_cursor"]}, headers=admin
    )
    assert [a["sub"] for a in r.json()["items"]] == ["b-user"]
    other = auth("county_admin", county=OTHER)
    assert (await client.get("/v1/account-activity", params={"county": COUNTY}, headers=other)).status_code == 404


async def test_review_status_says_when_the_last_ended_half_has_no_signed_review(client, admin, auth):
    params = {"county": COUNTY}
    r = await client.get("/v1/account-reviews/status", params=params, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json() == {"county": COUNTY, "due_half": "2026-H1", "signed_halves": [], "overdue": True}
    review = (
        await client.post("/v1/account-reviews", json={"county": COUNTY, "half": "2026-H1"}, headers=admin)
    ).json()
    assert (await client.get("/v1/account-reviews/status", params=params, headers=admin)).json()["overdue"] is True
    await client.post(f"/v1/account-reviews/{review['id']}/sign-off", headers=admin)
    r = await client.get("/v1/account-reviews/status", params=params, headers=auth("ministry", county=None))
    assert r.json()["overdue"] is False and r.json()["signed_halves"] == ["2026-H1"]
    other = auth("county_admin", county=OTHER)
    assert (await client.get("/v1/account-reviews/status", params=params, headers=other)).status_code == 404


async def test_a_sign_off_emits_the_half_year_as_reviewed_in_its_transaction(client, admin, auth, system):
    async def facts() -> list[dict]:
        r = await client.get("/v1/events", params={"after": 0, "limit": 500}, headers=auth("system", county=None))
        assert r.status_code == 200, r.text
        return [
            e["data"]
            for e in r.json()["items"]
            if e["type"] == "staffing.fact" and e["data"]["code"] == "account_review_half_yearly"
        ]

    await _feed(client, system, _activity("gone", "2026-11-30T09:00:00+08:00"))
    review = (
        await client.post("/v1/account-reviews", json={"county": COUNTY, "half": "2026-H1"}, headers=admin)
    ).json()
    url = f"/v1/account-reviews/{review['id']}"
    # a refused sign-off (a flag undecided) emits nothing: the event lives and dies with the sign-off
    assert (await client.post(f"{url}/sign-off", headers=admin)).status_code == 409
    assert await facts() == []
    await client.post(f"{url}/decisions", json={"sub": "gone", "decision": "disabled"}, headers=admin)
    assert (await client.post(f"{url}/sign-off", headers=admin)).status_code == 200
    [fact] = await facts()
    assert (fact["county"], fact["period"], fact["value"]) == (COUNTY, "2026-H1", 1)
    assert "signed off by admin-mia at 2026-12-01T" in fact["evidence"] and review["id"] in fact["evidence"]
    assert "1 accounts reviewed, 1 flags decided" in fact["evidence"]
    assert fact["computed_at"].startswith("2026-12-01T")
    # signing again is refused and emits nothing more
    assert (await client.post(f"{url}/sign-off", headers=admin)).status_code == 409
    assert len(await facts()) == 1
