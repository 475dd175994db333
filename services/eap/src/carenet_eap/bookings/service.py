"""Use cases of bookings: book (no double booking, ever), cancel, reschedule, attend, notes, crisis."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import taipei_date, to_utc
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.pagination import keyset_after
from carenet_core.trail import record_access
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import Disability, Flow, Gender, Kind, disability_of, new_code_name, new_id, taipei_year_bounds
from ..config import Settings
from ..counsellors.models import Counsellor, CounsellorKind, Slot
from ..counsellors.schemas import free_slot_out
from ..counsellors.service import counsellor_of, kinds_of
from ..referrals.models import Referral
from .models import Booking, CounsellingNote
from .resources_client import crisis_resources
from .schemas import BookingIn, BookingOut, Contact, CrisisOut, booking_out


def person_ref(booking: Booking) -> str:
    return f"employee:{booking.employee_sub}"


async def _claim_slot(session: AsyncSession, slot_id: str) -> None:
    """Turn a free slot booked, or 409: one conditional UPDATE, so only one of racing requests wins."""
    result = await session.execute(
        update(Slot)
        .where(Slot.id == slot_id, Slot.status == "free")
        .values(status="booked")
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], result).rowcount != 1:
        raise Conflict("this slot is already taken", code="slot_taken", slot_id=slot_id)


async def _release_slot(session: AsyncSession, slot_id: str) -> None:
    await session.execute(
        update(Slot)
        .where(Slot.id == slot_id, Slot.status == "booked")
        .values(status="free")
        .execution_options(synchronize_session=False)
    )


async def _book(
    *,
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    slot_id: str,
    kind: Kind,
    issue_category: str | None,
    flow: Flow,
    referral: Referral | None,
    gender: Gender | None,
    disability: Disability | None,
    contact_name: str | None,
    contact_phone: str | None,
    crisis: bool,
) -> Booking:
    slot = await session.get(Slot, slot_id)
    if slot is None or slot.status == "withdrawn":
        raise NotFound("no such slot", code="slot_not_found")
    offered = await session.scalar(
        select(CounsellorKind.kind).where(
            CounsellorKind.counsellor_id == slot.counsellor_id, CounsellorKind.kind == kind
        )
    )
    if offered is None:
        raise RuleViolation(f"this slot's counsellor does not offer '{kind}' consultations", code="kind_not_offered")
    now = clock.now()
    starts_at = to_utc(slot.starts_at)
    if crisis:
        if starts_at <= now:
            raise RuleViolation("this slot has already begun", code="slot_in_past")
    elif starts_at < now + timedelta(minutes=settings.min_notice_minutes):
        raise RuleViolation(
            f"a booking needs at least {settings.min_notice_minutes} minutes' notice",
            code="too_late_to_book",
            min_notice_minutes=settings.min_notice_minutes,
        )
    await _claim_slot(session, slot.id)
    b = Booking(
        id=new_id(),
        code_name=new_code_name(),
        slot_id=slot.id,
        counsellor_id=slot.counsellor_id,
        employee_sub=principal.sub,
        contact_name=contact_name,
        contact_phone=contact_phone,
        employee_gender=gender,
        employee_disability=disability,
        agency=principal.agency,
        kind=kind,
        issue_category=issue_category,
        flow=flow,
        referral_id=referral.id if referral else None,
        status="booked",
        starts_at=starts_at,
        ends_at=to_utc(slot.ends_at),
        mode=slot.mode,
        created_at=now,
    )
    session.add(b)
    try:
        # The partial unique index on active bookings per slot is the second, independent guard.
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("this slot is already taken", code="slot_taken", slot_id=slot.id) from None
    if referral is not None:
        referral.booking_id = b.id
    await record_access(
        session, principal=principal, action="create", resource=f"booking/{b.id}", person_ref=person_ref(b)
    )
    emit(
        session,
        "booking.created",
        {"id": b.id, "code_name": b.code_name, "kind": kind, "flow": flow, "starts_at": starts_at.isoformat()},
    )
    return b


async def create_booking(
    *, session: AsyncSession, principal: Principal, body: BookingIn, settings: Settings
) -> Booking:
    """A booking of a free slot by the calling employee; a taken slot is 409, whatever the race."""
    referral = None
    flow: Flow = "crisis" if body.crisis else "self"
    if body.referral_id:
        referral = await session.get(Referral, body.referral_id)
        if referral is None or referral.employee_ref != principal.sub:
            raise NotFound("no such referral", code="referral_not_found")
        if referral.status != "consented":
            raise RuleViolation("a referral needs the employee's consent before a booking", code="consent_required")
        if referral.booking_id is not None:
            existing = await session.get(Booking, referral.booking_id)
            if existing is not None and existing.status == "booked":
                raise Conflict("this referral already has a booking", code="referral_already_booked", id=existing.id)
        flow = "referral"
    return await _book(
        session=session,
        principal=principal,
        settings=settings,
        slot_id=body.slot_id,
        kind=body.kind,
        issue_category=body.issue_category,
        flow=flow,
        referral=referral,
        gender=body.gender,
        disability=disability_of(body.disability),
        contact_name=body.contact_name,
        contact_phone=body.contact_phone,
        crisis=body.crisis or bool(referral and referral.crisis),
    )


async def _own_booking(session: AsyncSession, principal: Principal, booking_id: str, *, lock: bool = False) -> Booking:
    stmt = select(Booking).where(Booking.id == booking_id)
    if lock:
        stmt = stmt.with_for_update()
    b = await session.scalar(stmt)
    if b is None or b.employee_sub != principal.sub:
        raise NotFound("no such booking", code="booking_not_found")
    return b


async def _counsellors_booking(session: AsyncSession, principal: Principal, booking_id: str) -> Booking:
    """The booking when the caller is its counsellor (the counsellor whose user_sub is the caller), else 404."""
    b = await session.get(Booking, booking_id)
    me = await counsellor_of(session=session, principal=principal)
    if b is None or me is None or b.counsellor_id != me.id:
        raise NotFound("no such booking", code="booking_not_found")
    return b


async def read_booking(*, session: AsyncSession, principal: Principal, booking_id: str) -> Booking:
    """The booking for its employee or its counsellor; 404 for everyone else (eap_admin included). Trailed."""
    b = await session.get(Booking, booking_id)
    allowed = b is not None and b.employee_sub == principal.sub
    if b is not None and not allowed:
        me = await counsellor_of(session=session, principal=principal)
        allowed = me is not None and me.id == b.counsellor_id
    if b is None or not allowed:
        raise NotFound("no such booking", code="booking_not_found")
    await record_access(
        session, principal=principal, action="read", resource=f"booking/{b.id}", person_ref=person_ref(b)
    )
    return b


async def list_mine(*, session: AsyncSession, principal: Principal, limit: int, cursor: str | None) -> list[Booking]:
    """The caller's own bookings, soonest session last (limit + 1 rows). Trailed."""
    stmt = select(Booking).where(Booking.employee_sub == principal.sub)
    stmt = keyset_after(stmt, [Booking.starts_at, Booking.id], cursor, descending=True, types=[datetime.min, ""])
    rows = list((await session.scalars(stmt.limit(limit + 1))).all())
    for b in rows[:limit]:
        await record_access(
            session, principal=principal, action="list", resource=f"booking/{b.id}", person_ref=person_ref(b)
        )
    return rows


