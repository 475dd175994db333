"""The feed replays every change in commit order with the agreed fields; OpenAPI has examples."""

from datetime import datetime, time, timedelta

from carenet_core import clock
from carenet_core.clock import age_on, month_of

EXPECTED = {
    "case.opened": {
        "case_id",
        "county",
        "district",
        "kinds",
        "source",
        "intake_date",
        "tier",
        "flags",
        "age_at_intake",
    },
    "case.tier_changed": {"case_id", "county", "from_tier", "to_tier", "changed_at", "visit_id", "reason"},
    "case.closed": {"case_id", "county", "closed_on", "reason"},
    "case.transferred": {"case_id", "from_county", "to_county", "transfer_id", "accepted_at"},
    "visit.recorded": {
        "visit_id",
        "case_id",
        "county",
        "district",
        "kinds",
        "visited_at",
        "visit_date",
        "method",
        "outcome",
        "face_to_face",
        "late",
    },
    "visit.updated": {
        "visit_id",
        "case_id",
        "county",
        "district",
        "kinds",
        "visited_at",
        "visit_date",
        "method",
        "outcome",
        "face_to_face",
        "late",
    },
    "discharge_plan.uploaded": {
        "plan_id",
        "case_id",
        "county",
        "discharged_at",
        "uploaded_at",
        "upload_date",
        "uploaded_within_14_days",
        "first_visit_due",
    },
    "discharge_plan.linked": {"plan_id", "case_id", "county"},
    "discharge_plan.first_visited": {"plan_id", "case_id", "county", "visit_id", "visit_date", "within_14_days"},
    "conference.held": {"conference_id", "county", "month", "held_on", "kind", "has_external_expert", "incident_ids"},
    "incident.recorded": {
        "incident_id",
        "case_id",
        "county",
        "kind",
        "occurred_on",
        "flash_report_due",
        "conference_due",
    },
    "incident.flash_report_filed": {"incident_id", "county", "kind", "filed_on", "on_time"},
    "incident.conference_held": {"incident_id", "county", "kind", "held_on", "on_time", "conference_id"},
    "visit_audit.drawn": {"audit_id", "county", "quarter", "kind", "population", "sample_size", "rate"},
    "visit_audit.recorded": {"audit_id", "visit_id", "county", "quarter", "kind", "result"},
}


