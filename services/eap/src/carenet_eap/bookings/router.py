"""HTTP routes of bookings, counselling notes, attendance and the crisis flow."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.clock import TAIPEI, to_utc
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit, Page, page_of
from fastapi import APIRouter, Query, Request, Response

from ..counsellors.models import Counsellor
from ..counsellors.router import slot_out
from ..counsellors.schemas import CounsellorBrief, FreeSlotOut
from ..counsellors.service import kinds_of
from . import service
from .models import Booking
from .schemas import (
    AdminBookingOut,
    AttendanceIn,
    BookingIn,
    BookingOut,
    Contact,
    CrisisIn,
    CrisisOut,
    EmployeeContact,
    NoteIn,
    NoteList,
    NoteOut,
    RescheduleIn,
)

router = APIRouter(prefix="/v1", tags=["bookings"])


async def booking_out(session: SessionDep, b: Booking) -> BookingOut:
    c = await session.get(Counsellor, b.counsellor_id)
    assert c is not None
    return BookingOut(
        id=b.id,
        code_name=b.code_name,
        slot_id=b.slot_id,
        status=b.status,
        kind=b.kind,  # type: ignore[arg-type]
        issue_category=b.issue_category,
        flow=b.flow,
        starts_at=to_utc(b.starts_at),
        ends_at=to_utc(b.ends_at),
        mode=b.mode,  # type: ignore[arg-type]
        counsellor=CounsellorBrief(
            id=c.id,
            name=c.name,
            gender=c.gender,
            languages=c.languages,  # type: ignore[arg-type]
            location=c.location,
        ),
        employee=EmployeeContact(sub=b.employee_sub, contact_name=b.contact_name, contact_phone=b.contact_phone),
        rescheduled_from=b.rescheduled_from_id,
        rescheduled_to=b.rescheduled_to_id,
    )


def _etag(body: BookingOut) -> str:
    return (
        '"' + hashlib.sha256(json.dumps(body.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()[:32] + '"'
    )


@router.post("/bookings", status_code=201, response_model=BookingOut, responses=problems(403, 404, 409, 422))
async def book(
    request: Request,
    body: BookingIn,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Principal = require_roles("employee"),
):
    """Book a free slot for yourself. A taken slot is 409: of concurrent requests for one slot exactly one wins."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    b = await service.create_booking(
        session=session, principal=principal, body=body, settings=request.app.state.settings
    )
    out = await booking_out(session, b)
    return await idem.respond(session, 201, out.model_dump(mode="json"), headers={"ETag": _etag(out)})


@router.get("/bookings/mine", response_model=Page[BookingOut], responses=problems(403, 422))
async def my_bookings(
    session: SessionDep, limit: Limit = 50, cursor: Cursor = None, principal: Principal = require_roles("employee")
) -> Page[BookingOut]:
    """Your own bookings, latest session first."""
    rows = await service.list_mine(session=session, principal=principal, limit=limit, cursor=cursor)
    page = page_of(rows, limit, lambda b: [to_utc(b.starts_at).isoformat(), b.id])
    return Page[BookingOut](items=[await booking_out(session, b) for b in page.items], next_cursor=page.next_cursor)


@router.get("/bookings/counselling", response_model=Page[BookingOut], responses=problems(403, 422))
async def counsellor_bookings(
    session: SessionDep, limit: Limit = 50, cursor: Cursor = None, principal: Principal = require_roles("counsellor")
) -> Page[BookingOut]:
    """The calling counsellor's own bookings (the counsellor whose `user_sub` is the caller)."""
    rows = await service.list_for_counsellor(session=session, principal=principal, limit=limit, cursor=cursor)
    page = page_of(rows, limit, lambda b: [to_utc(b.starts_at).isoformat(), b.id])
    return Page[BookingOut](items=[await booking_out(session, b) for b in page.items], next_cursor=page.next_cursor)


@router.get("/bookings", response_model=Page[AdminBookingOut], responses=problems(403, 422))
async def admin_bookings(
    session: SessionDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    status: str | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    principal: Principal = require_roles("eap_admin"),
) -> Page[AdminBookingOut]:
    """Bookings for administration and reimbursement, by code name (代號) only."""
    rows = await service.list_for_admin(session=session, year=year, status=status, limit=limit, cursor=cursor)
    page = page_of(rows, limit, lambda b: [to_utc(b.starts_at).isoformat(), b.id])
    return Page[AdminBookingOut](
        items=[
            AdminBookingOut(
                code_name=b.code_name,
                kind=b.kind,
                flow=b.flow,
                status=b.status,  # type: ignore[arg-type]
                date=to_utc(b.starts_at).astimezone(TAIPEI).date().isoformat(),
                counsellor_id=b.counsellor_id,
            )
            for b in page.items
        ],
        next_cursor=page.next_cursor,
    )


