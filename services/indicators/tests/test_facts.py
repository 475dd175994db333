"""Manual facts: who may report, what each formula needs, edits with history, and how they score."""


def item(card, code):
    return next(i for i in card["items"] if i["code"] == code)


async def post_fact(client, headers, **body):
    body.setdefault("evidence", "府衛字第1150001234號")
    return await client.post("/v1/facts", json=body, headers=headers)


async def card(client, auth, period="2026", county="TW-MIA"):
    r = await client.get(f"/v1/scorecards/{county}?period={period}", headers=auth("ministry", county=None))
    assert r.status_code == 200, r.text
    return r.json()


async def test_quarterly_counts_add_up_to_the_year_with_drill_down(client, auth):
    admin = auth("county_admin", county="TW-MIA", sub="admin-mia")
    ids = []
    for q in ("2026-Q1", "2026-Q2", "2026-Q3"):
        r = await post_fact(client, admin, county="TW-MIA", period=q, code="cross_agency_meetings", value=1)
        assert r.status_code == 201, r.text
        body = r.json()
        assert (body["created_by"], body["status"], body["value"], body["period"]) == ("admin-mia", "active", 1, q)
        ids.append(body["id"])
    year = item(await card(client, auth), "cross_agency_meetings")
    # 1 a quarter → 4 a year; three quarters reported
    assert (year["value"], year["target"], year["met"]) == (3, 4, False)
    assert sorted(year["fact_ids"]) == sorted(ids)
    assert year["as_of"] is not None
    q1 = item(await card(client, auth, period="2026-Q1"), "cross_agency_meetings")
    assert (q1["value"], q1["target"], q1["met"], q1["fact_ids"]) == (1, 1, True, [ids[0]])
    q4 = item(await card(client, auth, period="2026-Q4"), "cross_agency_meetings")
    assert (q4["value"], q4["met"], q4["fact_ids"]) == (None, None, [])


async def test_targets_depend_on_the_county(client, auth):
    ministry = auth("ministry", county=None)
    for county, n in (("TW-MIA", 2), ("TW-HSZ", 1), ("TW-TPE", 1)):
        r = await post_fact(
            client, ministry, county=county, period="2026", code="community_mental_health_centres", value=n
        )
        assert r.status_code == 201, r.text
    r = await client.get("/v1/scorecards?period=2026", headers=ministry)
    cards = {c["county"]: c for c in r.json()["items"]}
    assert len(cards) == 22
    # Miaoli: 18 districts → 2 centres; Hsinchu City: 3 districts → 1; Taipei: 12 districts → 2
    assert [
        (
            item(cards[c], "community_mental_health_centres")["target"],
            item(cards[c], "community_mental_health_centres")["met"],
        )
        for c in ("TW-MIA", "TW-HSZ", "TW-TPE")
    ] == [(2, True), (1, True), (2, False)]
    assert item(cards["TW-PEN"], "addiction_lectures")["target"] == 2
    assert item(cards["TW-KHH"], "gp_training_sessions")["target"] == 2
    assert item(cards["TW-MIA"], "matching_funds_rate")["target"] == 20  # class 5: 80% subsidy
    assert item(cards["TW-TPE"], "matching_funds_rate")["target"] is None  # Taipei is not subsidised


async def test_ratio_facts_boolean_and_year_on_year(client, auth):
    admin = auth("county_admin", county="TW-MIA")
    assert (
        await post_fact(
            client,
            admin,
            county="TW-MIA",
            period="2026",
            code="gatekeeper_training_village_chiefs",
            numerator=250,
            denominator=274,
        )
    ).status_code == 201
    # districts default to the county's 18 when no denominator is given
    assert (
        await post_fact(
            client, admin, county="TW-MIA", period="2026", code="community_inclusion_district_coverage", numerator=6
        )
    ).status_code == 201
    assert (
        await post_fact(client, admin, county="TW-MIA", period="2026", code="alcohol_hotline_published", value=True)
    ).status_code == 201
    assert (
        await post_fact(client, admin, county="TW-MIA", period="2025", code="suicide_smr_change", value=14.2)
    ).status_code == 201
    assert (
        await post_fact(client, admin, county="TW-MIA", period="2026", code="suicide_smr_change", value=13.9)
    ).status_code == 201
    c = await card(client, auth)
    g = item(c, "gatekeeper_training_village_chiefs")
    assert (g["numerator"], g["denominator"], g["value"], g["target"], g["met"]) == (250, 274, 91.24, 90, True)
    inc = item(c, "community_inclusion_district_coverage")
    assert (inc["numerator"], inc["denominator"], inc["value"], inc["met"]) == (6, 18, 33.33, True)
    assert item(c, "alcohol_hotline_published")["met"] is True
    smr = item(c, "suicide_smr_change")
    assert (smr["value"], smr["target"], smr["previous"], smr["met"]) == (13.9, 14.2, 14.2, True)
    # a second yes/no or year-on-year fact for the same period is an edit, not an addition
    r = await post_fact(client, admin, county="TW-MIA", period="2026", code="suicide_smr_change", value=1)
    assert r.status_code == 409 and r.json()["code"] == "fact_exists" and r.json()["id"] == smr["fact_ids"][0]


