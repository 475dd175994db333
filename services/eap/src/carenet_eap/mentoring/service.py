"""Use cases of new-staff mentoring: pair a mentor, log the monthly talk, list the months still missing one."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Conflict, NotFound, RuleViolation
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..checkins.models import NewStaff
from ..common import new_id
from . import rules
from .models import MentoringTalk, Mentorship
from .schemas import DueMentoring, MentorshipIn, MentorshipOut, MonthOut, TalkIn


async def view(*, session: AsyncSession, mentorship: Mentorship) -> MentorshipOut:
    """The mentorship by the new staff member's code name, each month with its talk (or none yet)."""
    ns = await session.get(NewStaff, mentorship.new_staff_id)
    assert ns is not None  # the foreign key keeps it
    held = dict(
        (
            await session.execute(
                select(MentoringTalk.month, MentoringTalk.held_on).where(MentoringTalk.mentorship_id == mentorship.id)
            )
        ).all()
    )
    return MentorshipOut(
        id=mentorship.id,
        code_name=ns.code_name,
        mentor_sub=mentorship.mentor_sub,
        hire_date=ns.hire_date,
        months=[
            MonthOut(month=m, held_on=held.get(m)) for m in rules.mentoring_months(ns.hire_date, mentorship.months)
        ],
    )


async def pair(*, session: AsyncSession, body: MentorshipIn) -> Mentorship:
    """A mentorship for a registered new staff member (404 if unknown; one per person: 409)."""
    if await session.get(NewStaff, body.new_staff_id) is None:
        raise NotFound("no such new staff member", code="new_staff_not_found")
    m = Mentorship(
        id=new_id(),
        new_staff_id=body.new_staff_id,
        mentor_sub=body.mentor_sub,
        months=body.months,
        created_at=clock.now(),
    )
    try:
        async with session.begin_nested():
            session.add(m)
            await session.flush()
    except IntegrityError:
        raise Conflict("this new staff member has a mentor already", code="mentorship_exists") from None
    return m


async def log_talk(*, session: AsyncSession, principal: Principal, mentorship_id: str, body: TalkIn) -> Mentorship:
    """The mentorship with the talk logged by its mentor (404 for anyone else): one per month, inside the period."""
    m = await session.get(Mentorship, mentorship_id)
    if m is None or m.mentor_sub != principal.sub:
        raise NotFound("no such mentorship", code="mentorship_not_found")
    ns = await session.get(NewStaff, m.new_staff_id)
    assert ns is not None
    if body.held_on > clock.today():
        raise RuleViolation("a talk cannot be logged ahead", code="talk_in_future")
    month = rules.talk_month(body.held_on, ns.hire_date, m.months)
    if month is None:
        raise RuleViolation("the talk falls outside the mentoring months", code="outside_mentoring_period")
    try:
        async with session.begin_nested():
            session.add(MentoringTalk(id=new_id(), mentorship_id=m.id, month=month, held_on=body.held_on))
            await session.flush()
    except IntegrityError:
        raise Conflict("this month's talk is logged already", code="talk_logged") from None
    return m


async def mine(*, session: AsyncSession, principal: Principal) -> list[Mentorship]:
    """The caller's mentorships as a mentor."""
    stmt = select(Mentorship).where(Mentorship.mentor_sub == principal.sub).order_by(Mentorship.created_at)
    return list((await session.scalars(stmt)).all())


async def missing(*, session: AsyncSession, month: str) -> list[DueMentoring]:
    """Mentorships whose month `month` is a mentoring month without a talk yet (by code name)."""
    rows = (
        await session.execute(select(Mentorship, NewStaff).join(NewStaff, NewStaff.id == Mentorship.new_staff_id))
    ).all()
    held = set((await session.scalars(select(MentoringTalk.mentorship_id).where(MentoringTalk.month == month))).all())
    return [
        DueMentoring(mentorship_id=m.id, code_name=ns.code_name, mentor_sub=m.mentor_sub)
        for m, ns in sorted(rows, key=lambda r: r[1].code_name)
        if month in rules.mentoring_months(ns.hire_date, m.months) and m.id not in held
    ]
