"""Wave 2 conferences: the external expert is required, attendees and decisions are kept, undone decisions
return next month, incidents discussed close their conference deadline; suicide-attempt agenda sections."""

import pytest


async def feed_of(client, auth, kind: str) -> list[dict]:
    items = (await client.get("/v1/events?after=0&limit=500", headers=auth("system", county=None))).json()["items"]
    return [e["data"] for e in items if e["type"] == kind]


def conference(**over) -> dict:
    body = {"county": "TW-MIA", "month": "2026-11", "held_on": "2026-11-10", "kind": "suicide", "expert": "林醫師"}
    body.update(over)
    return body


@pytest.mark.now("2026-11-12T10:00:00+08:00")
async def test_the_external_expert_is_required(client, supervisor):
    body = conference()
    del body["expert"]
    r = await client.post("/v1/conferences", json=body, headers=supervisor)
    assert r.status_code == 422 and "expert" in r.text
    assert (await client.post("/v1/conferences", json=conference(expert="  "), headers=supervisor)).status_code == 422
    assert (await client.get("/v1/conferences?year=2026", headers=supervisor)).json()["items"] == []


@pytest.mark.now("2026-11-12T10:00:00+08:00")
async def test_attendees_decisions_and_incidents_discussed(client, auth, open_case, worker, supervisor):
    case = await open_case(kinds=["suicide_attempt"], intake_date="2026-10-01")
    inc = (
        await client.post(
            f"/v1/cases/{case['id']}/incidents",
            json={"kind": "media_reported", "occurred_on": "2026-11-02"},
            headers=worker,
        )
    ).json()
    assert inc["conference_due"] == "2026-11-16"
    body = conference(
        attendees=[{"role": "external_expert", "count": 1}, {"role": "suicide_visitor", "count": 4}],
        decisions=[{"text": "聯繫家防中心", "owner": "cw-1", "follow_up_on": "2026-11-20", "case_id": case["id"]}],
        incident_ids=[inc["id"]],
    )
    r = await client.post("/v1/conferences", json=body, headers=supervisor)
    assert r.status_code == 201, r.text
    conf = r.json()
    assert conf["has_external_expert"] is True and conf["incident_ids"] == [inc["id"]]
    assert conf["attendees"] == [{"role": "external_expert", "count": 1}, {"role": "suicide_visitor", "count": 4}]
    assert [(d["owner"], d["follow_up_on"], d["done_on"]) for d in conf["decisions"]] == [("cw-1", "2026-11-20", None)]
    got = (await client.get(f"/v1/incidents/{inc['id']}", headers=worker)).json()
    assert got["conference_held_on"] == "2026-11-10" and got["conference_id"] == conf["id"]
    assert got["conference_overdue"] is False
    held = await feed_of(client, auth, "conference.held")
    assert held[-1]["has_external_expert"] is True and held[-1]["incident_ids"] == [inc["id"]]
    assert await feed_of(client, auth, "incident.conference_held") == [
        {
            "incident_id": inc["id"],
            "county": "TW-MIA",
            "kind": "media_reported",
            "held_on": "2026-11-10",
            "on_time": True,
            "conference_id": conf["id"],
        }
    ]
    # a second conference on the same incident keeps the first closing
    again = await client.post(
        "/v1/conferences", json=conference(held_on="2026-11-11", incident_ids=[inc["id"]]), headers=supervisor
    )
    assert again.status_code == 201
    assert (await client.get(f"/v1/incidents/{inc['id']}", headers=worker)).json()["conference_id"] == conf["id"]
    assert len(await feed_of(client, auth, "incident.conference_held")) == 1
    # an unknown incident or a follow-up before the meeting is 422, and nothing is written
    before = len((await client.get("/v1/conferences?year=2026", headers=supervisor)).json()["items"])
    bad = await client.post("/v1/conferences", json=conference(incident_ids=["nope"]), headers=supervisor)
    assert bad.status_code == 422 and bad.json()["code"] == "unknown_incidents"
    early = conference(decisions=[{"text": "x", "owner": "cw-1", "follow_up_on": "2026-11-09"}])
    r = await client.post("/v1/conferences", json=early, headers=supervisor)
    assert r.status_code == 422 and r.json()["code"] == "follow_up_before_conference"
    assert len((await client.get("/v1/conferences?year=2026", headers=supervisor)).json()["items"]) == before
    bad_role = conference(attendees=[{"role": "mayor", "count": 1}])
    assert (await client.post("/v1/conferences", json=bad_role, headers=supervisor)).status_code == 422


