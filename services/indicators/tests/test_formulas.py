"""Every indicator formula on one small Miaoli 2026 scenario, numerators and denominators computed by
hand (in the comments) — including a discharge whose plan never arrives and a conference without an
external expert. Computed items come from hand-made case-mgmt events, the rest from manual facts."""

import pytest


def scenario(f):
    # cases: c1 c2 c6 psychiatric, c3 suicide attempt, c4 closed in 2025 (not open in 2026)
    f.case("c1", intake_date="2026-01-05")
    f.case("c2", intake_date="2025-06-01")
    f.case("c3", kinds=("suicide_attempt",), intake_date="2026-02-01")
    f.case("c4", intake_date="2025-01-01")
    f.add("case.closed", case_id="c4", county="TW-MIA", closed_on="2025-12-01", reason="stable")
    f.case("c6", intake_date="2026-05-01")
    f.visit("v1", "c1", "2026-01-10")
    f.visit("v2", "c1", "2026-02-10", outcome="not_met")
    f.visit("v3", "c1", "2026-03-10")
    f.visit("v4", "c2", "2026-04-01")
    f.visit("v5", "c3", "2026-02-05", kinds=("suicide_attempt",))
    f.add("visit_audit.recorded", audit_id="a1", visit_id="v1", county="TW-MIA", quarter="2026-Q1", kind="psychiatric")
    # discharges: d1 plan on day 4; d2's plan never arrives; d3 needs no follow-up; p4 has no notice, day 20
    f.discharge("d1", "2026-03-01")
    f.plan2("p1", "d1", "c1", "2026-03-01", "2026-03-05")
    f.first_visited("p1", "c1", "v3", "2026-03-10", True)
    f.discharge("d2", "2026-03-01")
    f.discharge("d3", "2026-04-01", needs_follow_up=False)
    f.plan2("p4", None, "c6", "2026-04-10", "2026-04-30")
    # conferences: k2 had no external expert; k4 is an event from before wave 2
    f.conference("k1", "2026-01-20", "psychiatric", has_external_expert=True, incident_ids=[])
    f.conference("k2", "2026-02-20", "suicide", has_external_expert=False, incident_ids=[])
    f.conference("k3", "2026-03-20", "combined", has_external_expert=True, incident_ids=["i1"])
    f.conference("k4", "2026-04-20", "psychiatric")
    # media-reported incidents: i1 all on time, i2 flash report late and no conference
    f.incident("i1", "media_reported", "2026-02-02")
    f.add(
        "incident.flash_report_filed",
        incident_id="i1",
        county="TW-MIA",
        kind="media_reported",
        filed_on="2026-02-04",
        on_time=True,
    )
    f.add(
        "incident.conference_held",
        incident_id="i1",
        county="TW-MIA",
        kind="media_reported",
        held_on="2026-03-20",
        on_time=True,
        conference_id="k3",
    )
    f.incident("i2", "media_reported", "2026-03-02")
    f.add(
        "incident.flash_report_filed",
        incident_id="i2",
        county="TW-MIA",
        kind="media_reported",
        filed_on="2026-03-10",
        on_time=False,
    )


