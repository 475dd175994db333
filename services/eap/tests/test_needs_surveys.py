"""Needs surveys (seed 002 需求調查問卷: 不同性別、身心障礙者) — once per person, unlinked, suppressed by group."""

from __future__ import annotations

from carenet_eap.needs_surveys.models import NeedsSurveyResponse
from carenet_eap.needs_surveys.rules import average
from sqlalchemy import inspect


def test_average_and_no_link_to_a_person():
    assert average([4, 5, 3]) == 4.0 and average([]) is None
    columns = {c.key for c in inspect(NeedsSurveyResponse).columns}
    assert not columns & {"employee_sub", "created_at", "agency"}


def needs(h: int) -> dict:
    return {"work": 4, "life": 3, "health": h, "organisation": 2}


async def test_results_by_gender_and_disability_suppress_small_groups(client, auth):
    r = await client.post("/v1/needs-surveys", headers=auth("eap_admin"), json={"year": 2027, "title": "需求調查"})
    assert r.status_code == 201
    sid = r.json()["id"]
    url = f"/v1/needs-surveys/{sid}/responses"
    answers = [("F", False, 5)] * 6 + [("M", False, 3)] * 5 + [("F", True, 4)] * 2 + [("X", None, 1)] * 1
    for i, (g, d, h) in enumerate(answers):
        body = {"gender": g, "needs": needs(h)} | ({"disability": d} if d is not None else {})
        assert (await client.post(url, headers=auth("employee", sub=f"n{i}"), json=body)).status_code == 201
    assert (await client.post(url, headers=auth("employee", sub="n0"), json={"needs": needs(1)})).status_code == 409
    assert (await client.post(url, headers=auth("employee", sub="z"), json={"needs": {"work": 9}})).status_code == 422

    by_gender = (
        await client.get(f"/v1/needs-surveys/{sid}/results", params={"by": "gender"}, headers=auth("eap_admin"))
    ).json()
    g = {x["group"]: x for x in by_gender["groups"]}
    assert g["F"]["responses"] == 8 and g["F"]["averages"]["health"] == 4.75
    # X (1) could be worked out as total - F - M: M, the smallest published group, is withheld with it
    assert g["M"]["suppressed"] and g["M"]["averages"]["health"] is None
    assert g["X"]["suppressed"] and g["X"]["averages"] == {
        "work": None,
        "life": None,
        "health": None,
        "organisation": None,
    }
    assert by_gender["total"]["responses"] == 14

    by_d = (
        await client.get(f"/v1/needs-surveys/{sid}/results", params={"by": "disability"}, headers=auth("eap_admin"))
    ).json()
    d = {x["group"]: x for x in by_d["groups"]}
    assert d["yes"]["suppressed"] is True and d["yes"]["averages"]["health"] is None  # 2 < 5
    assert d["no"]["responses"] == 11
    # the 2 cannot be worked out from the total: a second group is withheld with it
    assert sum(x["suppressed"] for x in d.values()) >= 2 or by_d["total"]["responses"] is None
    for who in (auth("employee"), auth("counsellor")):
        assert (await client.get(f"/v1/needs-surveys/{sid}/results", headers=who)).status_code == 403
    assert (
        await client.get(f"/v1/needs-surveys/{sid}/results", params={"by": "agency"}, headers=auth("eap_admin"))
    ).status_code == 422
