"""Use cases of workshops: hard capacity, an ordered waitlist promoted on cancellation, attendance."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import to_utc
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.outbox import emit
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import new_code_name, new_id
from .models import Enrolment, SessionAttendance, Workshop
from .schemas import EnrolmentOut, SessionIn, WorkshopIn, WorkshopOut


async def create_workshop(*, session: AsyncSession, body: WorkshopIn) -> Workshop:
    """A new workshop with its sessions (instants in UTC) and a hard capacity."""
    w = Workshop(
        id=new_id(),
        title=body.title,
        target_group=body.target_group,
        capacity=body.capacity,
        location=body.location,
        next_seq=0,
        created_at=clock.now(),
        sessions=[
            {"starts_at": to_utc(s.starts_at).isoformat(), "ends_at": to_utc(s.ends_at).isoformat()}
            for s in body.sessions
        ],
    )
    session.add(w)
    await session.flush()
    emit(session, "workshop.created", {"id": w.id, "target_group": w.target_group, "capacity": w.capacity})
    return w


async def list_workshops(*, session: AsyncSession, target_group: str | None) -> list[Workshop]:
    """The newest 500 workshops, for one target group when given."""
    stmt = select(Workshop)
    if target_group:
        stmt = stmt.where(Workshop.target_group == target_group)
    return list((await session.scalars(stmt.order_by(Workshop.created_at.desc()).limit(500))).all())


async def my_enrolments(*, session: AsyncSession, principal: Principal) -> list[Enrolment]:
    """The caller's own enrolments, newest first."""
    stmt = select(Enrolment).where(Enrolment.employee_sub == principal.sub)
    return list((await session.scalars(stmt.order_by(Enrolment.created_at.desc()).limit(500))).all())


async def workshop_view(*, session: AsyncSession, workshop: Workshop) -> WorkshopOut:
    """The workshop with its live enrolled and waitlisted counts."""
    enrolled, waitlisted = await counts(session, workshop.id)
    return WorkshopOut(
        id=workshop.id,
        title=workshop.title,
        target_group=workshop.target_group,
        capacity=workshop.capacity,
        location=workshop.location,
        sessions=[SessionIn.model_validate(s) for s in workshop.sessions],
        enrolled=enrolled,
        waitlisted=waitlisted,
    )


async def enrolment_view(*, session: AsyncSession, enrolment: Enrolment) -> EnrolmentOut:
    """The enrolment by code name, with its place on the waitlist when waitlisted."""
    return EnrolmentOut(
        id=enrolment.id,
        workshop_id=enrolment.workshop_id,
        code_name=enrolment.code_name,
        status=enrolment.status,
        position=await waitlist_position(session, enrolment),
    )


async def load_workshop(*, session: AsyncSession, workshop_id: str, lock: bool = False) -> Workshop:
    """The workshop (locked FOR UPDATE with `lock`); 404 when unknown."""
    stmt = select(Workshop).where(Workshop.id == workshop_id)
    if lock:
        # Serialises enrolments of one workshop so the capacity stays hard under concurrency.
        stmt = stmt.with_for_update()
    w = await session.scalar(stmt)
    if w is None:
        raise NotFound("no such workshop", code="workshop_not_found")
    return w


async def counts(session: AsyncSession, workshop_id: str) -> tuple[int, int]:
    """(enrolled, waitlisted) of a workshop."""
    rows = dict(
        (
            await session.execute(
                select(Enrolment.status, func.count())
                .where(Enrolment.workshop_id == workshop_id)
                .group_by(Enrolment.status)
            )
        ).all()
    )
    return int(rows.get("enrolled", 0)), int(rows.get("waitlisted", 0))


async def waitlist_position(session: AsyncSession, e: Enrolment) -> int | None:
    """1 for the next to be promoted; None when not waitlisted."""
    if e.status != "waitlisted":
        return None
    ahead = await session.scalar(
        select(func.count()).where(
            Enrolment.workshop_id == e.workshop_id, Enrolment.status == "waitlisted", Enrolment.seq < e.seq
        )
    )
    return int(ahead or 0) + 1


