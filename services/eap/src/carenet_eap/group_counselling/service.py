"""Use cases of group counselling: hold a session for an agency, join (hard capacity), attendance, survey."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import to_utc
from carenet_core.db import get_or_404
from carenet_core.errors import Conflict, Forbidden, NotFound, RuleViolation
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import new_code_name, new_id, taipei_year_bounds
from ..counsellors.models import Counsellor
from ..counsellors.service import counsellor_of
from . import rules
from .models import GroupParticipant, GroupSession, GroupSurveyMarker, GroupSurveyResponse
from .schemas import GroupAttendanceIn, GroupSessionIn, GroupStatsOut, GroupSurveyIn


async def create_session(*, session: AsyncSession, body: GroupSessionIn) -> GroupSession:
    """A group session for the agency; an unknown counsellor is 404."""
    if body.counsellor_id and await session.get(Counsellor, body.counsellor_id) is None:
        raise NotFound("no such counsellor", code="counsellor_not_found")
    g = GroupSession(
        id=new_id(),
        agency=body.agency,
        topic=body.topic,
        counsellor_id=body.counsellor_id,
        starts_at=to_utc(body.starts_at),
        ends_at=to_utc(body.ends_at),
        capacity=body.capacity,
        created_at=clock.now(),
    )
    session.add(g)
    await session.flush()
    return g


async def participants_of(*, session: AsyncSession, session_id: str) -> int:
    """How many have joined the session."""
    n = await session.scalar(select(func.count()).where(GroupParticipant.session_id == session_id))
    return int(n or 0)


async def load(*, session: AsyncSession, session_id: str, lock: bool = False) -> GroupSession:
    """The group session (locked with `lock`); 404 when unknown."""
    g = await get_or_404(
        session, GroupSession, session_id, detail="no such group session", code="group_session_not_found", lock=lock
    )
    return g


async def join(*, session: AsyncSession, principal: Principal, session_id: str) -> GroupParticipant:
    """The caller's place, with a code name; another agency's session is 404, a full one or a second place 409."""
    g = await load(session=session, session_id=session_id, lock=True)  # the lock keeps the capacity hard
    if not rules.may_join(g.agency, principal.agency):
        raise NotFound("no such group session", code="group_session_not_found")
    if not rules.has_seat(await participants_of(session=session, session_id=g.id), g.capacity):
        raise Conflict("the group session is full", code="group_session_full")
    p = GroupParticipant(
        id=new_id(),
        session_id=g.id,
        employee_sub=principal.sub,
        code_name=new_code_name("GRP"),
        attended=None,
        created_at=clock.now(),
    )
    try:
        async with session.begin_nested():
            session.add(p)
            await session.flush()
    except IntegrityError:
        raise Conflict("you have joined this session already", code="already_joined") from None
    return p


async def _may_run(session: AsyncSession, principal: Principal, g: GroupSession) -> None:
    if principal.has("eap_admin"):
        return
    me = await counsellor_of(session=session, principal=principal)
    if me is None or me.id != g.counsellor_id:
        raise Forbidden("only eap_admin or the session's counsellor", code="not_session_counsellor")


async def participants(*, session: AsyncSession, principal: Principal, session_id: str) -> list[GroupParticipant]:
    """The participants by code name, for eap_admin or the session's counsellor."""
    g = await load(session=session, session_id=session_id)
    await _may_run(session, principal, g)
    stmt = select(GroupParticipant).where(GroupParticipant.session_id == g.id).order_by(GroupParticipant.created_at)
    return list((await session.scalars(stmt)).all())


async def record_attendance(
    *, session: AsyncSession, principal: Principal, session_id: str, body: GroupAttendanceIn
) -> list[GroupParticipant]:
    """Participants after marking present / absent by code name; an unknown code name is 422 and marks nothing."""
    rows = await participants(session=session, principal=principal, session_id=session_id)
    by_code = {p.code_name: p for p in rows}
    unknown = [c for c in [*body.attended, *body.absent] if c not in by_code]
    if unknown:
        raise RuleViolation("unknown code names", code="unknown_code_name", code_names=unknown)
    for c in body.attended:
        by_code[c].attended = True
    for c in body.absent:
        by_code[c].attended = False
    return rows


async def answer_survey(*, session: AsyncSession, principal: Principal, session_id: str, body: GroupSurveyIn) -> None:
    """The group satisfaction answer, once per participant who attended, stored unlinked."""
    g = await load(session=session, session_id=session_id)
    p = await session.scalar(
        select(GroupParticipant).where(
            GroupParticipant.session_id == g.id, GroupParticipant.employee_sub == principal.sub
        )
    )
    if p is None:
        raise NotFound("no such group session", code="group_session_not_found")
    if p.attended is not True:
        raise RuleViolation("the survey follows an attended session", code="not_attended")
    try:
        async with session.begin_nested():
            session.add(GroupSurveyMarker(participant_id=p.id))
            await session.flush()
    except IntegrityError:
        raise Conflict("you answered this survey already", code="survey_answered") from None
    session.add(
        GroupSurveyResponse(
            id=new_id(),
            year=clock.taipei_date(to_utc(g.starts_at)).year,
            agency=g.agency,
            overall=body.overall,
            comment=body.comment,
        )
    )


async def year_stats(*, session: AsyncSession, year: int | None, threshold: int) -> GroupStatsOut:
    """Sessions, participants, attended and survey average of the year (default this one); counts under `threshold` are null."""
    year = year or clock.today().year
    lo, hi = taipei_year_bounds(year)
    in_year = select(GroupSession.id).where(GroupSession.starts_at >= lo, GroupSession.starts_at < hi)
    sessions = int(await session.scalar(select(func.count()).select_from(in_year.subquery())) or 0)
    joined = int(await session.scalar(select(func.count()).where(GroupParticipant.session_id.in_(in_year))) or 0)
    attended = int(
        await session.scalar(
            select(func.count()).where(GroupParticipant.session_id.in_(in_year), GroupParticipant.attended.is_(True))
        )
        or 0
    )
    n, total = (
        await session.execute(
            select(func.count(), func.sum(GroupSurveyResponse.overall)).where(GroupSurveyResponse.year == year)
        )
    ).one()

    def shown(v: int) -> int | None:
        return v if v >= threshold else None

    return GroupStatsOut(
        year=year,
        threshold=threshold,
        sessions=sessions,
        participants=shown(joined),
        attended=shown(attended),
        survey_responses=shown(int(n)),
        average_overall=round(int(total or 0) / int(n), 2) if int(n) >= threshold else None,
    )
