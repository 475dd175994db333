"""Use cases of the office calendar: a year's data (ministry or seeded), county closures, a county's calendar."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Conflict, Forbidden, RuleViolation
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from . import national, rules
from .models import CalendarYear, OfficeClosure
from .schemas import CalendarOut, ClosureIn, ClosureOut, YearIn

Source = Literal["seeded", "ministry", "none"]


async def _national(session: AsyncSession, year: int) -> tuple[dict[date, str], list[date], Source]:
    """(holidays with names, make-up workdays, source) of a year: the ministry's, else the seeded, else none."""
    stored = await session.get(CalendarYear, year)
    if stored is not None:
        hs = {date.fromisoformat(h["date"]): h.get("name") or "" for h in stored.holidays}
        return hs, [date.fromisoformat(w) for w in stored.workdays], "ministry"
    if year in national.SEEDED_YEARS:
        return national.national_holidays(year), national.make_up_workdays(year), "seeded"
    return {}, [], "none"


async def working_calendar(
    session: AsyncSession, *, county: str | None, first: date, last: date
) -> rules.WorkingCalendar:
    """The county's working calendar over the years from `first` to `last` (and the year after, for deadlines)."""
    hs: set[date] = set()
    ws: set[date] = set()
    years: set[int] = set()
    for year in range(first.year, last.year + 2):
        h, w, source = await _national(session, year)
        hs |= set(h)
        ws |= set(w)
        if source != "none":
            years.add(year)
    closed: set[date] = set()
    if county:
        closed = set(
            (
                await session.scalars(
                    select(OfficeClosure.closed_on).where(
                        OfficeClosure.county == county,
                        OfficeClosure.closed_on >= date(first.year, 1, 1),
                        OfficeClosure.closed_on <= date(last.year + 1, 12, 31),
                    )
                )
            ).all()
        )
    return rules.WorkingCalendar(
        holidays=frozenset(hs), workdays=frozenset(ws), closures=frozenset(closed), years=frozenset(years)
    )


def closure_out(c: OfficeClosure) -> ClosureOut:
    return ClosureOut(
        id=c.id,
        county=c.county,
        date=c.closed_on,
        reason=c.reason,
        declared_by=c.declared_by,
        declared_at=c.declared_at,
    )


async def year_view(*, session: AsyncSession, year: int, county: str | None) -> CalendarOut:
    """The national calendar of a year, and with a county its closed days."""
    hs, ws, source = await _national(session, year)
    closures = None
    if county:
        rows = (
            await session.scalars(
                select(OfficeClosure)
                .where(
                    OfficeClosure.county == county,
                    OfficeClosure.closed_on >= date(year, 1, 1),
                    OfficeClosure.closed_on <= date(year, 12, 31),
                )
                .order_by(OfficeClosure.closed_on)
            )
        ).all()
        closures = [closure_out(c) for c in rows]
    return CalendarOut(
        year=year,
        holidays=sorted(hs),
        workdays=sorted(ws),
        holiday_names={d.isoformat(): n for d, n in sorted(hs.items())},
        source=source,
        calendar_missing=source == "none",
        county=county,
        closures=closures,
    )


async def set_year(*, session: AsyncSession, principal: Principal, year: int, body: YearIn) -> CalendarYear:
    """Replace a year's national holidays and make-up workdays (ministry); 422 when a date does not fit the year."""
    code = rules.check_year_data(year, holidays=[h.date for h in body.holidays], workdays=body.workdays)
    if code is not None:
        raise RuleViolation(
            {
                "date_outside_year": "every date must fall in the year",
                "workday_not_weekend": "a make-up workday (補行上班) is a Saturday or Sunday",
                "holiday_and_workday": "a day cannot be both a holiday and a make-up workday",
            }[code],
            code=code,
        )
    row = await session.get(CalendarYear, year, with_for_update=True)
    holidays = [{"date": h.date.isoformat(), "name": h.name} for h in sorted(body.holidays, key=lambda h: h.date)]
    workdays = sorted({w.isoformat() for w in body.workdays})
    if row is None:
        row = CalendarYear(year=year, holidays=holidays, workdays=workdays, set_by=principal.sub, set_at=clock.now())
        session.add(row)
    else:
        row.holidays, row.workdays, row.set_by, row.set_at = holidays, workdays, principal.sub, clock.now()
    await session.flush()
    return row


async def declare_closure(*, session: AsyncSession, principal: Principal, body: ClosureIn) -> OfficeClosure:
    """Record a day the caller's county closed its offices (409 `closure_exists` with the id when already declared)."""
    county = body.county or principal.county
    if not county:
        raise RuleViolation("no county given and none on your token", code="county_unknown")
    if principal.county_scope() not in (None, county):
        raise Forbidden("you may declare closures of your own county only", code="outside_jurisdiction")
    existing = await session.scalar(
        select(OfficeClosure.id).where(OfficeClosure.county == county, OfficeClosure.closed_on == body.date)
    )
    if existing is not None:
        raise Conflict("this closure is already declared", code="closure_exists", id=existing)
    closure = OfficeClosure(
        id=str(uuid.uuid4()),
        county=county,
        closed_on=body.date,
        reason=body.reason,
        declared_by=principal.sub,
        declared_at=clock.now(),
    )
    try:
        async with session.begin_nested():
            session.add(closure)
            await session.flush()
    except IntegrityError:
        raise Conflict("this closure is already declared", code="closure_exists") from None
    return closure
