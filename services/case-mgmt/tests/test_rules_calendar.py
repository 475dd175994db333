"""Working days of the Taiwan government offices, with real dates (seed 001: 事件發生次日起3個工作日內)."""

from datetime import date

import pytest
from carenet_case_mgmt.calendar.rules import WorkingCalendar, add_working_days, check_year_data, working_days_between


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 26), True),  # Thursday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 2, 16), False),  # 除夕 (observed) 2026, Monday
        (date(2026, 2, 20), False),  # Lunar New Year observed, Friday
        (date(2026, 2, 23), True),
        (date(2026, 5, 1), False),  # Labour Day is an office holiday from 2026
        (date(2025, 5, 1), True),  # … but was not in 2025
        (date(2025, 2, 8), True),  # Saturday 補行上班 for 27 January 2025
        (date(2025, 1, 27), False),
        (date(2027, 2, 10), False),  # Lunar New Year 2027 observed, Wednesday
        (date(2027, 2, 11), True),
        (date(2027, 12, 31), False),  # 2028 New Year's Day (Saturday) observed on Friday
    ],
)
def test_working_day(office_calendar, day, working):
    assert office_calendar().is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "due", "why"),
    [
        (date(2026, 11, 26), 3, date(2026, 12, 1), "Thursday: Fri, Mon, Tue"),
        (date(2026, 10, 23), 3, date(2026, 10, 29), "Friday before the long weekend (Mon 26 Oct 光復節 observed)"),
        (date(2026, 10, 8), 3, date(2026, 10, 14), "Thursday before National Day observed on Friday 9 Oct"),
        (date(2026, 2, 13), 3, date(2026, 2, 25), "Friday before Lunar New Year 2026 (14–22 Feb off)"),
        (date(2027, 2, 3), 3, date(2027, 2, 15), "Wednesday before Lunar New Year 2027 (4–10 Feb off)"),
        (date(2027, 2, 5), 3, date(2027, 2, 15), "inside the Lunar New Year 2027 holidays"),
        (date(2026, 12, 30), 3, date(2027, 1, 5), "across the new year: 31 Dec, (1 Jan off), 4 Jan, 5 Jan"),
        (date(2025, 2, 5), 3, date(2025, 2, 8), "Saturday 8 Feb 2025 is a make-up workday"),
        (date(2026, 11, 26), 0, date(2026, 11, 26), "zero working days is the day itself"),
    ],
)
def test_add_working_days(office_calendar, start, n, due, why):
    assert add_working_days(start, n, office_calendar()) == due, why


def test_a_county_typhoon_closure_moves_the_deadline(office_calendar):
    seeded = office_calendar
    closed = seeded(date(2026, 11, 30))  # Monday: the county's offices closed
    assert add_working_days(date(2026, 11, 26), 3, closed) == date(2026, 12, 2)
    assert add_working_days(date(2026, 11, 26), 3, seeded()) == date(2026, 12, 1)
    # a closure on a make-up workday closes it too
    assert not seeded(date(2025, 2, 8)).is_working_day(date(2025, 2, 8))


def test_a_year_without_data_counts_monday_to_friday_and_says_so():
    cal = WorkingCalendar(years=frozenset({2027}))
    assert cal.missing_between(date(2027, 12, 30), date(2028, 1, 5))
    assert not cal.missing_between(date(2027, 3, 1), date(2027, 3, 5))
    # 2028-01-01 is a Saturday; with no data for 2028 the Monday after counts
    assert add_working_days(date(2027, 12, 30), 3, cal) == date(2028, 1, 4)
    assert working_days_between(date(2028, 1, 1), date(2028, 1, 9), cal) == [date(2028, 1, d) for d in range(3, 8)]


@pytest.mark.parametrize(
    ("holidays", "workdays", "code"),
    [
        ([date(2028, 1, 1)], [], None),
        ([date(2027, 12, 31)], [], "date_outside_year"),
        ([], [date(2028, 1, 3)], "workday_not_weekend"),  # a Monday
        ([date(2028, 1, 8)], [date(2028, 1, 8)], "holiday_and_workday"),
    ],
)
def test_year_data_checks(holidays, workdays, code):
    assert check_year_data(2028, holidays=holidays, workdays=workdays) == code


def test_negative_count_is_refused(office_calendar):
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), -1, office_calendar())
