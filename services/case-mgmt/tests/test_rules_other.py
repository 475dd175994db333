"""National ID check digits, discharge-plan 14-day rules, audit share by volume class (seed 001)."""

from datetime import date
from decimal import Decimal

import pytest
from carenet_case_mgmt.audits.rules import audit_rate, draw, sample_size
from carenet_case_mgmt.cases.rules import IdKind, combined_issues, high_risk_household, identify
from carenet_case_mgmt.common.privacy import mask_name, mask_national_id
from carenet_case_mgmt.discharge import rules as discharge


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("A123456789", IdKind.NATIONAL_ID),
        ("F131104093", IdKind.NATIONAL_ID),
        ("a123456789", IdKind.NATIONAL_ID),  # lower case is read as upper case
        ("A123456788", None),  # wrong check digit
        ("A323456789", None),  # second digit must be 1 or 2 (or 8/9 for residents)
        ("1123456789", None),
        ("A12345678", None),
        ("A800000014", IdKind.RESIDENT_CERTIFICATE),  # new resident certificate (2021)
        ("A800000015", None),
        ("AC01234567", IdKind.RESIDENT_CERTIFICATE),  # old resident certificate
        ("AC01234568", None),
    ],
)
def test_national_id_and_resident_certificate(value, kind):
    assert identify(value) == kind


@pytest.mark.parametrize(
    ("discharged", "uploaded", "within"),
    [
        (date(2026, 3, 1), date(2026, 3, 15), True),  # day 14
        (date(2026, 3, 1), date(2026, 3, 16), False),  # day 15
        (date(2026, 3, 1), date(2026, 3, 1), True),
    ],
)
def test_discharge_plan_uploaded_within_14_days(discharged, uploaded, within):
    assert discharge.uploaded_within_14_days(discharged_on=discharged, upload_date=uploaded) is within


@pytest.mark.parametrize(
    ("uploaded", "visit", "within"),
    [
        (date(2026, 3, 16), date(2026, 3, 30), True),
        (date(2026, 3, 16), date(2026, 3, 31), False),
    ],
)
def test_first_visit_within_14_days_of_upload(uploaded, visit, within):
    assert discharge.first_visit_due(uploaded) == date(2026, 3, 30)
    assert discharge.first_visit_within_14_days(upload_date=uploaded, visit_date=visit) is within


def test_first_visit_is_the_earliest_met_visit_after_discharge():
    visits = [
        ("v3", date(2026, 3, 20), "met"),
        ("v1", date(2026, 2, 20), "met"),
        ("v2", date(2026, 3, 5), "not_met"),
        ("v4", date(2026, 3, 10), "met"),
    ]
    assert discharge.first_visit(discharged_on=date(2026, 3, 1), visits=visits) == ("v4", date(2026, 3, 10))
    assert discharge.first_visit(discharged_on=date(2026, 3, 25), visits=visits) is None


@pytest.mark.parametrize(
    ("kind", "volume", "rate"),
    [
        ("psychiatric", 3999, "0.15"),
        ("psychiatric", 4000, "0.10"),
        ("psychiatric", 7000, "0.10"),
        ("psychiatric", 7001, "0.06"),
        ("psychiatric", 10000, "0.06"),
        ("psychiatric", 10001, "0.04"),
        ("suicide_attempt", 499, "0.15"),
        ("suicide_attempt", 500, "0.10"),
        ("suicide_attempt", 1000, "0.10"),
        ("suicide_attempt", 1500, "0.06"),
        ("suicide_attempt", 2000, "0.06"),
        ("suicide_attempt", 2001, "0.04"),
    ],
)
def test_audit_share_by_volume_class(kind, volume, rate):
    assert audit_rate(kind, volume) == Decimal(rate)


@pytest.mark.parametrize(
    ("population", "rate", "size"),
    [
        (0, "0.15", 0),
        (7, "0.15", 2),
        (100, "0.15", 15),
        (4200, "0.10", 420),
        (1001, "0.06", 61),
        (3, "0.15", 1),
    ],
)
def test_audit_sample_size(population, rate, size):
    assert sample_size(population, Decimal(rate)) == size


def test_the_draw_is_reproducible_from_the_seed():
    ids = [f"v{i:03d}" for i in range(100)]
    one = draw(ids, seed="abc", k=15)
    assert one == draw(list(reversed(ids)), seed="abc", k=15)
    assert len(set(one)) == 15 and set(one) <= set(ids)
    assert one != draw(ids, seed="abd", k=15)


def test_masking():
    assert mask_national_id("A123456789") == "A12****789"
    assert mask_name("王小明") == "王*明"
    assert mask_name("李四") == "李*"


def test_agenda_household_and_combined_rules():
    assert high_risk_household({"caregiver_age": 65}) == ["caregiver_65_plus"]
    assert high_risk_household({"caregiver_age": 64, "psychiatric_patients": 2}) == ["two_or_more_psychiatric_patients"]
    assert high_risk_household(None) == []
    assert combined_issues(["psychiatric", "suicide_attempt"], []) == ["psychiatric_and_suicide"]
    assert combined_issues(["psychiatric"], ["protective_issue"]) == ["psychiatric_and_protective_issue"]
    assert combined_issues(["suicide_attempt"], ["protective_issue"]) == []


@pytest.mark.parametrize(
    ("discharged", "uploaded", "today", "missing"),
    [
        (date(2026, 11, 16), None, date(2026, 11, 30), False),  # day 14: still in time
        (date(2026, 11, 15), None, date(2026, 11, 30), True),  # day 15, no plan
        (date(2026, 11, 15), date(2026, 11, 29), date(2026, 11, 30), False),
        (date(2026, 12, 20), None, date(2027, 1, 4), True),  # across the year
    ],
)
def test_plan_missing_after_14_days(discharged, uploaded, today, missing):
    from carenet_case_mgmt.discharge.rules import plan_missing

    assert plan_missing(discharged_on=discharged, plan_upload_date=uploaded, today=today) is missing


def test_hospital_names_match_without_spacing_and_with_either_tai():
    from carenet_case_mgmt.discharge.rules import normal_hospital

    assert normal_hospital(" 台北市立 聯合醫院 ") == normal_hospital("臺北市立聯合醫院")
    assert normal_hospital("為恭紀念醫院") != normal_hospital("為恭醫院")


def test_the_source_list_keeps_todays_values_and_adds_the_referring_agencies():
    from typing import get_args

    from carenet_case_mgmt.cases.schemas import Source
    from carenet_case_mgmt.sources.rules import SOURCES

    assert set(get_args(Source)) == set(SOURCES)  # the API accepts exactly the listed sources
    for today in ("hospital_discharge", "community"):
        assert today in SOURCES
    for added in (
        "hotline_1925",
        "social_welfare",
        "labour",
        "education",
        "police",
        "fire",
        "medical",
        "self",
        "other",
    ):
        assert added in SOURCES


def test_counts_by_source_and_the_three_referring_agencies():
    from carenet_case_mgmt.sources.rules import count_by_source, referring_agencies_total

    counts = count_by_source(["social_welfare", "labour", "labour", "education", "police", "free text of 2025"])
    assert counts["labour"] == 2 and counts["other"] == 1 and counts["self"] == 0
    assert referring_agencies_total(counts) == 4  # 統計社政、勞政及教育機關(構)轉介件數