async def test_who_may_report_and_what_is_refused(client, auth):
    admin = auth("county_admin", county="TW-MIA")
    r = await post_fact(client, admin, county="TW-HSZ", period="2026", code="innovative_services", value=1)
    assert r.status_code == 403 and r.json()["code"] == "out_of_jurisdiction"
    for role in ("supervisor", "case_worker", "hospital"):
        r = await post_fact(
            client, auth(role, county="TW-MIA"), county="TW-MIA", period="2026", code="innovative_services", value=1
        )
        assert r.status_code == 403, role
    cases = [
        ({"code": "discharge_plan_upload_14d", "value": 80}, "computed_indicator"),
        ({"code": "no_such_indicator", "value": 1}, "unknown_indicator"),
        ({"code": "innovative_services", "period": "2026-Q1", "value": 1}, "period_granularity"),
        ({"code": "innovative_services", "period": "2026-13", "value": 1}, "invalid_period"),
        ({"code": "innovative_services", "value": 1.5}, "invalid_value"),
        ({"code": "innovative_services", "value": -1}, "invalid_value"),
        ({"code": "innovative_services", "numerator": 1, "denominator": 2}, "value_required"),
        ({"code": "gatekeeper_training_village_chiefs", "numerator": 5}, "denominator_required"),
        ({"code": "gatekeeper_training_village_chiefs", "numerator": 5, "denominator": 0}, "invalid_value"),
        (
            {"code": "gatekeeper_training_village_chiefs", "value": 5, "numerator": 5, "denominator": 9},
            "ambiguous_value",
        ),
        ({"code": "alcohol_hotline_published", "value": 3}, "value_required"),
        ({"code": "innovative_services", "value": 1, "county": "TW-XXX"}, "unknown_county"),
    ]
    for body, code in cases:
        r = await post_fact(client, admin, **{"county": "TW-MIA", "period": "2026", **body})
        if body.get("county") == "TW-XXX":
            assert r.status_code in (403, 422), r.text  # another county's code: not the admin's to report
            continue
        assert r.status_code == 422, (body, r.text)
        assert r.json()["code"] == code, (body, r.json())
    r = await client.post(
        "/v1/facts",
        json={"county": "TW-MIA", "period": "2026", "code": "innovative_services", "value": 1},
        headers=admin,
    )
    assert r.status_code == 422 and r.json()["code"] == "validation_error"  # evidence is required
    r = await post_fact(
        client, auth("ministry", county=None), county="TW-XXX", period="2026", code="innovative_services", value=1
    )
    assert r.status_code == 422 and r.json()["code"] == "unknown_county"
    r = await client.get("/v1/facts", headers=admin)
    assert r.json()["items"] == []  # nothing was written by the refusals


async def test_edit_history_etag_and_withdrawal(client, auth):
    admin = auth("county_admin", county="TW-MIA", sub="admin-1")
    r = await post_fact(client, admin, county="TW-MIA", period="2026", code="addiction_lectures", value=3)
    fact = r.json()
    etag = r.headers["ETag"]
    r = await client.patch(
        f"/v1/facts/{fact['id']}",
        json={"value": 4, "reason": "one group was missing"},
        headers={**auth("county_admin", county="TW-MIA", sub="admin-2"), "If-Match": etag},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["value"], r.json()["version"], r.json()["updated_by"]) == (4, 2, "admin-2")
    r = await client.patch(f"/v1/facts/{fact['id']}", json={"value": 5}, headers={**admin, "If-Match": etag})
    assert r.status_code == 412
    assert item(await card(client, auth), "addiction_lectures")["met"] is True
    r = await client.delete(f"/v1/facts/{fact['id']}?reason=duplicate", headers=admin)
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert item(await card(client, auth), "addiction_lectures")["value"] is None
    r = await client.get(f"/v1/facts/{fact['id']}/history", headers=admin)
    hist = r.json()["items"]
    assert [(h["version"], h["action"], h["by"]) for h in hist] == [
        (1, "created", "admin-1"),
        (2, "edited", "admin-2"),
        (3, "withdrawn", "admin-1"),
    ]
    assert (hist[1]["before"]["value"], hist[1]["after"]["value"], hist[1]["reason"]) == (3, 4, "one group was missing")
    # another county neither sees nor edits it
    other = auth("county_admin", county="TW-HSZ")
    assert (await client.get(f"/v1/facts/{fact['id']}", headers=other)).status_code == 404
    assert (await client.patch(f"/v1/facts/{fact['id']}", json={"value": 1}, headers=other)).status_code == 404


async def test_idempotent_fact_post(client, auth):
    headers = {**auth("county_admin", county="TW-MIA", sub="admin-i"), "Idempotency-Key": "k-1"}
    body = {"county": "TW-MIA", "period": "2026-Q2", "code": "media_exposure", "value": 2, "evidence": "報導連結"}
    a = await client.post("/v1/facts", json=body, headers=headers)
    b = await client.post("/v1/facts", json=body, headers=headers)
    assert a.status_code == b.status_code == 201 and a.json()["id"] == b.json()["id"]
    c = await client.post("/v1/facts", json={**body, "value": 3}, headers=headers)
    assert c.status_code == 409
    r = await client.get("/v1/facts?code=media_exposure", headers=headers)
    assert len(r.json()["items"]) == 1
