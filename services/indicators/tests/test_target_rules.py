"""Table tests of every target that depends on the county (seed 001, 衡量指標) and of period scaling."""

from decimal import Decimal

import pytest
from carenet_indicators.definitions.rules import (
    PSYCHIATRIC_AUDIT_BANDS,
    SUICIDE_AUDIT_BANDS,
    CountyProfile,
    Target,
    audit_rate_for_volume,
    is_met,
    resolve_target,
    scale_to_period,
)
from carenet_indicators.scorecards.rules import parse_period, ratio


def county(code="TW-MIA", *, cls=5, municipality=False, island=False, kind="county", districts=18, psy=None, sui=None):
    return CountyProfile(
        code=code,
        financial_class=cls,
        is_municipality=municipality,
        is_island=island,
        kind=kind,
        districts=districts,
        psychiatric_audit_rate=psy,
        suicide_audit_rate=sui,
    )


@pytest.mark.parametrize(
    ("volume", "rate"), [(0, 15), (3999, 15), (4000, 10), (7000, 10), (7001, 6), (10000, 6), (10001, 4), (30000, 4)]
)
def test_psychiatric_audit_rate_by_quarterly_volume(volume, rate):
    assert audit_rate_for_volume(volume, PSYCHIATRIC_AUDIT_BANDS, 4) == rate


@pytest.mark.parametrize(
    ("volume", "rate"), [(1, 15), (499, 15), (500, 10), (1000, 10), (1001, 6), (2000, 6), (2001, 4)]
)
def test_suicide_audit_rate_by_quarterly_volume(volume, rate):
    assert audit_rate_for_volume(volume, SUICIDE_AUDIT_BANDS, 4) == rate


def test_audit_rule_falls_back_to_the_countys_2020_class_without_visits():
    rule = {"kind": "by_volume", "bands": PSYCHIATRIC_AUDIT_BANDS, "otherwise": 4, "fallback": "psychiatric_audit_rate"}
    assert resolve_target(rule, county(psy=Decimal(10)), volume=0) == Target(Decimal(10), ">=")
    assert resolve_target(rule, county(psy=Decimal(10)), volume=8000) == Target(Decimal(6), ">=")


LECTURES = {"kind": "by_county_kind", "municipality": 5, "county": 4, "city": 3, "island": 2}


@pytest.mark.parametrize(
    ("profile", "lectures"),
    [
        (county("TW-TPE", municipality=True, kind="municipality"), 5),
        (county("TW-KHH", municipality=True, kind="municipality"), 5),
        (county("TW-MIA"), 4),
        (county("TW-HUA"), 4),
        (county("TW-KEE", kind="city"), 3),
        (county("TW-CYI", kind="city"), 3),
        (county("TW-PEN", island=True), 2),
        (county("TW-LIE", island=True), 2),
    ],
)
def test_addiction_lectures_5_4_3_2(profile, lectures):
    assert resolve_target(LECTURES, profile) == Target(Decimal(lectures), ">=")


@pytest.mark.parametrize(("districts", "centres"), [(2, 1), (9, 1), (10, 2), (18, 2), (38, 2)])
def test_community_centres_by_district_count(districts, centres):
    rule = {"kind": "by_district_count", "threshold": 10, "below": 1, "at_or_above": 2}
    assert resolve_target(rule, county(districts=districts)).threshold == centres


@pytest.mark.parametrize(("municipality", "sessions"), [(True, 2), (False, 1)])
def test_gp_training_2_in_municipalities_1_elsewhere(municipality, sessions):
    rule = {"kind": "by_municipality", "municipality": 2, "other": 1}
    assert resolve_target(rule, county(municipality=municipality)).threshold == sessions


@pytest.mark.parametrize(("island", "sessions"), [(True, 1), (False, 2)])
def test_cross_discipline_alcohol_training_islands_1(island, sessions):
    rule = {"kind": "by_island", "island": 1, "other": 2}
    assert resolve_target(rule, county(island=island)).threshold == sessions


@pytest.mark.parametrize(("cls", "matching"), [(1, None), (2, 35), (3, 30), (4, 25), (5, 20)])
def test_matching_funds_by_financial_class(cls, matching):
    rule = {"kind": "by_financial_class", "values": {"2": 35, "3": 30, "4": 25, "5": 20}}
    t = resolve_target(rule, county(cls=cls))
    assert (t.threshold if t else None) == matching


def test_year_on_year_rules():
    assert resolve_target({"kind": "below_previous"}, county(), previous=None) is None
    t = resolve_target({"kind": "below_previous"}, county(), previous=Decimal("12.5"))
    assert is_met(Decimal("12.4"), t) is True
    assert is_met(Decimal("12.5"), t) is False  # "lower than last year" is strict
    t = resolve_target({"kind": "reduce_previous_by", "pct": 5}, county(), previous=Decimal("20"))
    assert t == Target(Decimal("19.0000"), "<=")
    assert is_met(Decimal("19"), t) is True
    assert is_met(Decimal("19.5"), t) is False


@pytest.mark.parametrize(
    ("natural", "scoring", "kind", "prorate", "base", "expected"),
    [
        ("quarter", "year", "count", False, 1, 4),  # 1 a quarter → 4 a year
        ("year", "quarter", "count", True, 12, 3),  # 12 meetings a year → 3 a quarter
        ("year", "quarter", "count", False, 2, None),  # 2 GP trainings a year: a quarter cannot judge it
        ("year", "quarter", "average", True, Decimal("4.15"), Decimal("1.0375")),
        ("year", "quarter", "ratio", False, 70, 70),  # percentages do not scale
        ("year", "year", "count", False, 12, 12),
    ],
)
def test_scale_to_period(natural, scoring, kind, prorate, base, expected):
    t = scale_to_period(
        Target(Decimal(base), ">="), natural=natural, scoring=scoring, formula_kind=kind, prorate=prorate
    )
    assert (t.threshold if t else None) == expected


def test_is_met():
    assert is_met(Decimal(75), Target(Decimal(70), ">=")) is True
    assert is_met(Decimal("69.99"), Target(Decimal(70), ">=")) is False
    assert is_met(None, Target(Decimal(70), ">=")) is None
    assert is_met(Decimal(1), None) is None
    assert is_met(Decimal(1), Target(Decimal(1), "==")) is True


def test_periods_and_ratio():
    q = parse_period("2026-Q4")
    assert (q.start.isoformat(), q.end.isoformat(), q.quarters) == ("2026-10-01", "2026-12-31", ["2026-Q4"])
    y = parse_period("2026")
    assert (y.start.isoformat(), y.end.isoformat(), len(y.quarters)) == ("2026-01-01", "2026-12-31", 4)
    assert parse_period("2026-Q1").previous_year().label == "2025-Q1"
    for bad in ("2026-Q5", "26", "2026-01", "", "2026-H3", "2026-H0"):
        with pytest.raises(ValueError):
            parse_period(bad)
    assert ratio(3, 4) == Decimal("75.00")
    assert ratio(2, 3) == Decimal("66.67")
    assert ratio(4, 3, scale=1) == Decimal("1.33")
    assert ratio(1, 0) is None
