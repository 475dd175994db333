"""The one clock, and the Asia/Taipei calendar every service counts days, months and quarters in.

Every rule that asks "now" or "today" calls `now()` / `today()` here and nothing else, so there is one
place where time enters the system. Tests set it with the `clock` fixture of `carenet_testing`
(time-machine moves this clock and everything below it); `make test` also runs the date-sensitive
suites with the whole process started at the hard days (a month's, quarter's and year's last day in
Taipei, the first Taipei hours that are still yesterday in UTC, 29 February, the Lunar New Year).

"Which day" is always the day in Taipei: an instant at 2026-11-30T23:30+08:00 is 30 November here,
although it is 15:30 UTC; 2027-01-01T07:00+08:00 is already 1 January although UTC is still in 2026.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")
MONTH_RE = re.compile(r"^(20\d{2})-(0[1-9]|1[0-2])$")
QUARTER_RE = re.compile(r"^(20\d{2})-Q([1-4])$")
HALF_RE = re.compile(r"^(20\d{2})-H([12])$")


def now() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Taipei."""
    return taipei_date(now())


def to_utc(instant: datetime) -> datetime:
    """An aware instant in UTC (a naive value read back from SQLite is UTC already)."""
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def as_aware(instant: datetime) -> datetime:
    """A naive instant from a client is Taipei local time."""
    return instant.replace(tzinfo=TAIPEI) if instant.tzinfo is None else instant


def taipei_date(instant: datetime) -> date:
    """The calendar day in Taipei of an instant (a naive instant is taken as Taipei time)."""
    return as_aware(instant).astimezone(TAIPEI).date()


def start_of_day(d: date) -> datetime:
    """The first instant of a Taipei day."""
    return datetime.combine(d, time(0), TAIPEI)


def end_of_day(d: date) -> datetime:
    """The last instant of a Taipei day."""
    return start_of_day(d + timedelta(days=1)) - timedelta(microseconds=1)


def day_bounds_utc(d: date) -> tuple[datetime, datetime]:
    """The UTC instants at which a Taipei day starts and the next one starts."""
    return to_utc(start_of_day(d)), to_utc(start_of_day(d + timedelta(days=1)))


def add_months(d: date, months: int) -> date:
    """`d` plus whole calendar months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def month_of(d: date | datetime) -> str:
    """`YYYY-MM` of a day, or of an instant's Taipei day."""
    day = taipei_date(d) if isinstance(d, datetime) else d
    return f"{day.year:04d}-{day.month:02d}"


def quarter_of(d: date) -> str:
    """`YYYY-Qn` of a day."""
    return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"


def parse_month(month: str) -> tuple[date, date]:
    """`YYYY-MM` → (first day, last day)."""
    m = MONTH_RE.match(month)
    if not m:
        raise ValueError("month must be YYYY-MM (2000–2099)")
    y, mo = int(m.group(1)), int(m.group(2))
    return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])


def parse_quarter(quarter: str) -> tuple[date, date]:
    """`YYYY-Qn` → (first day, last day)."""
    m = QUARTER_RE.match(quarter)
    if not m:
        raise ValueError("quarter must be YYYY-Qn (2000–2099)")
    y, q = int(m.group(1)), int(m.group(2))
    last_month = 3 * q
    return date(y, last_month - 2, 1), date(y, last_month, calendar.monthrange(y, last_month)[1])


def parse_half(half: str) -> tuple[date, date]:
    """`YYYY-H1|H2` → (first day, last day)."""
    m = HALF_RE.match(half)
    if not m:
        raise ValueError("half must be YYYY-H1 or YYYY-H2 (2000–2099)")
    y, h = int(m.group(1)), int(m.group(2))
    return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))


def age_on(birth: date, on: date) -> int:
    """Whole years of age on a day."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def roc_date(d: date) -> str:
    """民國 date for people's exports: 2026-11-30 → `115/11/30`."""
    return f"{d.year - 1911}/{d.month:02d}/{d.day:02d}"