async def test_feed_has_every_change_with_the_agreed_fields(
    client, auth, worker, supervisor, open_case, add_visit, h, clock_at
):
    system = auth("system", county=None)
    nid = h.new_national_id()
    await client.post(
        "/v1/discharge-plans",
        json={"national_id": nid, "name": "陳美麗", "hospital": "H", "discharged_at": h.days_ago(2).isoformat()},
        headers=auth("hospital", county="TW-MIA"),
    )
    case = (
        await client.post(
            "/v1/cases", json=h.intake_body(national_id=nid, intake_date=h.days_ago(100).isoformat()), headers=worker
        )
    ).json()
    visit = await add_visit(case["id"], when=h.at(clock.today()), outcome="met")
    tag = (await client.get(f"/v1/cases/{case['id']}/visits/{visit['id']}", headers=worker)).headers["etag"]
    await client.patch(
        f"/v1/cases/{case['id']}/visits/{visit['id']}", json={"note": "edited"}, headers={**worker, "If-Match": tag}
    )
    assert (
        await client.post(
            f"/v1/cases/{case['id']}/tier-changes", json={"to_tier": 2, "reason": "stable"}, headers=worker
        )
    ).status_code == 201
    incident = (
        await client.post(
            f"/v1/cases/{case['id']}/incidents",
            json={"kind": "media_reported", "occurred_on": clock.today().isoformat()},
            headers=worker,
        )
    ).json()
    await client.post(f"/v1/incidents/{incident['id']}/flash-report", json={"reference": "R-1"}, headers=worker)
    held = await client.post(
        "/v1/conferences",
        json={
            "county": "TW-MIA",
            "month": month_of(clock.today()),
            "held_on": clock.today().isoformat(),
            "kind": "psychiatric",
            "expert": "Dr. Lin",  # wave 2: the external expert is required
            "incident_ids": [incident["id"]],
        },
        headers=supervisor,
    )
    assert held.status_code == 201, held.text
    other = await open_case()
    t = (
        await client.post(
            f"/v1/cases/{other['id']}/transfers",
            json={"to_county": "TW-HSQ", "to_district": "竹北市", "reason": "moved"},
            headers=supervisor,
        )
    ).json()
    await client.post(f"/v1/transfers/{t['id']}/accept", headers=auth("supervisor", county="TW-HSQ"))
    await client.post(f"/v1/cases/{case['id']}/close", json={"reason": "stable"}, headers=supervisor)
    # wave 2: a quarter is audited once it has ended, so the draw happens on the next quarter's first day
    today = clock.today()
    quarter = clock.quarter_of(today)
    clock_at.at(datetime.combine(clock.parse_quarter(quarter)[1] + timedelta(days=1), time(9), clock.TAIPEI))
    auditor = auth("supervisor", county="TW-MIA", sub="sup-1")
    audit = (
        await client.post(
            "/v1/visit-audits", json={"county": "TW-MIA", "quarter": quarter, "kind": "psychiatric"}, headers=auditor
        )
    ).json()
    await client.post(
        f"/v1/visit-audits/{audit['id']}/results", json={"visit_id": visit["id"], "result": "complete"}, headers=auditor
    )
    system = auth("system", county=None)

    feed = (await client.get("/v1/events?after=0", headers=system)).json()["items"]
    seqs = [e["seq"] for e in feed]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    by_type: dict[str, list[dict]] = {}
    for e in feed:
        by_type.setdefault(e["type"], []).append(e["data"])
    for kind, fields in EXPECTED.items():
        assert kind in by_type, kind
        for data in by_type[kind]:
            assert fields <= set(data), (kind, fields - set(data))
            assert nid not in str(data) and "陳美麗" not in str(data) and "王小明" not in str(data)
    types = [e["type"] for e in feed]
    assert types.index("discharge_plan.uploaded") < types.index("case.opened") < types.index("discharge_plan.linked")
    from datetime import date

    assert by_type["case.opened"][0]["age_at_intake"] == age_on(date(1980, 5, 1), h.days_ago(100))
    recorded = by_type["visit.recorded"][0]
    assert (
        recorded["face_to_face"] is True and recorded["late"] is False and recorded["visit_date"] == today.isoformat()
    )
    assert by_type["case.transferred"][0]["to_county"] == "TW-HSQ"
    assert by_type["discharge_plan.first_visited"][0]["within_14_days"] is True

    # a consumer that stopped half-way resumes after its last seq and misses nothing
    half = seqs[len(seqs) // 2]
    first = (await client.get(f"/v1/events?after=0&limit={len(seqs) // 2 + 1}", headers=system)).json()["items"]
    rest = (await client.get(f"/v1/events?after={first[-1]['seq']}", headers=system)).json()["items"]
    assert [e["seq"] for e in first + rest] == seqs and half in seqs
    assert (await client.get("/v1/events", headers=auth("case_worker", county="TW-MIA"))).status_code == 403


async def test_feed_never_carries_national_ids(client, auth, open_case):
    case = await open_case()
    feed = (await client.get("/v1/events", headers=auth("system", county=None))).json()["items"]
    assert all(case["national_id"] not in str(e["data"]) for e in feed)


async def test_openapi_has_examples_for_every_route(app):
    spec = app.openapi()
    schemas = spec["components"]["schemas"]

    def has_example(schema_ref: dict) -> bool:
        ref = schema_ref.get("$ref")
        if ref is None:
            if "items" in schema_ref:
                return has_example(schema_ref["items"])
            return "examples" in schema_ref or "example" in schema_ref
        s = schemas[ref.rsplit("/", 1)[1]]
        return "examples" in s or "example" in s

    missing = []
    for path, ops in spec["paths"].items():
        if not path.startswith("/v1/") or path == "/v1/events":
            continue
        for method, op in ops.items():
            ok = next(iter(c for code, c in op["responses"].items() if code.startswith("2")))
            content = ok.get("content", {}).get("application/json", {})
            if not has_example(content.get("schema", {})):
                missing.append(f"{method} {path} response")
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            if body and not has_example(body.get("schema", {})) and "anyOf" not in body.get("schema", {}):
                missing.append(f"{method} {path} request")
            for code in ("401",):
                assert code in op["responses"], f"{method} {path} lacks {code}"
    assert missing == []
