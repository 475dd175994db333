"""Referrals name a resource of the directory by its id. Inside case-mgmt the directory is not
configured, so a referral is kept unchecked (a phone in the mountains never loses one); the checked
path through the gateway is in tests/test_resources_stack.py."""

import uuid
from datetime import date

import pytest
from carenet_case_mgmt.referrals.rules import checked_categories, referral_day_allowed

pytestmark = pytest.mark.now("2026-11-12T10:00:00+08:00")


@pytest.mark.parametrize(
    ("referred_on", "allowed"),
    [(date(2026, 11, 12), True), (date(2026, 11, 11), True), (date(2026, 11, 13), False)],
)
def test_a_referral_is_never_dated_after_today(referred_on, allowed):
    assert referral_day_allowed(referred_on, date(2026, 11, 12)) is allowed


@pytest.mark.parametrize(("stored", "listed"), [(None, []), ("", []), ("a", ["a"]), ("a,b", ["a", "b"])])
def test_stored_categories(stored, listed):
    assert checked_categories(stored) == listed


def _body(**over) -> dict:
    return {"id": str(uuid.uuid4()), "resource_id": "res-1", "reason": "就業輔導"} | over


async def test_a_referral_without_the_directory_is_kept_unchecked_and_a_resend_creates_nothing(
    client, worker, open_case
):
    case = await open_case()
    body = _body()
    r = await client.post(f"/v1/cases/{case['id']}/referrals", json=body, headers=worker)
    assert r.status_code == 201, r.text
    got = r.json()
    assert (got["resource_id"], got["resource_checked"], got["resource_name"]) == ("res-1", False, None)
    assert got["referred_on"] == "2026-11-12"  # today in Taipei when absent
    again = await client.post(f"/v1/cases/{case['id']}/referrals", json=body, headers=worker)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    listed = await client.get(f"/v1/cases/{case['id']}/referrals", headers=worker)
    assert [i["id"] for i in listed.json()["items"]] == [body["id"]]


async def test_refused_referrals_write_nothing(client, worker, auth, open_case):
    case, other_case = await open_case(), await open_case()
    body = _body()
    assert (await client.post(f"/v1/cases/{case['id']}/referrals", json=body, headers=worker)).status_code == 201
    # the same id on another case
    r = await client.post(f"/v1/cases/{other_case['id']}/referrals", json=body, headers=worker)
    assert r.status_code == 409 and r.json()["code"] == "referral_id_taken"
    # dated tomorrow
    r = await client.post(
        f"/v1/cases/{other_case['id']}/referrals", json=_body(referred_on="2026-11-13"), headers=worker
    )
    assert r.status_code == 422 and r.json()["code"] == "referred_in_future"
    # another county's worker does not see the case
    stranger = auth("case_worker", county="TW-HSQ", district="竹北市", sub="cw-hsq")
    r = await client.post(f"/v1/cases/{case['id']}/referrals", json=_body(), headers=stranger)
    assert r.status_code == 404
    listed = await client.get(f"/v1/cases/{other_case['id']}/referrals", headers=worker)
    assert listed.json()["items"] == []