@pytest.mark.now("2026-11-12T10:00:00+08:00")
async def test_undone_decisions_return_on_next_months_agenda(client, supervisor):
    body = conference(
        month="2026-10",
        held_on="2026-10-20",
        decisions=[
            {"text": "召開家庭會議", "owner": "cw-1", "follow_up_on": "2026-11-03"},
            {"text": "轉介就業服務", "owner": "cw-2", "follow_up_on": "2026-11-05"},
        ],
    )
    conf = (await client.post("/v1/conferences", json=body, headers=supervisor)).json()
    done, undone = conf["decisions"]
    r = await client.post(
        f"/v1/conferences/{conf['id']}/decisions/{done['id']}/done", json={"note": "已辦理"}, headers=supervisor
    )
    assert r.status_code == 200 and r.json()["done_on"] == "2026-11-12"
    assert (
        await client.post(f"/v1/conferences/{conf['id']}/decisions/{done['id']}/done", json={}, headers=supervisor)
    ).status_code == 409
    nov = (await client.get("/v1/conferences/agenda?county=TW-MIA&month=2026-11", headers=supervisor)).json()
    assert [d["id"] for d in nov["open_decisions"]] == [undone["id"]]
    assert nov["open_decisions"][0]["owner"] == "cw-2"
    oct_ = (await client.get("/v1/conferences/agenda?county=TW-MIA&month=2026-10", headers=supervisor)).json()
    assert oct_["open_decisions"] == []  # the month's own decisions are not yet "undone"
    assert (
        await client.post(f"/v1/conferences/{conf['id']}/decisions/nope/done", json={}, headers=supervisor)
    ).status_code == 404


@pytest.mark.now("2026-11-12T10:00:00+08:00")
async def test_suicide_sections_re_reported_and_multiple_problems(
    client, auth, clock_at, open_case, worker, supervisor, h
):
    # a person whose case closed more than a year ago, and one whose case closed this month
    clock_at.at("2025-06-02T10:00:00+08:00")
    old_nid = h.new_national_id()
    w, s = auth("case_worker", county="TW-MIA", district="頭份市", sub="cw-1"), auth("supervisor", county="TW-MIA")
    old = (
        await client.post("/v1/cases", json=h.intake_body(national_id=old_nid, kinds=["suicide_attempt"]), headers=w)
    ).json()
    assert (await client.post(f"/v1/cases/{old['id']}/close", json={"reason": "stable"}, headers=s)).status_code == 200
    clock_at.at("2026-11-03T10:00:00+08:00")
    w, s = auth("case_worker", county="TW-MIA", district="頭份市", sub="cw-1"), auth("supervisor", county="TW-MIA")
    recent_nid = h.new_national_id()
    first = (
        await client.post(
            "/v1/cases",
            json=h.intake_body(national_id=recent_nid, kinds=["suicide_attempt"], intake_date="2026-06-01"),
            headers=w,
        )
    ).json()
    assert (
        await client.post(f"/v1/cases/{first['id']}/close", json={"reason": "stable"}, headers=s)
    ).status_code == 200
    clock_at.at("2026-11-12T10:00:00+08:00")
    w = auth("case_worker", county="TW-MIA", district="頭份市", sub="cw-1")
    s = auth("supervisor", county="TW-MIA")
    again = await open_case(headers=w, national_id=recent_nid, kinds=["suicide_attempt"], intake_date="2026-11-10")
    long_after = await open_case(headers=w, national_id=old_nid, kinds=["suicide_attempt"], intake_date="2026-11-10")
    with_incident = await open_case(headers=w, kinds=["suicide_attempt"], intake_date="2026-08-01")
    await client.post(
        f"/v1/cases/{with_incident['id']}/incidents",
        json={"kind": "media_reported", "occurred_on": "2026-11-09"},
        headers=w,
    )
    psych_incident = await open_case(headers=w, kinds=["psychiatric"], intake_date="2026-08-01")
    await client.post(
        f"/v1/cases/{psych_incident['id']}/incidents",
        json={"kind": "media_reported", "occurred_on": "2026-11-11"},
        headers=w,
    )
    dv = await open_case(headers=w, kinds=["suicide_attempt"], flags=["domestic_violence"])
    both = await open_case(headers=w, kinds=["suicide_attempt", "psychiatric"])
    child = await open_case(headers=w, kinds=["suicide_attempt"])
    r = await client.post(
        f"/v1/cases/{child['id']}/protective-assignment",
        json={"social_worker": "sw-1", "issue": "child_protection"},
        headers=s,
    )
    assert r.status_code == 201, r.text
    plain = await open_case(headers=w, kinds=["suicide_attempt"])
    psych_dv = await open_case(headers=w, kinds=["psychiatric"], flags=["domestic_violence"])

    agenda = (await client.get("/v1/conferences/agenda?county=TW-MIA&month=2026-11", headers=s)).json()

    def why(section):
        return {c["case_id"]: c["facts"]["why"] for c in agenda[section]}

    assert why("re_reported") == {
        again["id"]: ["reported_again_after_closure"],
        with_incident["id"]: ["new_report_on_open_case"],
    }
    assert long_after["id"] not in why("re_reported") and psych_incident["id"] not in why("re_reported")
    assert why("multiple_problems") == {
        dv["id"]: ["domestic_violence"],
        both["id"]: ["psychiatric"],
        child["id"]: ["child_protection"],
    }
    assert plain["id"] not in why("multiple_problems") and psych_dv["id"] not in why("multiple_problems")
    # the suicide case with domestic violence and no psychiatric kind is not in section d
    assert dv["id"] not in {c["case_id"] for c in agenda["combined_issues"]}
    assert {i["case_id"] for i in agenda["incidents"]} == {with_incident["id"], psych_incident["id"]}
    assert all(i["status"] == "open" and "flash_report_due" in i for i in agenda["incidents"])
