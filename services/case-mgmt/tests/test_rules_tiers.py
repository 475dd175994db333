"""Tier rules with the numbers of domain rules §1a and seed 001."""

from datetime import date, datetime, time, timedelta

import pytest
from carenet_case_mgmt.tiers.rules import (
    DEFAULT_POLICY,
    TierChangeRefusal,
    TierPolicy,
    VisitFact,
    check_tier_change,
    consecutive_not_met,
    elderly_monthly_check,
    elderly_rule_applies,
    next_visit_due,
    only_phone_for_a_year,
    standing,
    tier_locked_until,
)
from carenet_core.clock import TAIPEI, add_months


def v(d: date, outcome: str = "met", method: str = "face_to_face_home", hour: int = 10) -> VisitFact:
    return VisitFact(visited_at=datetime.combine(d, time(hour), TAIPEI), method=method, outcome=outcome)


@pytest.mark.parametrize(
    ("tier", "last_visit", "due"),
    [
        (1, date(2026, 3, 1), date(2026, 3, 15)),  # 14 days
        (2, date(2026, 3, 1), date(2026, 3, 31)),  # 30 days
        (3, date(2026, 3, 1), date(2026, 5, 30)),  # 90 days
        (4, date(2026, 3, 1), date(2026, 8, 28)),  # 180 days
        (5, date(2026, 3, 1), date(2027, 3, 1)),  # 365 days
    ],
)
def test_next_visit_due_per_tier_after_a_met_visit(tier, last_visit, due):
    assert next_visit_due(tier=tier, intake_date=date(2026, 1, 1), visits=[v(last_visit)], policy=DEFAULT_POLICY) == due


@pytest.mark.parametrize(("tier", "due"), [(1, date(2026, 1, 15)), (3, date(2026, 4, 1))])
def test_without_visits_the_clock_starts_at_intake(tier, due):
    assert next_visit_due(tier=tier, intake_date=date(2026, 1, 1), visits=[], policy=DEFAULT_POLICY) == due


@pytest.mark.parametrize(
    ("tier", "due"),
    [
        (1, date(2026, 3, 8)),  # not met: retry within 7 days (shorter than 14)
        (3, date(2026, 3, 8)),
        (5, date(2026, 3, 8)),
    ],
)
def test_a_not_met_visit_brings_the_next_attempt_within_7_days(tier, due):
    assert (
        next_visit_due(
            tier=tier, intake_date=date(2026, 1, 1), visits=[v(date(2026, 3, 1), "not_met")], policy=DEFAULT_POLICY
        )
        == due
    )


def test_visits_count_in_the_order_they_happened_not_arrived():
    late_but_earlier = v(date(2026, 2, 1), "not_met")
    newest = v(date(2026, 3, 1), "met")
    # the late one arrives last but happened first: the met visit on 1 March sets the clock
    assert next_visit_due(
        tier=2, intake_date=date(2026, 1, 1), visits=[newest, late_but_earlier], policy=DEFAULT_POLICY
    ) == date(2026, 3, 31)


def test_a_county_policy_changes_the_interval():
    policy = TierPolicy(intervals={1: 7, 2: 21, 3: 60, 4: 120, 5: 300}, not_met_retry_days=3)
    assert next_visit_due(tier=2, intake_date=date(2026, 1, 1), visits=[v(date(2026, 3, 1))], policy=policy) == date(
        2026, 3, 22
    )
    assert next_visit_due(
        tier=2, intake_date=date(2026, 1, 1), visits=[v(date(2026, 3, 1), "not_met")], policy=policy
    ) == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("intake", "until"),
    [
        (date(2026, 1, 15), date(2026, 4, 15)),
        (date(2025, 11, 30), date(2026, 2, 28)),  # clamped to the month's end
        (date(2027, 11, 30), date(2028, 2, 29)),  # leap year
    ],
)
def test_intake_lock_is_three_months(intake, until):
    assert tier_locked_until(intake) == until == add_months(intake, 3)


@pytest.mark.parametrize(
    ("from_tier", "to_tier", "on", "met_f2f", "situation", "exception", "refusal"),
    [
        (1, 2, date(2026, 4, 14), True, None, None, TierChangeRefusal.TIER_LOCKED),  # the day before the lock ends
        (1, 2, date(2026, 4, 15), True, None, None, None),  # the lock ends
        (1, 2, date(2026, 4, 15), False, None, None, TierChangeRefusal.FACE_TO_FACE_REQUIRED),
        (2, 3, date(2026, 6, 1), False, "lost_contact", "phone off for 3 months", None),
        (
            2,
            3,
            date(2026, 6, 1),
            False,
            "imprisoned",
            None,
            TierChangeRefusal.FACE_TO_FACE_REQUIRED,
        ),  # no reason recorded
        (2, 3, date(2026, 6, 1), False, "missing", "police report 123", None),
        (2, 4, date(2026, 6, 1), True, None, None, TierChangeRefusal.ONE_STEP_AT_A_TIME),
        (3, 1, date(2026, 1, 20), False, None, None, None),  # step-up: always
        (2, 2, date(2026, 6, 1), True, None, None, TierChangeRefusal.SAME_TIER),
    ],
)
def test_tier_change_rules(from_tier, to_tier, on, met_f2f, situation, exception, refusal):
    got = check_tier_change(
        from_tier=from_tier,
        to_tier=to_tier,
        on=on,
        locked_until=date(2026, 4, 15),
        met_face_to_face_since_last_change=met_f2f,
        situation=situation,
        exception_reason=exception,
    )
    assert got == refusal


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ([], 0),
        (["met", "not_met", "not_met"], 2),
        (["not_met", "not_met", "not_met"], 3),
        (["not_met", "not_met", "not_met", "met"], 0),
    ],
)
def test_consecutive_not_met(outcomes, expected):
    visits = [v(date(2026, 1, 1) + timedelta(days=i), o) for i, o in enumerate(outcomes)]
    assert consecutive_not_met(list(reversed(visits))) == expected