async def list_for_counsellor(
    *, session: AsyncSession, principal: Principal, limit: int, cursor: str | None
) -> list[Booking]:
    """The calling counsellor's own bookings, newest session first (limit + 1 rows). Trailed per booking."""
    me = await counsellor_of(session=session, principal=principal)
    if me is None:
        return []
    stmt = select(Booking).where(Booking.counsellor_id == me.id)
    stmt = keyset_after(stmt, [Booking.starts_at, Booking.id], cursor, descending=True, types=[datetime.min, ""])
    rows = list((await session.scalars(stmt.limit(limit + 1))).all())
    for b in rows[:limit]:
        await record_access(
            session, principal=principal, action="list", resource=f"booking/{b.id}", person_ref=person_ref(b)
        )
    return rows


async def list_for_admin(
    *, session: AsyncSession, year: int | None, status: str | None, limit: int, cursor: str | None
) -> list[Booking]:
    """Bookings for administration (shown by code name only), newest first (limit + 1 rows)."""
    stmt = select(Booking)
    if year:
        lo, hi = taipei_year_bounds(year)
        stmt = stmt.where(Booking.starts_at >= lo, Booking.starts_at < hi)
    if status:
        stmt = stmt.where(Booking.status == status)
    stmt = keyset_after(stmt, [Booking.starts_at, Booking.id], cursor, descending=True, types=[datetime.min, ""])
    return list((await session.scalars(stmt.limit(limit + 1))).all())


