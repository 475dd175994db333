"""Availability rules: slot overlap with buffers, and materialising weekly hours into slots."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Interval:
    starts_at: datetime
    ends_at: datetime


def conflicts(a: Interval, b: Interval, *, buffer: timedelta = timedelta(0)) -> bool:
    """True when two sessions overlap or sit closer than `buffer` to each other (touching is fine)."""
    return a.starts_at < b.ends_at + buffer and b.starts_at < a.ends_at + buffer


def first_conflict(
    new: Sequence[Interval], existing: Iterable[Interval], *, buffer: timedelta = timedelta(0)
) -> tuple[int, Interval] | None:
    """The first new interval (index, other) that conflicts with an existing one or an earlier new one."""
    pool = list(existing)
    for i, n in enumerate(new):
        for other in pool:
            if conflicts(n, other, buffer=buffer):
                return i, other
        pool.append(n)
    return None


@dataclass(frozen=True)
class WorkingHours:
    """Weekly working hours: weekday 0 = Monday … 6 = Sunday, local times."""

    weekday: int
    start: time
    end: time
    mode: str


@dataclass(frozen=True)
class DatedException:
    """A dated exception: `closed` removes the day's weekly hours; otherwise `start`–`end` are extra hours."""

    on: date
    closed: bool
    start: time | None = None
    end: time | None = None
    mode: str | None = None


@dataclass(frozen=True)
class SlotPlan:
    starts_at: datetime
    ends_at: datetime
    mode: str


def materialise(
    *,
    weekly: Sequence[WorkingHours],
    exceptions: Sequence[DatedException],
    start: date,
    end: date,
    session_minutes: int,
    buffer_minutes: int,
    tz: ZoneInfo,
) -> list[SlotPlan]:
    """Bookable sessions from `start` to `end` inclusive: sessions of `session_minutes`, `buffer_minutes` apart."""
    session, step = timedelta(minutes=session_minutes), timedelta(minutes=session_minutes + buffer_minutes)
    by_day: dict[date, list[DatedException]] = {}
    for e in exceptions:
        by_day.setdefault(e.on, []).append(e)
    out: list[SlotPlan] = []
    day = start
    while day <= end:
        todays = by_day.get(day, [])
        blocks: list[tuple[time, time, str]] = []
        if not any(e.closed for e in todays):
            blocks += [(h.start, h.end, h.mode) for h in weekly if h.weekday == day.weekday()]
        blocks += [
            (e.start, e.end, e.mode or "in_person")
            for e in todays
            if not e.closed and e.start is not None and e.end is not None
        ]
        for b_start, b_end, mode in sorted(blocks):
            t = datetime.combine(day, b_start, tzinfo=tz)
            stop = datetime.combine(day, b_end, tzinfo=tz)
            while t + session <= stop:
                out.append(SlotPlan(t, t + session, mode))
                t += step
        day += timedelta(days=1)
    return out
