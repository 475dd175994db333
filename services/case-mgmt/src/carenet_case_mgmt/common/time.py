"""Dates in Asia/Taipei: which day, month and quarter an instant falls in."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")
MONTH_RE = re.compile(r"^(20\d{2})-(0[1-9]|1[0-2])$")
QUARTER_RE = re.compile(r"^(20\d{2})-Q([1-4])$")


def now_utc() -> datetime:
    return datetime.now(UTC)


def taipei_date(instant: datetime) -> date:
    """The calendar day in Taipei of an instant (a naive instant is taken as Taipei time)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=TAIPEI)
    return instant.astimezone(TAIPEI).date()


def today() -> date:
    return taipei_date(now_utc())


def as_aware(instant: datetime) -> datetime:
    """A naive instant from a client is Taipei local time."""
    return instant.replace(tzinfo=TAIPEI) if instant.tzinfo is None else instant


def add_months(d: date, months: int) -> date:
    """`d` plus whole calendar months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def end_of_day(d: date) -> datetime:
    """The last instant of a Taipei day."""
    return datetime.combine(d + timedelta(days=1), datetime.min.time(), TAIPEI) - timedelta(microseconds=1)


def start_of_day(d: date) -> datetime:
    return datetime.combine(d, datetime.min.time(), TAIPEI)


def parse_month(month: str) -> tuple[date, date]:
    """`YYYY-MM` → (first day, last day)."""
    m = MONTH_RE.match(month)
    if not m:
        raise ValueError("month must be YYYY-MM")
    y, mo = int(m.group(1)), int(m.group(2))
    return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])


def parse_quarter(quarter: str) -> tuple[date, date]:
    """`YYYY-Qn` → (first day, last day)."""
    m = QUARTER_RE.match(quarter)
    if not m:
        raise ValueError("quarter must be YYYY-Qn")
    y, q = int(m.group(1)), int(m.group(2))
    first = date(y, 3 * (q - 1) + 1, 1)
    last_month = 3 * q
    return first, date(y, last_month, calendar.monthrange(y, last_month)[1])


def month_of(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def age_on(birth: date, on: date) -> int:
    """Whole years of age on a day."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
