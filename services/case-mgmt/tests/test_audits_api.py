"""The quarterly visit-record audit: share by volume class, reproducible draw, results."""

import math

from carenet_core import clock


def quarter_now() -> str:
    d = clock.today()
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


async def test_draw_verify_and_record(client, auth, open_case, add_visit, supervisor, h):
    psych = await open_case()
    suicide = await open_case(kinds=["suicide_attempt"])
    for i in range(7):
        await add_visit(psych["id"], when=h.at(clock.today(), i), outcome="met")
    await add_visit(suicide["id"], when=h.at(clock.today()), outcome="met")
    body = {"county": "TW-MIA", "quarter": quarter_now(), "kind": "psychiatric"}
    r = await client.post("/v1/visit-audits", json=body, headers=supervisor)
    assert r.status_code == 201, r.text
    audit = r.json()
    assert audit["population"] == 7 and audit["rate"] == 0.15 and audit["sample_size"] == math.ceil(7 * 0.15) == 2
    assert len(audit["samples"]) == 2 and len(audit["seed"]) == 32
    again = await client.post("/v1/visit-audits", json=body, headers=supervisor)
    assert again.status_code == 409 and again.json()["id"] == audit["id"]
    assert (await client.get(f"/v1/visit-audits/{audit['id']}/verify", headers=auth("ministry", county=None))).json()[
        "match"
    ] is True
    drawn = audit["samples"][0]["visit_id"]
    auditor = auth("auditor", county="TW-MIA", sub="aud-1")
    r = await client.post(
        f"/v1/visit-audits/{audit['id']}/results", json={"visit_id": drawn, "result": "complete"}, headers=auditor
    )
    assert r.status_code == 201 and r.json()["result"] == "complete"
    assert (
        await client.post(
            f"/v1/visit-audits/{audit['id']}/results", json={"visit_id": drawn, "result": "incomplete"}, headers=auditor
        )
    ).status_code == 409
    not_drawn = {"visit_id": "00000000-0000-0000-0000-000000000000", "result": "complete"}
    assert (
        await client.post(f"/v1/visit-audits/{audit['id']}/results", json=not_drawn, headers=auditor)
    ).status_code == 422
    got = (await client.get(f"/v1/visit-audits/{audit['id']}", headers=supervisor)).json()
    assert got["audited"] == 1
    s = await client.post("/v1/visit-audits", json={**body, "kind": "suicide_attempt"}, headers=supervisor)
    assert s.json()["population"] == 1 and s.json()["sample_size"] == 1


async def test_audit_jurisdiction_and_input(client, auth, supervisor):
    body = {"county": "TW-HSQ", "quarter": quarter_now(), "kind": "psychiatric"}
    assert (await client.post("/v1/visit-audits", json=body, headers=supervisor)).status_code == 403
    future = {"county": "TW-MIA", "quarter": f"{clock.today().year + 1}-Q1", "kind": "psychiatric"}
    assert (await client.post("/v1/visit-audits", json=future, headers=supervisor)).status_code == 422
    assert (
        await client.post("/v1/visit-audits", json={**future, "quarter": "2026-Q5"}, headers=supervisor)
    ).status_code == 422
    assert (await client.get("/v1/visit-audits/nope", headers=supervisor)).status_code == 404


async def test_a_quarter_outside_the_calendar_is_422_not_500(client, supervisor):
    # found by schemathesis: year 0000 used to reach date() and fail as a 500
    for quarter in ("0000-Q1", "9999-Q4"):
        r = await client.post(
            "/v1/visit-audits", json={"county": "TW-MIA", "kind": "psychiatric", "quarter": quarter}, headers=supervisor
        )
        assert r.status_code == 422, (quarter, r.text)
