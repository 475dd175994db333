"""Incident deadlines with real dates (seed 001: 事件發生次日起3個工作日內提報速報單…2星期內辦理個案討論會;
殺子後自殺或集體自殺(3人以上)…提交速報單…1個月內辦理個案討論會)."""

from datetime import date

import pytest
from carenet_case_mgmt.incidents.rules import IncidentKind, deadlines, overdue, persons_problem

MEDIA, FILICIDE, GROUP = IncidentKind.MEDIA_REPORTED, IncidentKind.FILICIDE_SUICIDE, IncidentKind.GROUP_SUICIDE


@pytest.mark.parametrize(
    ("occurred", "closed", "flash", "conference", "why"),
    [
        (date(2026, 11, 26), (), date(2026, 12, 1), date(2026, 12, 10), "Thursday: Fri 27, Mon 30, Tue 1"),
        (date(2026, 10, 23), (), date(2026, 10, 29), date(2026, 11, 6), "Friday before Mon 26 Oct 光復節 (observed)"),
        (date(2026, 2, 13), (), date(2026, 2, 25), date(2026, 2, 27), "Friday before Lunar New Year 2026"),
        (date(2027, 2, 3), (), date(2027, 2, 15), date(2027, 2, 17), "across Lunar New Year 2027 (4–10 Feb off)"),
        (date(2027, 2, 6), (), date(2027, 2, 15), date(2027, 2, 20), "on 初一 2027: Thu 11, Fri 12, Mon 15"),
        (
            date(2026, 11, 26),
            (date(2026, 11, 30),),
            date(2026, 12, 2),
            date(2026, 12, 10),
            "typhoon closure on Monday 30 Nov",
        ),
        (
            date(2026, 11, 26),
            (date(2026, 12, 10),),
            date(2026, 12, 1),
            date(2026, 12, 11),
            "conference deadline on a closed day moves to the next working day",
        ),
        (
            date(2026, 9, 24),
            (date(2026, 9, 29), date(2026, 9, 30)),
            date(2026, 10, 5),
            date(2026, 10, 8),
            "Thursday before 中秋 Fri 25 + 教師節 Mon 28 Sep, two typhoon days: Thu 1, Fri 2, Mon 5 Oct",
        ),
    ],
)
def test_media_reported_deadlines(office_calendar, occurred, closed, flash, conference, why):
    d = deadlines(kind=MEDIA, occurred_on=occurred, recorded_on=occurred, calendar=office_calendar(*closed))
    assert (d.flash_report_due, d.conference_due, d.calendar_missing) == (flash, conference, False), why


@pytest.mark.parametrize(
    ("kind", "occurred", "recorded", "conference"),
    [
        (FILICIDE, date(2026, 11, 20), date(2026, 11, 23), date(2026, 12, 20)),
        (GROUP, date(2027, 1, 31), date(2027, 2, 1), date(2027, 2, 28)),  # one month, clamped to February's end
        (GROUP, date(2027, 1, 5), date(2027, 1, 5), date(2027, 2, 5)),  # 除夕 observed: a calendar-day deadline
    ],
)
def test_severe_incidents_flash_report_same_day_conference_in_a_month(
    office_calendar, kind, occurred, recorded, conference
):
    d = deadlines(kind=kind, occurred_on=occurred, recorded_on=recorded, calendar=office_calendar())
    assert d.flash_report_due == recorded and d.conference_due == conference


def test_a_deadline_in_a_year_without_data_says_so(office_calendar):
    # 2027-12-28 (Tue): Wed 29, Thu 30, (Fri 31 observed New Year 2028), Mon 3 Jan 2028 — 2028 has no data
    d = deadlines(
        kind=MEDIA, occurred_on=date(2027, 12, 28), recorded_on=date(2027, 12, 28), calendar=office_calendar()
    )
    assert d.flash_report_due == date(2028, 1, 3) and d.calendar_missing is True


@pytest.mark.parametrize(
    ("kind", "persons", "code"),
    [
        (GROUP, 2, "group_suicide_needs_three"),
        (GROUP, None, "group_suicide_needs_three"),
        (GROUP, 3, None),
        (MEDIA, None, None),
        (FILICIDE, 2, None),
    ],
)
def test_group_suicide_needs_three_persons(kind, persons, code):
    assert persons_problem(kind, persons) == code


def test_overdue_is_past_the_deadline_and_not_done():
    due = date(2026, 12, 1)
    assert not overdue(due=due, done_on=None, today=due)
    assert overdue(due=due, done_on=None, today=date(2026, 12, 2))
    assert not overdue(due=due, done_on=date(2026, 12, 5), today=date(2026, 12, 9))
