"""Tier changes through the API: lock, face-to-face, exceptions, step-up; the policy per county."""

import uuid
from datetime import timedelta

from carenet_core import clock


async def test_step_down_is_refused_while_locked(client, worker, open_case, add_visit, h):
    case = await open_case()
    await add_visit(case["id"], when=h.at(clock.today()), outcome="met")
    r = await client.post(
        f"/v1/cases/{case['id']}/tier-changes", json={"to_tier": 2, "reason": "stable"}, headers=worker
    )
    assert r.status_code == 422 and r.json()["code"] == "tier_locked"


async def test_step_down_needs_a_met_face_to_face_visit_since_the_last_change(client, worker, open_case, add_visit, h):
    case = await open_case(intake_date=h.days_ago(120).isoformat())
    url = f"/v1/cases/{case['id']}/tier-changes"
    await add_visit(case["id"], when=h.at(h.days_ago(3)), method="phone", outcome="met")
    await add_visit(case["id"], when=h.at(h.days_ago(2)), method="face_to_face_home", outcome="not_met")
    r = await client.post(url, json={"to_tier": 2, "reason": "stable"}, headers=worker)
    assert r.status_code == 422 and r.json()["code"] == "face_to_face_required"
    visit = await add_visit(case["id"], when=h.at(h.days_ago(1)), method="face_to_face_other", outcome="met")
    r = await client.post(url, json={"to_tier": 2, "reason": "stable"}, headers=worker)
    assert r.status_code == 201, r.text
    assert r.json()["tier"] == 2 and r.json()["from_tier"] == 1 and r.json()["visit_id"] == visit["id"]
    # the visit before this change no longer counts for the next step-down
    r = await client.post(url, json={"to_tier": 3, "reason": "more stable"}, headers=worker)
    assert r.status_code == 422 and r.json()["code"] == "face_to_face_required"
    got = (await client.get(f"/v1/cases/{case['id']}", headers=worker)).json()
    assert got["tier"] == 2
    # tier 2: next visit 30 days after the last one
    assert got["next_visit_due"] == (h.days_ago(1) + timedelta(days=30)).isoformat()
    history = (await client.get(url, headers=worker)).json()["items"]
    assert [(x["from_tier"], x["to_tier"]) for x in history] == [(None, 1), (1, 2)]
    assert history[1]["changed_by"] == "cw-1" and history[1]["reason"] == "stable"


async def test_step_up_is_always_allowed(client, worker, open_case, add_visit, h):
    case = await open_case(intake_date=h.days_ago(120).isoformat())
    url = f"/v1/cases/{case['id']}/tier-changes"
    await add_visit(case["id"], when=h.at(h.days_ago(1)), outcome="met")
    assert (await client.post(url, json={"to_tier": 2, "reason": "stable"}, headers=worker)).status_code == 201
    r = await client.post(url, json={"to_tier": 1, "reason": "relapse"}, headers=worker)
    assert r.status_code == 201 and r.json()["tier"] == 1


async def test_lost_contact_allows_a_recorded_exception(client, worker, open_case, h):
    case = await open_case(intake_date=h.days_ago(120).isoformat())
    url = f"/v1/cases/{case['id']}/tier-changes"
    patch = await client.patch(
        f"/v1/cases/{case['id']}",
        json={"situation": "lost_contact", "situation_reason": "no answer"},
        headers={**worker, "If-Match": '"1"'},
    )
    assert patch.status_code == 200
    r = await client.post(url, json={"to_tier": 2, "reason": "lost"}, headers=worker)
    assert r.status_code == 422 and r.json()["code"] == "face_to_face_required"
    r = await client.post(
        url, json={"to_tier": 2, "reason": "lost", "exception_reason": "phone off 3 months"}, headers=worker
    )
    assert r.status_code == 201 and r.json()["exception_reason"] == "phone off 3 months"


async def test_step_down_one_tier_at_a_time(client, worker, open_case, add_visit, h):
    case = await open_case(intake_date=h.days_ago(120).isoformat())
    await add_visit(case["id"], when=h.at(h.days_ago(1)), outcome="met")
    r = await client.post(f"/v1/cases/{case['id']}/tier-changes", json={"to_tier": 3, "reason": "x"}, headers=worker)
    assert r.status_code == 422 and r.json()["code"] == "step_down_one_at_a_time"