async def enrol(*, session: AsyncSession, principal: Principal, workshop_id: str) -> Enrolment:
    """Enrolled while seats remain, else waitlisted in arrival order; a second live enrolment is 409."""
    w = await load_workshop(session=session, workshop_id=workshop_id, lock=True)
    mine = await session.scalar(
        select(Enrolment).where(
            Enrolment.workshop_id == w.id, Enrolment.employee_sub == principal.sub, Enrolment.status != "cancelled"
        )
    )
    if mine is not None:
        raise Conflict("you are already enrolled or waitlisted", code="already_enrolled", id=mine.id)
    enrolled, _ = await counts(session, w.id)
    w.next_seq += 1
    e = Enrolment(
        id=new_id(),
        workshop_id=w.id,
        employee_sub=principal.sub,
        code_name=new_code_name("WS"),
        status="enrolled" if enrolled < w.capacity else "waitlisted",
        seq=w.next_seq,
        created_at=clock.now(),
    )
    session.add(e)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("you are already enrolled or waitlisted", code="already_enrolled") from None
    emit(session, "workshop.enrolment", {"workshop_id": w.id, "code_name": e.code_name, "status": e.status})
    return e


async def cancel_enrolment(
    *, session: AsyncSession, principal: Principal, workshop_id: str, enrolment_id: str
) -> tuple[Enrolment, Enrolment | None]:
    """Cancel your enrolment; a freed seat goes to the first on the waitlist. Returns (cancelled, promoted)."""
    w = await load_workshop(session=session, workshop_id=workshop_id, lock=True)
    e = await session.get(Enrolment, enrolment_id)
    if e is None or e.workshop_id != w.id or e.employee_sub != principal.sub:
        raise NotFound("no such enrolment", code="enrolment_not_found")
    if e.status == "cancelled":
        raise Conflict("this enrolment is already cancelled", code="enrolment_cancelled")
    freed = e.status == "enrolled"
    e.status = "cancelled"
    await session.flush()
    promoted = None
    if freed:
        enrolled, _ = await counts(session, w.id)
        if enrolled < w.capacity:
            promoted = await session.scalar(
                select(Enrolment)
                .where(Enrolment.workshop_id == w.id, Enrolment.status == "waitlisted")
                .order_by(Enrolment.seq)
                .limit(1)
            )
            if promoted is not None:
                promoted.status, promoted.promoted_at = "enrolled", clock.now()
                emit(session, "workshop.promoted", {"workshop_id": w.id, "code_name": promoted.code_name})
    return e, promoted


async def enrolments_of(*, session: AsyncSession, workshop_id: str) -> list[Enrolment]:
    await load_workshop(session=session, workshop_id=workshop_id)
    return list(
        (
            await session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop_id).order_by(Enrolment.seq))
        ).all()
    )


async def record_attendance(
    *, session: AsyncSession, workshop_id: str, session_index: int, attended: list[str]
) -> tuple[int, int]:
    """Mark every enrolled person present (listed by code name) or absent for one session."""
    w = await load_workshop(session=session, workshop_id=workshop_id)
    if w.sessions and session_index >= len(w.sessions):
        raise RuleViolation("no such session in this workshop", code="no_such_session")
    rows = (
        await session.scalars(select(Enrolment).where(Enrolment.workshop_id == w.id, Enrolment.status == "enrolled"))
    ).all()
    known = {e.code_name for e in rows}
    unknown = sorted(set(attended) - known)
    if unknown:
        raise RuleViolation(
            "some code names are not enrolled in this workshop", code="not_enrolled", code_names=unknown
        )
    present = 0
    for e in rows:
        a = await session.get(SessionAttendance, (e.id, session_index))
        here = e.code_name in attended
        present += here
        if a is None:
            session.add(SessionAttendance(enrolment_id=e.id, session_index=session_index, attended=here))
        else:
            a.attended = here
    return present, len(rows) - present
