"""The catalogue read again against seed 001 pp.47–59 and seed 003: a lagged comparison year, the
missing items, the alcohol-institution visits' follow-up of recommendations."""


def item(card, code):
    return next(i for i in card["items"] if i["code"] == code)


async def fact(client, auth, **body):
    r = await client.post(
        "/v1/facts", json={"evidence": "全國自殺防治中心 書面資料", **body}, headers=auth("ministry", county=None)
    )
    assert r.status_code == 201, r.text


async def test_post_discharge_suicide_rate_compares_the_year_before_with_the_one_before_that(client, auth):
    # seed 001 p.56: 「108年精神追蹤照護個案出院後一年內自殺粗死亡率需相較107年下降」 in the 109 (2020) plan
    code = "suicide_after_discharge_rate_change"
    await fact(client, auth, county="TW-MIA", period="2018", code=code, numerator=4, denominator=200)  # 2.00
    await fact(client, auth, county="TW-MIA", period="2019", code=code, numerator=3, denominator=200)  # 1.50
    await fact(client, auth, county="TW-MIA", period="2020", code=code, numerator=5, denominator=200)  # 2.50
    headers = auth("county_admin", county="TW-MIA")
    y2020 = item((await client.get("/v1/scorecards/TW-MIA?period=2020", headers=headers)).json(), code)
    assert (y2020["value"], y2020["previous"], y2020["value_period"], y2020["previous_period"]) == (
        1.5,
        2.0,
        "2019",
        "2018",
    )
    assert (y2020["target"], y2020["target_op"], y2020["target_source"], y2020["met"]) == (
        2.0,
        "<",
        "previous_year",
        True,
    )
    y2021 = item((await client.get("/v1/scorecards/TW-MIA?period=2021", headers=headers)).json(), code)
    assert (y2021["value"], y2021["previous"], y2021["met"]) == (2.5, 1.5, False)
    # the standardised suicide mortality keeps comparing the plan year with the year before (p.49)
    smr = "suicide_smr_change"
    await fact(client, auth, county="TW-MIA", period="2019", code=smr, value=14.2)
    await fact(client, auth, county="TW-MIA", period="2020", code=smr, value=13.9)
    s2020 = item((await client.get("/v1/scorecards/TW-MIA?period=2020", headers=headers)).json(), smr)
    assert (s2020["value"], s2020["previous"], s2020["met"], s2020.get("value_period")) == (13.9, 14.2, True, None)


async def test_new_catalogue_items_are_scored(client, auth):
    headers = auth("county_admin", county="TW-MIA")
    await fact(
        client,
        auth,
        county="TW-MIA",
        period="2026",
        code="alcohol_treatment_institutions_visited",
        numerator=3,
        denominator=3,
    )
    await fact(
        client, auth, county="TW-MIA", period="2026", code="alcohol_treatment_recommendations_followed_up", value=False
    )
    await fact(client, auth, county="TW-MIA", period="2026", code="dedicated_admin_staff", numerator=5, denominator=8)
    await fact(client, auth, county="TW-MIA", period="2026", code="missed_visit_follow_up_mechanism", value=True)
    card = (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=headers)).json()
    assert item(card, "alcohol_treatment_institutions_visited")["met"] is True
    followed = item(card, "alcohol_treatment_recommendations_followed_up")  # 「且有追蹤訪查建議事項改善情形」
    assert (followed["value"], followed["met"]) == (0, False)
    staff = item(card, "dedicated_admin_staff")  # 「至少50%人力執行精神病人訪視」
    assert (staff["value"], staff["target"], staff["met"]) == (62.5, 50, True)
    assert item(card, "missed_visit_follow_up_mechanism")["met"] is True
    for code in ("multi_issue_service_coverage", "drug_release_follow_up_coverage", "network_liaison_meetings"):
        assert item(card, code)["target"] is None  # seed 003's numbers are Miaoli's own (PUT /v1/targets)