async def test_tier_out_of_range_is_422_and_roles_403(client, worker, auth, open_case):
    case = await open_case()
    url = f"/v1/cases/{case['id']}/tier-changes"
    assert (await client.post(url, json={"to_tier": 6, "reason": "x"}, headers=worker)).status_code == 422
    assert (await client.post(url, json={"to_tier": 1, "reason": "x"}, headers=auth("county_admin"))).status_code == 403


async def test_a_county_policy_version_changes_intervals(client, auth, worker, open_case, add_visit, h):
    admin = auth("county_admin", county="TW-MIA")
    body = {"effective_from": clock.today().isoformat(), "intervals": {"1": 10, "2": 30, "3": 90, "4": 180, "5": 365}}
    r = await client.post("/v1/tier-policies/TW-MIA", json=body, headers=admin)
    assert r.status_code == 201 and r.json()["current"]["intervals"]["1"] == 10
    assert (await client.post("/v1/tier-policies/TW-MIA", json=body, headers=admin)).status_code == 409
    past = {**body, "effective_from": h.days_ago(1).isoformat()}
    assert (await client.post("/v1/tier-policies/TW-MIA", json=past, headers=admin)).status_code == 422
    assert (await client.post("/v1/tier-policies/TW-HSQ", json=body, headers=admin)).status_code == 403
    case = await open_case()
    assert case["next_visit_due"] == (clock.today() + timedelta(days=10)).isoformat()
    other = await client.get("/v1/tier-policies/TW-HSQ", headers=auth("county_admin", county="TW-HSQ"))
    assert other.json()["current"]["intervals"]["1"] == 14


async def test_step_down_needs_the_person_seen_not_only_the_family(client, worker, open_case, add_visit, h):
    """seed 001: 個案降級前應以實際面訪本人為原則."""
    case = await open_case(intake_date=h.days_ago(120).isoformat())
    url = f"/v1/cases/{case['id']}/tier-changes"
    family = await add_visit(case["id"], when=h.at(h.days_ago(2)), method="face_to_face_home", seen="family_only")
    assert family["seen"] == "family_only" and family["outcome"] == "met"
    r = await client.post(url, json={"to_tier": 2, "reason": "stable"}, headers=worker)
    assert r.status_code == 422 and r.json()["code"] == "face_to_face_required"
    person = await add_visit(case["id"], when=h.at(h.days_ago(1)), method="face_to_face_home", seen="person")
    r = await client.post(url, json={"to_tier": 2, "reason": "stable"}, headers=worker)
    assert r.status_code == 201 and r.json()["visit_id"] == person["id"]


async def test_seen_defaults_and_contradictions(client, worker, open_case, add_visit, h):
    case = await open_case()
    met = await add_visit(case["id"], when=h.at(h.days_ago(0), 8))
    not_met = await add_visit(case["id"], when=h.at(h.days_ago(0), 9), outcome="not_met")
    assert met["seen"] == "person" and not_met["seen"] is None
    body = {"id": str(uuid.uuid4()), "visited_at": h.at(h.days_ago(0), 10), "method": "phone", "outcome": "not_met"}
    r = await client.post(f"/v1/cases/{case['id']}/visits", json={**body, "seen": "person"}, headers=worker)
    assert r.status_code == 422 and r.json()["code"] == "seen_contradicts_outcome"
    r = await client.post(f"/v1/cases/{case['id']}/visits", json={**body, "seen": "family_only"}, headers=worker)
    assert r.status_code == 201 and r.json()["seen"] == "family_only"
    # an edit to family_only takes the visit out of step-down's reach
    got = await client.get(f"/v1/cases/{case['id']}/visits/{met['id']}", headers=worker)
    r = await client.patch(
        f"/v1/cases/{case['id']}/visits/{met['id']}",
        json={"seen": "family_only"},
        headers={**worker, "If-Match": got.headers["ETag"]},
    )
    assert r.status_code == 200 and r.json()["seen"] == "family_only"