@router.get("/bookings/{booking_id}", response_model=BookingOut, responses=problems(404))
async def get_booking(
    booking_id: str, response: Response, session: SessionDep, principal: CurrentPrincipal
) -> BookingOut:
    """The booking, for its employee and its counsellor; everyone else (eap_admin included) gets 404."""
    b = await service.read_booking(session=session, principal=principal, booking_id=booking_id)
    out = await booking_out(session, b)
    response.headers["ETag"] = _etag(out)
    return out


@router.delete("/bookings/{booking_id}", response_model=BookingOut, responses=problems(403, 404, 409, 422))
async def cancel_booking(
    booking_id: str, session: SessionDep, principal: Principal = require_roles("employee")
) -> BookingOut:
    """Cancel your own upcoming booking; the slot is free again."""
    b = await service.cancel_booking(session=session, principal=principal, booking_id=booking_id)
    return await booking_out(session, b)


@router.post(
    "/bookings/{booking_id}/reschedule",
    status_code=201,
    response_model=BookingOut,
    responses=problems(403, 404, 409, 422),
)
async def reschedule(
    request: Request,
    booking_id: str,
    body: RescheduleIn,
    session: SessionDep,
    principal: Principal = require_roles("employee"),
) -> BookingOut:
    """Move your booking to another slot: 201 with the new booking (`rescheduled_from` links the old)."""
    b = await service.reschedule_booking(
        session=session,
        principal=principal,
        booking_id=booking_id,
        slot_id=body.slot_id,
        settings=request.app.state.settings,
    )
    return await booking_out(session, b)


@router.post("/bookings/{booking_id}/attendance", response_model=BookingOut, responses=problems(403, 404, 409))
async def attendance(
    booking_id: str, body: AttendanceIn, session: SessionDep, principal: Principal = require_roles("counsellor")
) -> BookingOut:
    """The booked counsellor records whether the employee came (attended / no_show)."""
    b = await service.record_attendance(
        session=session, principal=principal, booking_id=booking_id, attended=body.attended
    )
    return await booking_out(session, b)


@router.post("/bookings/{booking_id}/notes", status_code=201, response_model=NoteOut, responses=problems(404, 422))
async def add_note(booking_id: str, body: NoteIn, session: SessionDep, principal: CurrentPrincipal) -> NoteOut:
    """Write a counselling note: the booking's counsellor alone (404 for anyone else)."""
    n = await service.add_note(session=session, principal=principal, booking_id=booking_id, text=body.text)
    return NoteOut(id=n.id, booking_id=n.booking_id, text=n.text, created_at=to_utc(n.created_at))


@router.get("/bookings/{booking_id}/notes", response_model=NoteList, responses=problems(404))
async def read_notes(booking_id: str, session: SessionDep, principal: CurrentPrincipal) -> NoteList:
    """Read the counselling notes: the booking's counsellor alone; eap_admin and everyone else get 404."""
    notes = await service.read_notes(session=session, principal=principal, booking_id=booking_id)
    return NoteList(
        items=[NoteOut(id=n.id, booking_id=n.booking_id, text=n.text, created_at=to_utc(n.created_at)) for n in notes]
    )


@router.post("/crisis", response_model=CrisisOut, responses=problems(403, 422))
async def crisis(
    request: Request,
    body: CrisisIn,
    session: SessionDep,
    principal: Principal = require_roles("employee", "eap_admin", "counsellor"),
) -> CrisisOut:
    """危機個案: the next free slot of any counsellor of the kind (book it with `crisis: true`) and escalation contacts."""
    return await crisis_plan(session, body.kind, request.app.state.settings.crisis_contacts)


async def crisis_plan(session: SessionDep, kind: str, contacts: list[dict[str, str]]) -> CrisisOut:
    found = await service.next_free_slot(session=session, kind=kind)
    next_slot = None
    if found is not None:
        s, c = found
        next_slot = FreeSlotOut(
            **slot_out(s).model_dump(),
            kinds=(await kinds_of(session, [c.id]))[c.id],  # type: ignore[arg-type]
            counsellor=CounsellorBrief(
                id=c.id,
                name=c.name,
                gender=c.gender,  # type: ignore[arg-type]
                languages=c.languages,
                location=c.location,
            ),
        )
    return CrisisOut(
        kind=kind,
        next_slot=next_slot,  # type: ignore[arg-type]
        same_day=found is not None and service.is_today_taipei(found[0].starts_at),
        escalation_contacts=[Contact(**c) for c in contacts],
    )
