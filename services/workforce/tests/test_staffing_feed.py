"""`staffing.fact` events on the outbox feed, recomputed in the transaction of each staff change (docs/events.md)."""

import pytest
from wf_testkit import add_staff

pytestmark = pytest.mark.now("2026-11-12T10:00:00+08:00")


async def _facts(client, auth) -> list[dict]:
    r = await client.get("/v1/events", params={"after": 0, "limit": 500}, headers=auth("system", county=None))
    assert r.status_code == 200, r.text
    return [e["data"] for e in r.json()["items"] if e["type"] == "staffing.fact"]


def _latest(facts: list[dict], code: str) -> dict:
    return [f for f in facts if f["code"] == code][-1]


async def test_each_staff_change_publishes_both_facts_with_hand_counted_numbers(client, admin, auth):
    await add_staff(client, admin, "s-1", "supervisor", "2020-01-01", psychiatric_visit_share=0)
    await add_staff(client, admin, "v-1", "psychiatric_visitor", "2020-01-01", psychiatric_visit_share=1)
    await add_staff(client, admin, "v-2", "suicide_visitor", "2020-01-01", psychiatric_visit_share=0)
    await add_staff(client, admin, "w-1", "mh_social_worker", "2020-01-01", psychiatric_visit_share=0.2)
    await add_staff(
        client, admin, "v-c", "psychiatric_visitor", "2020-01-01", psychiatric_visit_share=1, funding="county"
    )
    await add_staff(client, admin, "a-1", "admin_staff", "2020-01-01", psychiatric_visit_share=0)
    facts = await _facts(client, auth)
    assert len(facts) == 12  # two per change
    ratio = _latest(facts, "supervisor_ratio")
    # 4 case managers (v-1, v-2, w-1, v-c) per 1 supervisor (≤ 7 is the rule)
    assert (ratio["county"], ratio["period"], ratio["value"], ratio["numerator"], ratio["denominator"]) == (
        "TW-MIA",
        "2026",
        4.0,
        4,
        1,
    )
    admin_fact = _latest(facts, "dedicated_admin_staff")
    # subsidised visiting staff: v-1 (1), v-2 (0), w-1 (0.2) → 1.2 FTE of 3 = 40 % < 50 %
    assert (admin_fact["value"], admin_fact["numerator"], admin_fact["denominator"]) == (40.0, 1.2, 3)
    assert "as of 2026-11-12" in admin_fact["evidence"] and admin_fact["computed_at"].startswith("2026-11-12")

    await add_staff(client, admin, "v-3", "psychiatric_visitor", "2020-01-01", psychiatric_visit_share=0.8)
    admin_fact = _latest(await _facts(client, auth), "dedicated_admin_staff")
    assert (admin_fact["value"], admin_fact["numerator"], admin_fact["denominator"]) == (50.0, 2.0, 4)  # 2.0 / 4 = 50 %


async def test_without_administrative_staff_the_graded_value_is_zero_whatever_the_share(client, admin, auth):
    await add_staff(client, admin, "v-1", "psychiatric_visitor", "2020-01-01", psychiatric_visit_share=1)
    admin_fact = _latest(await _facts(client, auth), "dedicated_admin_staff")
    assert (admin_fact["value"], admin_fact["numerator"], admin_fact["denominator"]) == (0.0, 1.0, 1)
    assert "0 administrative staff" in admin_fact["evidence"]
    await add_staff(client, admin, "a-1", "admin_staff", "2020-01-01", psychiatric_visit_share=0)
    admin_fact = _latest(await _facts(client, auth), "dedicated_admin_staff")
    assert admin_fact["value"] == 100.0


async def test_a_departure_republishes(client, admin, auth):
    sup = await add_staff(client, admin, "s-1", "supervisor", "2020-01-01")
    for i in range(7):
        await add_staff(client, admin, f"v-{i}", "psychiatric_visitor", "2020-01-01")
    assert _latest(await _facts(client, auth), "supervisor_ratio")["value"] == 7.0
    r = await client.patch(f"/v1/staff/{sup}", json={"ended_on": "2026-11-01"}, headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 200
    ratio = _latest(await _facts(client, auth), "supervisor_ratio")
    assert (ratio["value"], ratio["numerator"], ratio["denominator"]) == (None, 7, 0)


async def test_a_refused_change_publishes_nothing(client, admin, auth):
    await add_staff(client, admin, "s-1", "supervisor", "2020-01-01")
    before = len(await _facts(client, auth))
    r = await client.post(
        "/v1/staff",
        json={
            "sub": "s-1",
            "name": "x",
            "county": "TW-MIA",
            "kind": "supervisor",
            "funding": "county",
            "started_on": "2020-01-01",
            "psychiatric_visit_share": 0,
        },
        headers=admin,
    )
    assert r.status_code == 409
    assert len(await _facts(client, auth)) == before


async def test_events_are_for_the_system_role(client, admin):
    assert (await client.get("/v1/events", headers=admin)).status_code == 403