# (code, period, value | (numerator, denominator)) — manual facts of Miaoli
FACTS = [
    ("cross_agency_meetings", "2026-Q1", 1),
    ("cross_agency_meetings", "2026-Q2", 1),
    ("cross_agency_meetings", "2026-Q3", 1),
    ("cross_agency_meetings_senior_chair", "2026", 2),
    ("media_exposure", "2026-Q1", 2),
    ("media_exposure", "2026-Q2", 1),
    ("community_mental_health_centres", "2026", 1),
    ("matching_funds_rate", "2026", (20, 100)),
    ("dedicated_admin_staff", "2026", (5, 8)),
    ("supervisor_ratio", "2026", (14, 2)),
    ("suicide_smr_change", "2025", 14.2),
    ("suicide_smr_change", "2026", 13.9),
    ("gatekeeper_training_village_chiefs", "2026", (250, 274)),
    ("gatekeeper_training_village_officers", "2026", (260, 274)),
    ("hospital_suicide_prevention_rate", "2026", (9, 10)),
    ("crisis_training_police", "2026", (400, 1000)),
    ("crisis_training_fire", "2026", (30, 100)),
    ("crisis_training_village_chiefs", "2026", (100, 274)),
    ("crisis_training_village_officers", "2026", (96, 274)),
    ("crisis_training_social_workers", "2026", (7, 20)),
    ("gp_training_sessions", "2026", 1),
    ("missed_visit_follow_up_mechanism", "2026", True),
    ("community_inclusion_district_coverage", "2026", (6, None)),  # denominator: Miaoli's 18 districts
    ("disaster_drill_pass_rate", "2026", (12, 12)),
    ("suicide_after_discharge_rate_change", "2024", (3, 150)),
    ("suicide_after_discharge_rate_change", "2025", (2, 160)),
    ("suicide_after_discharge_rate_change", "2026", (9, 100)),  # not judged in 2026: data come a year late
    ("addiction_lectures", "2026", 4),
    ("internet_addiction_lectures", "2026", 1),
    ("alcohol_hotline_published", "2026", True),
    ("alcohol_treatment_institutions_visited", "2026", (3, 3)),
    ("alcohol_treatment_recommendations_followed_up", "2026", False),
    ("internet_addiction_training", "2026", 1),
    ("alcohol_cross_discipline_training", "2026", 2),
    ("innovative_services", "2026", 1),
    ("social_worker_re_report_rate_change", "2025", (10, 200)),
    ("social_worker_re_report_rate_change", "2026", (9, 200)),
    ("family_support_groups", "2026", 4),
    ("multi_issue_service_coverage", "2026", (30, 40)),
    ("drug_release_follow_up_coverage", "2026", (17, 20)),
    ("network_liaison_meetings", "2026-Q1", 1),
    ("network_liaison_meetings", "2026-Q2", 1),
]