async def cancel_booking(*, session: AsyncSession, principal: Principal, booking_id: str) -> Booking:
    """Cancel the caller's own upcoming booking; its slot becomes free again."""
    b = await _own_booking(session, principal, booking_id, lock=True)
    if b.status != "booked":
        raise Conflict(f"the booking is {b.status}", code="booking_not_active", booking_status=b.status)
    if to_utc(b.starts_at) <= clock.now():
        raise RuleViolation("the session has already begun", code="too_late_to_cancel")
    b.status, b.closed_at = "cancelled", clock.now()
    b.version += 1
    await _release_slot(session, b.slot_id)
    await record_access(
        session, principal=principal, action="cancel", resource=f"booking/{b.id}", person_ref=person_ref(b)
    )
    emit(session, "booking.cancelled", {"id": b.id, "code_name": b.code_name})
    return b


async def reschedule_booking(
    *, session: AsyncSession, principal: Principal, booking_id: str, slot_id: str, settings: Settings
) -> Booking:
    """Move the caller's booking to another free slot: a new booking linked to the old; the old slot frees."""
    old = await _own_booking(session, principal, booking_id, lock=True)
    if old.status != "booked":
        raise Conflict(f"the booking is {old.status}", code="booking_not_active", booking_status=old.status)
    referral = await session.get(Referral, old.referral_id) if old.referral_id else None
    new = await _book(
        session=session,
        principal=principal,
        settings=settings,
        slot_id=slot_id,
        kind=old.kind,
        issue_category=old.issue_category,
        flow=old.flow,
        referral=referral,
        gender=old.employee_gender,
        disability=old.employee_disability,
        contact_name=old.contact_name,
        contact_phone=old.contact_phone,
        crisis=old.flow == "crisis",
    )
    old.status, old.closed_at, old.rescheduled_to_id = "rescheduled", clock.now(), new.id
    old.version += 1
    new.rescheduled_from_id = old.id
    await _release_slot(session, old.slot_id)
    emit(session, "booking.rescheduled", {"id": old.id, "to": new.id})
    return new


async def record_attendance(*, session: AsyncSession, principal: Principal, booking_id: str, attended: bool) -> Booking:
    """The booked counsellor records attended / no-show; an attended referral tells the referral."""
    b = await _counsellors_booking(session, principal, booking_id)
    if b.status not in ("booked", "attended", "no_show"):
        raise Conflict(f"the booking is {b.status}", code="booking_not_active", booking_status=b.status)
    b.status = "attended" if attended else "no_show"
    b.closed_at = clock.now()
    b.version += 1
    if b.referral_id:
        referral = await session.get(Referral, b.referral_id)
        if referral is not None and referral.status in ("consented", "attended"):
            referral.status = "attended" if attended else "consented"
    await record_access(
        session, principal=principal, action="attendance", resource=f"booking/{b.id}", person_ref=person_ref(b)
    )
    emit(session, "booking.attended" if attended else "booking.no_show", {"id": b.id, "code_name": b.code_name})
    return b


