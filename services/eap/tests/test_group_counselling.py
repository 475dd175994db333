"""Group counselling after an incident (seed 002 暖心陪伴渡危機: 適時提供團體諮商)."""

from __future__ import annotations

import pytest
from carenet_eap.group_counselling.rules import has_seat, may_join

from .helpers import at, make_counsellor


@pytest.mark.parametrize(("taken", "capacity", "seat"), [(0, 1, True), (11, 12, True), (12, 12, False)])
def test_capacity_is_hard(taken, capacity, seat):
    assert has_seat(taken, capacity) is seat


def test_a_session_is_for_its_agency():
    assert may_join("工務局", "工務局") and not may_join("工務局", "社會局") and not may_join("工務局", None)


async def make_session(client, auth, capacity: int = 6, counsellor_id: str | None = None) -> dict:
    body = {
        "agency": "工務局",
        "topic": "工地意外後的團體減壓",
        "starts_at": at(2).isoformat(),
        "ends_at": at(2, hour=11).isoformat(),
        "capacity": capacity,
        "counsellor_id": counsellor_id,
    }
    r = await client.post("/v1/group-sessions", headers=auth("eap_admin"), json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def test_staff_of_the_agency_join_up_to_capacity_attend_and_rate_once(client, auth):
    c = await make_counsellor(client, auth, user_sub="c-group")
    g = await make_session(client, auth, capacity=6, counsellor_id=c["id"])
    url = f"/v1/group-sessions/{g['id']}"
    places = []
    for i in range(6):
        r = await client.post(f"{url}/participants", headers=auth("employee", sub=f"w{i}", agency="工務局"))
        assert r.status_code == 201, r.text
        places.append(r.json())
    assert (
        await client.post(f"{url}/participants", headers=auth("employee", sub="w9", agency="工務局"))
    ).status_code == 409
    assert (
        await client.post(f"{url}/participants", headers=auth("employee", sub="w0", agency="工務局"))
    ).status_code == 409
    assert (
        await client.post(f"{url}/participants", headers=auth("employee", sub="s1", agency="社會局"))
    ).status_code == 404

    # the counsellor of the session sees code names only and records attendance
    r = await client.get(f"{url}/participants", headers=auth("counsellor", sub="c-group"))
    assert r.status_code == 200 and "w0" not in r.text
    assert (await client.get(f"{url}/participants", headers=auth("counsellor", sub="c-other"))).status_code == 403
    codes = [p["code_name"] for p in places]
    r = await client.post(
        f"{url}/attendance",
        headers=auth("counsellor", sub="c-group"),
        json={"attended": codes[:5], "absent": codes[5:]},
    )
    assert r.status_code == 200 and sum(p["attended"] is True for p in r.json()["items"]) == 5
    assert (
        await client.post(f"{url}/attendance", headers=auth("eap_admin"), json={"attended": ["GRP-NOPE"]})
    ).status_code == 422

    for i in range(5):
        r = await client.post(f"{url}/satisfaction", headers=auth("employee", sub=f"w{i}"), json={"overall": 4 + i % 2})
        assert r.status_code == 201, r.text
    assert (
        await client.post(f"{url}/satisfaction", headers=auth("employee", sub="w0"), json={"overall": 5})
    ).status_code == 409
    absent = await client.post(f"{url}/satisfaction", headers=auth("employee", sub="w5"), json={"overall": 5})
    assert absent.status_code == 422

    year = int(g["starts_at"][:4])
    r = await client.get("/v1/stats/group-sessions", params={"year": year}, headers=auth("eap_admin"))
    assert r.status_code == 200
    s = r.json()
    assert (s["sessions"], s["participants"], s["attended"], s["survey_responses"]) == (1, 6, 5, 5)
    assert s["average_overall"] == 4.4
    # counted apart: the individual statistics do not include them
    ind = await client.get("/v1/stats", params={"year": year, "by": "kind"}, headers=auth("eap_admin"))
    assert ind.json()["total"]["count"] in (0, None)


async def test_small_group_figures_are_suppressed_and_only_eap_admin_reads_them(client, auth):
    g = await make_session(client, auth, capacity=3)
    for i in range(3):
        await client.post(
            f"/v1/group-sessions/{g['id']}/participants", headers=auth("employee", sub=f"x{i}", agency="工務局")
        )
    year = int(g["starts_at"][:4])
    s = (await client.get("/v1/stats/group-sessions", params={"year": year}, headers=auth("eap_admin"))).json()
    assert s["sessions"] == 1 and s["participants"] is None and s["average_overall"] is None
    for who in (auth("employee"), auth("counsellor"), auth("system")):
        assert (await client.get("/v1/stats/group-sessions", headers=who)).status_code == 403
    assert (await client.post("/v1/group-sessions", headers=auth("employee"), json={})).status_code in (403, 422)
