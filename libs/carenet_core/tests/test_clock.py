"""The one clock: which Taipei day an instant is, and that tests move it for everything."""

from datetime import UTC, date, datetime

import pytest
from carenet_core import clock


@pytest.mark.parametrize(
    ("instant", "day", "month", "quarter"),
    [
        ("2026-11-30T15:59:59+00:00", date(2026, 11, 30), "2026-11", "2026-Q4"),  # 23:59:59 in Taipei
        ("2026-11-30T16:00:00+00:00", date(2026, 12, 1), "2026-12", "2026-Q4"),  # already December in Taipei
        ("2026-12-31T23:30:00+00:00", date(2027, 1, 1), "2027-01", "2027-Q1"),  # UTC still in 2026
        ("2028-02-29T12:00:00+08:00", date(2028, 2, 29), "2028-02", "2028-Q1"),
        ("2027-03-31T16:00:00+00:00", date(2027, 4, 1), "2027-04", "2027-Q2"),
    ],
)
def test_taipei_day_month_and_quarter_of_an_instant(instant, day, month, quarter):
    at = datetime.fromisoformat(instant)
    assert clock.taipei_date(at) == day
    assert clock.month_of(at) == month
    assert clock.quarter_of(day) == quarter


@pytest.mark.parametrize(
    ("period", "parse", "first", "last"),
    [
        ("2028-02", clock.parse_month, date(2028, 2, 1), date(2028, 2, 29)),
        ("2027-02", clock.parse_month, date(2027, 2, 1), date(2027, 2, 28)),
        ("2026-Q4", clock.parse_quarter, date(2026, 10, 1), date(2026, 12, 31)),
        ("2027-H1", clock.parse_half, date(2027, 1, 1), date(2027, 6, 30)),
        ("2027-H2", clock.parse_half, date(2027, 7, 1), date(2027, 12, 31)),
    ],
)
def test_periods(period, parse, first, last):
    assert parse(period) == (first, last)


@pytest.mark.parametrize("bad", ["2026-13", "1999-01", "2100-01", "2026-1", ""])
def test_bad_months_are_refused(bad):
    with pytest.raises(ValueError):
        clock.parse_month(bad)


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), -12, date(2025, 12, 15)),
    ],
)
def test_add_months_clamps_to_the_months_last_day(d, months, expected):
    assert clock.add_months(d, months) == expected


def test_roc_date():
    assert clock.roc_date(date(2026, 11, 30)) == "115/11/30"
    assert clock.roc_date(date(2011, 1, 1)) == "100/01/01"


def test_day_bounds_are_taipei_midnights_in_utc():
    start, stop = clock.day_bounds_utc(date(2027, 1, 1))
    assert start == datetime(2026, 12, 31, 16, tzinfo=UTC) and stop == datetime(2027, 1, 1, 16, tzinfo=UTC)


@pytest.mark.now("2027-01-01T07:30:00+08:00")
def test_the_now_marker_moves_the_clock():
    assert clock.today() == date(2027, 1, 1)
    assert clock.now().date() == date(2026, 12, 31)  # UTC is still in 2026


def test_clock_at_moves_and_freezes(clock_at):
    clock_at.freeze("2028-02-29T23:59:00+08:00")
    assert clock.today() == date(2028, 2, 29)
    assert clock.now() == datetime(2028, 2, 29, 15, 59, tzinfo=UTC)
    clock_at.at("2028-03-01T00:00:30+08:00")
    assert clock.today() == date(2028, 3, 1)
