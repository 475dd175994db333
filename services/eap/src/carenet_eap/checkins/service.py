"""Use cases of new-staff care questionnaires: register, who is due (by code), answer once in the window."""

from __future__ import annotations

from datetime import date

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Conflict, NotFound, RuleViolation
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import new_code_name, new_id
from . import rules
from .models import CheckIn, NewStaff
from .schemas import CheckInIn, NewStaffIn


async def register(*, session: AsyncSession, body: NewStaffIn) -> tuple[NewStaff, set[str]]:
    """A new staff member whose questionnaires will fall due; one registration per person (409)."""
    if await session.scalar(select(NewStaff.id).where(NewStaff.employee_ref == body.employee_ref)):
        raise Conflict("this employee is already registered", code="already_registered")
    ns = NewStaff(
        id=new_id(),
        code_name=new_code_name("NS"),
        employee_ref=body.employee_ref,
        agency=body.agency,
        hire_date=body.hire_date,
        created_at=clock.now(),
    )
    session.add(ns)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("this employee is already registered", code="already_registered") from None
    return ns, set()


async def answered(session: AsyncSession, new_staff_id: str) -> set[str]:
    """The questionnaires a new staff member has answered."""
    return set((await session.scalars(select(CheckIn.questionnaire).where(CheckIn.new_staff_id == new_staff_id))).all())


async def due(*, session: AsyncSession, on: date | None) -> tuple[date, list[tuple[NewStaff, rules.DueWindow]]]:
    """The day asked (default today, Asia/Taipei) and every questionnaire open and unanswered on it.

    Hire dates in the last 13 months can be due.
    """
    on = on or clock.today()
    earliest = rules.add_months(on, -14)
    people = (
        await session.scalars(
            select(NewStaff)
            .where(NewStaff.hire_date >= earliest, NewStaff.hire_date <= on)
            .order_by(NewStaff.hire_date, NewStaff.code_name)
        )
    ).all()
    out = []
    for p in people:
        done = await answered(session, p.id)
        out += [(p, w) for w in rules.due_on(p.hire_date, on, done)]
    return on, out


async def my_windows(*, session: AsyncSession, principal: Principal) -> tuple[NewStaff, set[str]]:
    """The caller's new-staff record and the questionnaires answered; 404 when not registered as new staff."""
    ns = await session.scalar(select(NewStaff).where(NewStaff.employee_ref == principal.sub))
    if ns is None:
        raise NotFound("you are not registered as new staff", code="not_new_staff")
    return ns, await answered(session, ns.id)


async def submit(*, session: AsyncSession, principal: Principal, body: CheckInIn) -> CheckIn:
    """The new employee's answers, once per questionnaire, only inside its window (422 outside)."""
    ns = await session.scalar(select(NewStaff).where(NewStaff.employee_ref == principal.sub))
    if ns is None:
        raise NotFound("you are not registered as new staff", code="not_new_staff")
    today = clock.today()
    window = rules.window_for(ns.hire_date, body.questionnaire)
    if not window.contains(today):
        raise RuleViolation(
            f"the '{body.questionnaire}' questionnaire is open {window.opens} – {window.closes}",
            code="not_due",
            opens=window.opens.isoformat(),
            closes=window.closes.isoformat(),
        )
    c = CheckIn(
        id=new_id(), new_staff_id=ns.id, questionnaire=body.questionnaire, answers=body.answers, submitted_on=today
    )
    session.add(c)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("this questionnaire was already answered", code="already_answered") from None
    return c
