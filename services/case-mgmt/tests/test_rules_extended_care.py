"""Extended care (seed 001): 65+ repeat suicide attempts ≥ 2 visits a month, ≥ 50 % face-to-face (每個月至少2次，採面訪
方式至少50%以上); a household with a child under 6 more (≥ 3, ≥ 2/3 — the seed names no numbers), each for a
county-set period from intake. Table tests over month boundaries on the Taipei calendar."""

from datetime import date, datetime, time

import pytest
from carenet_case_mgmt.extended_care.rules import (
    CHILD_UNDER_6,
    ELDERLY,
    FLAGGED_REASONS,
    Requirement,
    requirements,
    shortfalls,
)
from carenet_case_mgmt.tiers.rules import FLAGGED, VisitFact
from carenet_core.clock import TAIPEI


def v(d: date, method: str = "face_to_face_home", outcome: str = "met", hh: int = 10, mm: int = 0) -> VisitFact:
    return VisitFact(visited_at=datetime.combine(d, time(hh, mm), TAIPEI), method=method, outcome=outcome)


F2F, PHONE = "face_to_face_home", "phone"
INTAKE = date(2026, 10, 15)
TABLE_INTAKE = date(2026, 11, 15)  # November is not a whole month in care: the table starts clean in December
ELDERLY_REQ = [Requirement(ELDERLY, until=date(2027, 4, 15))]
CHILD_REQ = [Requirement(CHILD_UNDER_6, until=date(2027, 4, 15))]


@pytest.mark.parametrize(
    ("visits", "on", "reasons"),
    [
        # two visits in December, one face-to-face: December is met on the 31st
        ([v(date(2026, 12, 1), PHONE), v(date(2026, 12, 31), F2F)], date(2026, 12, 31), []),
        # the same two visits seen on 1 January: January has none yet, December was met
        (
            [v(date(2026, 12, 1), PHONE), v(date(2026, 12, 31), F2F)],
            date(2027, 1, 1),
            ["elderly_monthly_visits", "elderly_monthly_face_to_face"],
        ),
        # 23:30 on 31 December Taipei is still December (15:30 UTC): it counts for December, not January
        (
            [v(date(2026, 12, 2), PHONE), v(date(2026, 12, 31), F2F, hh=23, mm=30), v(date(2027, 1, 2), F2F)],
            date(2027, 1, 2),
            ["elderly_monthly_visits"],
        ),
        # only one December visit: missed last month, shown through January
        (
            [v(date(2026, 12, 10), F2F)],
            date(2027, 1, 20),
            ["elderly_monthly_visits", "elderly_monthly_face_to_face", "elderly_missed_last_month"],
        ),
        # December with 3 phone visits and 1 face-to-face: 25 % < 50 %
        (
            [v(date(2026, 12, d), PHONE) for d in (1, 8, 15)]
            + [v(date(2026, 12, 22), F2F)]
            + [v(date(2027, 1, 3), F2F), v(date(2027, 1, 4), PHONE)],
            date(2027, 1, 5),
            ["elderly_missed_last_month"],
        ),
        # not-met visits count as visits (訪視 met or not)
        (
            [v(date(2027, 2, 1), F2F, "not_met"), v(date(2027, 2, 27), PHONE, "not_met")],
            date(2027, 2, 28),
            ["elderly_missed_last_month"],
        ),
    ],
)
def test_elderly_monthly_floor(visits, on, reasons):
    assert shortfalls(visits=visits, on=on, intake_date=TABLE_INTAKE, reqs=ELDERLY_REQ) == reasons


def test_the_intake_month_is_never_missed_and_the_period_ends():
    # intake 15 October: October is not a whole month in care, so November does not show it as missed
    assert "elderly_missed_last_month" not in shortfalls(
        visits=[], on=date(2026, 11, 1), intake_date=INTAKE, reqs=ELDERLY_REQ
    )
    assert "elderly_missed_last_month" in shortfalls(
        visits=[], on=date(2026, 12, 1), intake_date=INTAKE, reqs=ELDERLY_REQ
    )
    # the period ends on 15 April 2027: nothing from that day; March (whole month inside) still shows in April before it
    assert shortfalls(visits=[], on=date(2027, 4, 15), intake_date=INTAKE, reqs=ELDERLY_REQ) == []
    assert "elderly_missed_last_month" in shortfalls(
        visits=[], on=date(2027, 4, 14), intake_date=INTAKE, reqs=ELDERLY_REQ
    )


@pytest.mark.parametrize(
    ("methods", "reasons"),
    [
        ([F2F, F2F, PHONE], []),  # 3 visits, 2/3 face-to-face
        ([F2F, F2F], ["child_under_6_monthly_visits"]),  # enough for 65+, not for a child under 6
        ([F2F, PHONE, PHONE], ["child_under_6_monthly_face_to_face"]),  # 1/3
        ([F2F, F2F, PHONE, PHONE], ["child_under_6_monthly_face_to_face"]),  # 50 % is not 2/3
    ],
)
def test_child_under_6_asks_more_than_the_elderly_rule(methods, reasons):
    visits = [v(date(2027, 1, 1 + i), m) for i, m in enumerate(methods)]
    on = date(2027, 1, 31)
    assert shortfalls(visits=visits, on=on, intake_date=date(2026, 12, 20), reqs=CHILD_REQ) == reasons


@pytest.mark.parametrize(
    ("kinds", "flags", "age", "rules"),
    [
        (["suicide_attempt"], ["repeat_suicide_attempt"], 65, ["elderly"]),
        (["suicide_attempt"], ["repeat_suicide_attempt"], 64, []),
        (["suicide_attempt"], ["child_under_6"], 30, ["child_under_6"]),
        (["suicide_attempt"], ["child_under_6", "repeat_suicide_attempt"], 70, ["elderly", "child_under_6"]),
        (["psychiatric"], ["child_under_6"], 30, []),
        (["bereaved_family"], ["child_under_6"], 30, []),
    ],
)
def test_which_rules_apply(kinds, flags, age, rules):
    got = requirements(
        kinds=kinds, flags=flags, age=age, intake_date=date(2026, 8, 31), elderly_months=6, child_months=9
    )
    assert [r.rule.name for r in got] == rules
    until = {r.rule.name: r.until for r in got}
    # months from intake on the calendar: 31 August + 6 → 28 February, + 9 → 31 May
    assert until.get("elderly", date(2027, 2, 28)) == date(2027, 2, 28)
    assert until.get("child_under_6", date(2027, 5, 31)) == date(2027, 5, 31)


def test_every_extended_care_reason_puts_the_case_on_the_worklist():
    assert FLAGGED_REASONS <= FLAGGED


def test_the_elderly_floor_is_the_seeds_numbers():
    from fractions import Fraction

    assert (ELDERLY.min_visits, ELDERLY.min_face_to_face) == (2, Fraction(1, 2))  # 每個月至少2次，面訪至少50%
