"""Working days (工作日) of the Taiwan government offices, and counting them.

seed 001 (001_c9d8afea91fb3f89.txt): 「需主動於事件發生次日起3個工作日內提報速報單」 — a deadline in
working days: weekdays that are not national holidays (with their observed days), plus make-up
workdays (補行上班), minus the days the county closed its offices (停止上班, e.g. for a typhoon).
A year without calendar data counts Monday to Friday, and the answer says so (`calendar_missing`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MAX_SPAN_DAYS = 3660  # a count of working days that runs for ten years has no calendar to stand on


@dataclass(frozen=True)
class WorkingCalendar:
    """The office calendar of one county over some years."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()  # 補行上班: weekend days worked
    closures: frozenset[date] = frozenset()  # 停止上班 declared by the county
    years: frozenset[int] = frozenset()  # years with calendar data

    def is_working_day(self, d: date) -> bool:
        if d in self.closures:
            return False
        if d in self.workdays:
            return True
        return d.weekday() < 5 and d not in self.holidays

    def missing_between(self, first: date, last: date) -> bool:
        """True when some year from `first` to `last` has no data (counted Monday–Friday)."""
        return any(y not in self.years for y in range(min(first, last).year, max(first, last).year + 1))


def add_working_days(start: date, n: int, calendar: WorkingCalendar) -> date:
    """The n-th working day after `start` (`start` itself not counted); n = 0 gives `start`.

    「事件發生次日起3個工作日內」 is `add_working_days(occurred_on, 3, calendar)`: counting starts the
    day after, and the deadline is the third working day.
    """
    if n < 0:
        raise ValueError("n must be zero or more")
    d, left = start, n
    while left:
        d += timedelta(days=1)
        if (d - start).days > MAX_SPAN_DAYS:
            raise ValueError("no working days in the calendar")
        if calendar.is_working_day(d):
            left -= 1
    return d


def working_days_between(first: date, last: date, calendar: WorkingCalendar) -> list[date]:
    """The working days from `first` to `last`, both included."""
    out, d = [], first
    while d <= last:
        if calendar.is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def check_year_data(year: int, *, holidays: Iterable[date], workdays: Iterable[date]) -> str | None:
    """Why a year's calendar cannot be stored, as a problem code; None when it can.

    Every date lies in the year; a make-up workday is a Saturday or Sunday; no day is both.
    """
    hs, ws = set(holidays), set(workdays)
    if any(d.year != year for d in hs | ws):
        return "date_outside_year"
    if any(d.weekday() < 5 for d in ws):
        return "workday_not_weekend"
    if hs & ws:
        return "holiday_and_workday"
    return None
