"""Staffing rules with hand-counted numbers: 1 supervisor per 7 case managers; admin staff and ≥ 50 % psychiatric."""

from decimal import Decimal

import pytest
from carenet_workforce.accounts.rules import FlagReason, StaffRecord, flags_for
from carenet_workforce.staff.rules import Funding, StaffKind
from carenet_workforce.staffing.rules import Member, dedicated_admin_staff, supervisor_ratio

V, S, W = StaffKind.PSYCHIATRIC_VISITOR, StaffKind.SUICIDE_VISITOR, StaffKind.MH_SOCIAL_WORKER


def m(kind, share="0", funding=Funding.SUBSIDISED):
    return Member(kind, funding, Decimal(share))


@pytest.mark.parametrize(
    ("supervisors", "case_managers", "required", "met", "per_supervisor"),
    [
        (1, 7, 1, True, Decimal("7.00")),
        (1, 8, 2, False, Decimal("8.00")),
        (2, 8, 2, True, Decimal("4.00")),
        (0, 3, 1, False, None),
        (1, 0, 0, True, Decimal("0.00")),
    ],
)
def test_supervisor_ratio_one_per_seven(supervisors, case_managers, required, met, per_supervisor):
    kinds = [V, S, W]
    staff = [m(StaffKind.SUPERVISOR)] * supervisors + [m(kinds[i % 3]) for i in range(case_managers)]
    staff += [m(StaffKind.PUBLIC_HEALTH_NURSE), m(StaffKind.ADMIN_STAFF)]  # neither counts
    r = supervisor_ratio(staff)
    assert (r.supervisors, r.case_managers, r.required, r.met, r.per_supervisor) == (
        supervisors,
        case_managers,
        required,
        met,
        per_supervisor,
    )


def test_dedicated_admin_staff_needs_an_administrator_and_half_the_visiting_time_on_psychiatric_visits():
    visitors = [m(V, "1"), m(S, "0"), m(W, "0.2"), m(V, "0.6", Funding.COUNTY)]  # county-funded not counted
    r = dedicated_admin_staff([*visitors, m(StaffKind.ADMIN_STAFF)])
    assert (r.visiting_staff, r.psychiatric_fte) == (3, Decimal("1.2"))
    assert r.share == Decimal("0.4") and r.share_percent == Decimal("40.00") and not r.met
    r = dedicated_admin_staff([*visitors, m(V, "0.3"), m(StaffKind.ADMIN_STAFF)])
    assert (r.visiting_staff, r.psychiatric_fte, r.met) == (4, Decimal("1.5"), False)
    r = dedicated_admin_staff([*visitors, m(V, "0.8"), m(StaffKind.ADMIN_STAFF)])
    assert (r.psychiatric_fte / r.visiting_staff, r.met) == (Decimal("0.5"), True)
    assert not dedicated_admin_staff([*visitors, m(V, "0.8")]).met  # no administrator


@pytest.mark.parametrize(
    ("staff", "graded"),
    [
        ([m(V, "0.8"), m(StaffKind.ADMIN_STAFF)], Decimal("80.00")),
        ([m(V, "0.8")], Decimal("0.00")),  # no administrator: graded 0 whatever the share
        ([m(StaffKind.ADMIN_STAFF)], None),  # no visiting staff: nothing to grade
        ([m(V, "0.2"), m(V, "0.9"), m(StaffKind.ADMIN_STAFF)], Decimal("55.00")),
    ],
)
def test_the_graded_percent_asks_for_an_administrator_first(staff, graded):
    assert dedicated_admin_staff(staff).graded_percent == graded


def test_account_flags():
    from datetime import date

    day = date(2026, 12, 1)
    left = StaffRecord(date(2024, 1, 1), date(2026, 8, 23))  # left 100 days before the review
    assert flags_for(last_seen=date(2026, 11, 30), staff=left, review_day=day, idle_days=90) == [
        FlagReason.LEFT_BUT_ACTIVE
    ]
    assert flags_for(last_seen=date(2026, 8, 23), staff=left, review_day=day, idle_days=90) == [FlagReason.IDLE]
    assert flags_for(last_seen=date(2026, 9, 2), staff=None, review_day=day, idle_days=90) == [
        FlagReason.NO_STAFF_RECORD
    ]
    assert flags_for(last_seen=date(2026, 9, 1), staff=None, review_day=day, idle_days=90) == [
        FlagReason.NO_STAFF_RECORD,
        FlagReason.IDLE,
    ]
    here = StaffRecord(date(2024, 1, 1), None)
    assert flags_for(last_seen=date(2026, 11, 30), staff=here, review_day=day, idle_days=90) == []


@pytest.mark.parametrize(
    ("today", "due", "signed", "overdue"),
    [
        ("2026-12-31", "2026-H1", {"2026-H1"}, False),
        ("2027-01-01", "2026-H2", {"2026-H1"}, True),
        ("2027-01-01", "2026-H2", {"2026-H2"}, False),  # signed during the half itself
        ("2027-06-30", "2026-H2", set(), True),
        ("2027-07-01", "2027-H1", {"2026-H2"}, True),
        ("2028-02-29", "2027-H2", {"2027-H2"}, False),
    ],
)
def test_account_review_is_due_for_the_last_ended_half(today, due, signed, overdue):
    from datetime import date

    from carenet_workforce.accounts.rules import last_ended_half, review_overdue

    day = date.fromisoformat(today)
    assert last_ended_half(day) == due
    assert review_overdue(today=day, signed_halves=signed) is overdue