# code: (numerator, denominator, value, target, met) for TW-MIA 2026, by hand
EXPECTED = {
    "cross_agency_meetings": (None, None, 3, 4, False),  # Q1+Q2+Q3; 1 a quarter → 4 a year
    "cross_agency_meetings_senior_chair": (None, None, 2, 2, True),
    "media_exposure": (None, None, 3, 4, False),
    "community_mental_health_centres": (None, None, 1, 2, False),  # 18 districts ≥ 10 → 2
    "matching_funds_rate": (20, 100, 20.0, 20, True),  # class 5: 100% − 80%
    "dedicated_admin_staff": (5, 8, 62.5, 50, True),
    "supervisor_ratio": (14, 2, 7, 7, True),  # 14 case managers / 2 supervisors ≤ 7
    # informational: 2026-H1 has ended by 12 November, no review signed off → 1 overdue (≤ 0 to meet)
    "account_review_half_yearly": (0, 1, 1, 0, False),
    "suicide_smr_change": (None, None, 13.9, 14.2, True),  # < 2025's 14.2
    "gatekeeper_training_village_chiefs": (250, 274, 91.24, 90, True),
    "gatekeeper_training_village_officers": (260, 274, 94.89, 90, True),
    "suicide_case_management_meetings": (None, None, 1, 12, False),  # k3 (k2 had no expert)
    "suicide_visit_audit_rate": (0, 1, 0.0, 10, False),  # 0 of v5; Miaoli named 10%
    "media_reported_incidents": (None, None, 2, None, None),  # i1 i2
    "media_flash_report_on_time_rate": (1, 2, 50.0, None, None),  # i1
    "media_conference_on_time_rate": (1, 2, 50.0, None, None),  # i1
    "hospital_suicide_prevention_rate": (9, 10, 90.0, 100, False),
    "crisis_training_police": (400, 1000, 40.0, 35, True),
    "crisis_training_fire": (30, 100, 30.0, 35, False),
    "crisis_training_village_chiefs": (100, 274, 36.5, 35, True),
    "crisis_training_village_officers": (96, 274, 35.04, 35, True),
    "crisis_training_social_workers": (7, 20, 35.0, 35, True),
    "gp_training_sessions": (None, None, 1, 1, True),
    "psychiatric_case_management_meetings": (None, None, 3, 12, False),  # k1 k3 k4
    "case_management_meetings": (None, None, 3, 12, False),  # k1 k3 k4; k2 without an expert
    "psychiatric_visit_audit_rate": (1, 4, 25.0, 10, True),  # v1 of v1..v4
    "discharge_plan_upload_14d": (1, 3, 33.33, 70, False),  # d1 / d1 d2(never uploaded) own-p4; d3 no need
    "discharge_first_visit_14d": (1, 2, 50.0, 70, False),  # p1 / p1 p4 uploaded in 2026
    "avg_visits_per_psychiatric_case": (4, 3, 1.33, 4.15, False),  # v1..v4 / c1 c2 c6
    "missed_visit_follow_up_mechanism": (None, None, 1, 1, True),
    "community_inclusion_district_coverage": (6, 18, 33.33, 30, True),
    "disaster_drill_pass_rate": (12, 12, 100.0, 100, True),
    "suicide_after_discharge_rate_change": (2, 160, 1.25, 2.0, True),  # 2025's 1.25 < 2024's 2.00
    "addiction_lectures": (None, None, 4, 4, True),
    "internet_addiction_lectures": (None, None, 1, 1, True),
    "alcohol_hotline_published": (None, None, 1, 1, True),
    "alcohol_treatment_institutions_visited": (3, 3, 100.0, 100, True),
    "alcohol_treatment_recommendations_followed_up": (None, None, 0, 1, False),
    "internet_addiction_training": (None, None, 1, 1, True),
    "alcohol_cross_discipline_training": (None, None, 2, 2, True),
    "innovative_services": (None, None, 1, 1, True),
    "service_coverage": (3, 4, 75.0, None, None),  # c1 c2 c3 visited / c1 c2 c3 c6 open
    "social_worker_re_report_rate_change": (9, 200, 4.5, 4.75, True),  # ≤ 5.00 × 0.95
    "family_support_groups": (None, None, 4, None, None),
    "multi_issue_service_coverage": (30, 40, 75.0, None, None),
    "drug_release_follow_up_coverage": (17, 20, 85.0, None, None),
    "network_liaison_meetings": (None, None, 2, None, None),
}


@pytest.fixture
async def miaoli_2026(client, auth, fake_feed, consume):
    scenario(fake_feed)
    await consume(fake_feed)
    ministry = auth("ministry", county=None)
    for code, period, given in FACTS:
        body = {"county": "TW-MIA", "period": period, "code": code, "evidence": "hand-made"}
        if isinstance(given, tuple):
            body["numerator"] = given[0]
            if given[1] is not None:
                body["denominator"] = given[1]
        else:
            body["value"] = given
        r = await client.post("/v1/facts", json=body, headers=ministry)
        assert r.status_code == 201, (code, r.text)
    r = await client.get("/v1/scorecards/TW-MIA?period=2026", headers=auth("county_admin", county="TW-MIA"))
    assert r.status_code == 200
    return {i["code"]: i for i in r.json()["items"]}


async def test_every_indicator_is_in_the_table(client, auth):
    card = (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=auth("ministry", county=None))).json()
    assert sorted(i["code"] for i in card["items"]) == sorted(EXPECTED)


@pytest.mark.now("2026-11-12T10:00:00+08:00")
async def test_every_formula_by_hand(miaoli_2026):
    """One scenario, every row of the table (built once: the scenario is the slow part)."""
    got = {
        code: (i["numerator"], i["denominator"], i["value"], i["target"], i["met"]) for code, i in miaoli_2026.items()
    }
    assert {code: got.get(code) for code in EXPECTED if got.get(code) != EXPECTED[code]} == {}
