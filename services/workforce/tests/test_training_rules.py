"""附件7 in a table: the seed's numbers (24 h basic from 2020, 21 h up to 2019; advanced 8 h incl. 3 h, 1 report)."""

from datetime import date
from decimal import Decimal

import pytest
from carenet_workforce.staff.rules import StaffKind
from carenet_workforce.training.rules import (
    BASIC_TOPICS,
    Course,
    Level,
    assess,
    basic_hours_required,
    find_topic,
    level_for,
)

D = Decimal


def full_basic(minus_topic: str | None = None) -> list[Course]:
    return [Course(Level.BASIC, t.code, t.hours or D(0)) for t in BASIC_TOPICS if t.code != minus_topic]


def test_the_seed_basic_table_sums_to_24_hours_over_12_topics():
    assert len(BASIC_TOPICS) == 12
    assert sum(t.hours or 0 for t in BASIC_TOPICS) == D(24)
    assert find_topic(Level.BASIC, "社區個案訪視技巧").hours == D(3)


@pytest.mark.parametrize(
    ("kind", "started", "year", "level"),
    [
        (StaffKind.PSYCHIATRIC_VISITOR, date(2025, 3, 1), 2025, Level.BASIC),  # first year
        (StaffKind.PSYCHIATRIC_VISITOR, date(2025, 3, 1), 2026, Level.BASIC),  # second year
        (StaffKind.PSYCHIATRIC_VISITOR, date(2025, 3, 1), 2027, Level.ADVANCED),
        (StaffKind.PUBLIC_HEALTH_NURSE, date(2018, 8, 1), 2026, Level.ADVANCED),  # in service
        (StaffKind.ADMIN_STAFF, date(2026, 1, 2), 2026, Level.BASIC),
        (StaffKind.SUPERVISOR, date(2026, 1, 2), 2026, Level.ADVANCED),  # not in the 初階 audience
        (StaffKind.MH_SOCIAL_WORKER, date(2026, 1, 2), 2026, Level.ADVANCED),
    ],
)
def test_level_by_kind_and_year_of_service(kind, started, year, level):
    assert level_for(kind, started, year) == level


def test_a_second_year_visitor_at_21_hours_misses_3_hours_and_the_topics_left_out():
    courses = full_basic(minus_topic="visiting_skills")  # 24 − 3 = 21 h
    result = assess(level=Level.BASIC, year=2026, courses=courses, case_reports=0)
    assert result.hours == D(21) and result.required_hours == D(24)
    assert not result.met
    assert [(m.requirement, m.short, m.topic) for m in result.missing] == [
        ("hours", D(3), None),
        ("topic", D(3), "visiting_skills"),
    ]


def test_21_hours_were_enough_up_to_2019_the_carry_over():
    courses = full_basic(minus_topic="visiting_skills")
    assert basic_hours_required(2019) == D(21) and basic_hours_required(2020) == D(24)
    assert assess(level=Level.BASIC, year=2019, courses=courses, case_reports=0).met
    assert not assess(level=Level.BASIC, year=2020, courses=courses, case_reports=0).met


def test_24_hours_without_every_topic_is_not_met():
    courses = [*full_basic(minus_topic="psychiatric_care_network"), Course(Level.BASIC, "visit_safety", D(1))]
    result = assess(level=Level.BASIC, year=2026, courses=courses, case_reports=0)
    assert result.hours == D(24)
    assert [(m.requirement, m.topic) for m in result.missing] == [("topic", "psychiatric_care_network")]


def test_the_full_basic_curriculum_is_met():
    assert assess(level=Level.BASIC, year=2026, courses=full_basic(), case_reports=0).met


def test_an_in_service_nurse_with_8_hours_no_conference_hours_and_no_report():
    courses = [Course(Level.ADVANCED, "advanced_case_management", D(5)), Course(Level.ADVANCED, "work_risk", D(3))]
    result = assess(level=Level.ADVANCED, year=2026, courses=courses, case_reports=0)
    assert result.hours == D(8) and result.required_hours == D(8)
    assert [(m.requirement, m.short) for m in result.missing] == [
        ("case_conference_hours", D(3)),
        ("case_report", D(1)),
    ]


@pytest.mark.parametrize(
    ("hours", "conference", "reports", "missing"),
    [
        (D(8), D(3), 1, []),
        (D("7.5"), D(3), 1, [("hours", D("0.5"))]),
        (D(8), D("2.5"), 1, [("case_conference_hours", D("0.5"))]),
        (D(10), D(4), 2, []),
    ],
)
def test_advanced_thresholds(hours, conference, reports, missing):
    courses = [Course(Level.ADVANCED, "case_report_discussion", hours, conference)]
    result = assess(level=Level.ADVANCED, year=2026, courses=courses, case_reports=reports)
    assert [(m.requirement, m.short) for m in result.missing] == missing


def test_basic_hours_do_not_count_for_the_advanced_year():
    result = assess(level=Level.ADVANCED, year=2026, courses=full_basic(), case_reports=1)
    assert result.hours == D(0)