def test_three_not_met_flags_the_case():
    visits = [v(date(2026, 3, d), "not_met") for d in (1, 8, 15)]
    s = standing(on=date(2026, 3, 16), tier=2, intake_date=date(2026, 1, 1), visits=visits, policy=DEFAULT_POLICY)
    assert s.consecutive_not_met == 3
    assert "consecutive_not_met" in s.reasons and s.next_visit_due == date(2026, 3, 22)


@pytest.mark.parametrize(
    ("visits", "ok_visits", "ok_f2f"),
    [
        ([("face_to_face_home", 3), ("phone", 20)], True, True),  # 2 visits, 50% face-to-face
        ([("phone", 3), ("phone", 20)], True, False),  # 0% face-to-face
        ([("face_to_face_other", 3)], False, True),  # only 1 visit
        ([("phone", 2), ("phone", 9), ("face_to_face_home", 20)], True, False),  # 33%
        ([], False, False),
    ],
)
def test_elderly_repeat_attempt_monthly_rule(visits, ok_visits, ok_f2f):
    facts = [v(date(2026, 5, d), method=m) for m, d in visits] + [v(date(2026, 4, 30)), v(date(2026, 6, 1))]
    check = elderly_monthly_check(facts, year=2026, month=5)
    assert (check.enough_visits, check.enough_face_to_face) == (ok_visits, ok_f2f)


@pytest.mark.parametrize(
    ("kinds", "flags", "age", "applies"),
    [
        (["suicide_attempt"], ["repeat_suicide_attempt"], 65, True),
        (["suicide_attempt"], ["repeat_suicide_attempt"], 64, False),
        (["suicide_attempt"], [], 80, False),
        (["psychiatric"], ["repeat_suicide_attempt"], 70, False),
    ],
)
def test_elderly_rule_applies(kinds, flags, age, applies):
    assert elderly_rule_applies(kinds=kinds, flags=flags, age=age) is applies


def test_only_phone_for_a_year():
    phone_only = [v(date(2025, 6, 1), "not_met", "phone"), v(date(2026, 1, 1), "not_met", "phone")]
    assert only_phone_for_a_year(
        intake_date=date(2024, 1, 1), visits=phone_only, on=date(2026, 3, 1), policy=DEFAULT_POLICY
    )
    reached = [*phone_only, v(date(2025, 12, 1), "met", "phone")]
    assert not only_phone_for_a_year(
        intake_date=date(2024, 1, 1), visits=reached, on=date(2026, 3, 1), policy=DEFAULT_POLICY
    )
    assert not only_phone_for_a_year(
        intake_date=date(2025, 6, 1), visits=phone_only, on=date(2026, 3, 1), policy=DEFAULT_POLICY
    )


@pytest.mark.parametrize(
    ("on", "overdue", "days_overdue", "reason"),
    [
        (date(2026, 3, 7), False, 0, None),  # due 15 March: more than 7 days ahead
        (date(2026, 3, 12), False, 0, "due_soon"),  # due 15 March, within 7 days
        (date(2026, 3, 15), False, 0, "due_soon"),  # due today: not yet overdue
        (date(2026, 3, 20), True, 5, "overdue"),
    ],
)
def test_standing_due_and_overdue(on, overdue, days_overdue, reason):
    s = standing(on=on, tier=1, intake_date=date(2026, 1, 1), visits=[v(date(2026, 3, 1))], policy=DEFAULT_POLICY)
    assert (s.overdue, s.days_overdue) == (overdue, days_overdue)
    assert (reason in s.reasons) if reason else not ({"overdue", "due_soon"} & set(s.reasons))


def test_standing_ignores_visits_after_the_day():
    visits = [v(date(2026, 3, 1)), v(date(2026, 3, 20))]
    assert standing(
        on=date(2026, 3, 10), tier=1, intake_date=date(2026, 1, 1), visits=visits, policy=DEFAULT_POLICY
    ).next_visit_due == date(2026, 3, 15)


@pytest.mark.parametrize(
    ("method", "outcome", "seen", "counts"),
    [
        ("face_to_face_home", "met", "person", True),
        ("face_to_face_other", "met", "person", True),
        ("face_to_face_home", "met", "family_only", False),  # 以實際面訪本人為原則
        ("face_to_face_home", "not_met", None, False),
        ("phone", "met", "person", False),
        ("video", "met", "person", False),
    ],
)
def test_only_a_met_face_to_face_visit_with_the_person_counts_for_step_down(method, outcome, seen, counts):
    from carenet_case_mgmt.tiers.rules import counts_for_step_down

    assert counts_for_step_down(method=method, outcome=outcome, seen=seen) is counts


@pytest.mark.parametrize(
    ("sent", "outcome", "stored"),
    [
        (None, "met", "person"),
        (None, "not_met", None),
        ("family_only", "met", "family_only"),
        ("family_only", "not_met", "family_only"),
    ],
)
def test_seen_default_for_clients_that_do_not_send_it(sent, outcome, stored):
    from carenet_case_mgmt.visits.rules import seen_or_default

    assert seen_or_default(sent, outcome) == stored