async def add_note(*, session: AsyncSession, principal: Principal, booking_id: str, text: str) -> CounsellingNote:
    """A note by the booking's counsellor (404 for anyone else)."""
    b = await _counsellors_booking(session, principal, booking_id)
    n = CounsellingNote(id=new_id(), booking_id=b.id, counsellor_id=b.counsellor_id, text=text, created_at=clock.now())
    session.add(n)
    await record_access(
        session, principal=principal, action="write_note", resource=f"booking/{b.id}/notes", person_ref=person_ref(b)
    )
    return n


async def read_notes(*, session: AsyncSession, principal: Principal, booking_id: str) -> list[CounsellingNote]:
    """The notes of a booking, for its counsellor alone (404 for everyone else). Trailed."""
    b = await _counsellors_booking(session, principal, booking_id)
    notes = (
        await session.scalars(
            select(CounsellingNote)
            .where(CounsellingNote.booking_id == b.id)
            .order_by(CounsellingNote.created_at, CounsellingNote.id)
        )
    ).all()
    await record_access(
        session, principal=principal, action="read_notes", resource=f"booking/{b.id}/notes", person_ref=person_ref(b)
    )
    return list(notes)


async def next_free_slot(*, session: AsyncSession, kind: Kind) -> tuple[Slot, Counsellor] | None:
    """The soonest free slot, from now, of any active counsellor of the kind (crisis: no minimum notice)."""
    row = (
        await session.execute(
            select(Slot, Counsellor)
            .join(Counsellor, Counsellor.id == Slot.counsellor_id)
            .where(
                Slot.status == "free",
                Counsellor.active.is_(True),
                Slot.starts_at > clock.now(),
                Counsellor.id.in_(select(CounsellorKind.counsellor_id).where(CounsellorKind.kind == kind)),
            )
            .order_by(Slot.starts_at, Slot.id)
            .limit(1)
        )
    ).first()
    return (row[0], row[1]) if row else None


def is_today_taipei(at: datetime) -> bool:
    """Whether an instant falls on today's date in Asia/Taipei."""
    return taipei_date(to_utc(at)) == clock.today()


async def booking_view(*, session: AsyncSession, booking: Booking) -> BookingOut:
    """The booking as its employee and its counsellor see it (with the counsellor's brief)."""
    return (await booking_views(session=session, bookings=[booking]))[0]


async def booking_views(*, session: AsyncSession, bookings: list[Booking]) -> list[BookingOut]:
    """Each booking as its employee and its counsellor see it, in the given order."""
    ids = list({b.counsellor_id for b in bookings})
    counsellors = {c.id: c for c in (await session.scalars(select(Counsellor).where(Counsellor.id.in_(ids)))).all()}
    return [booking_out(b, counsellors[b.counsellor_id]) for b in bookings]


async def crisis_plan(
    *,
    session: AsyncSession,
    kind: Kind,
    contacts: list[dict[str, str]],
    county: str | None = None,
    resources_url: str = "",
    resources_timeout: float = 1.5,
) -> CrisisOut:
    """危機個案: the soonest free slot of the kind, the escalation contacts and the county's crisis resources."""
    found = await next_free_slot(session=session, kind=kind)
    next_slot = None
    if found is not None:
        s, c = found
        next_slot = free_slot_out(s, c, (await kinds_of(session=session, counsellor_ids=[c.id]))[c.id])
    resources = await crisis_resources(base_url=resources_url, county=county, wait_seconds=resources_timeout)
    return CrisisOut(
        kind=kind,
        next_slot=next_slot,
        same_day=found is not None and is_today_taipei(found[0].starts_at),
        escalation_contacts=[Contact(**c) for c in contacts],
        resources=resources or [],
        resources_available=resources is not None,
    )
