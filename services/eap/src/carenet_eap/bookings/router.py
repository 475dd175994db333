"""HTTP routes of bookings, counselling notes, attendance and the crisis flow."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.clock import to_utc
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import etag, set_etag
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit, Page, page_of
from fastapi import APIRouter, Query, Request, Response

from . import service
from .schemas import (
    AdminBookingOut,
    AttendanceIn,
    BookingIn,
    BookingOut,
    CrisisIn,
    CrisisOut,
    NoteIn,
    NoteList,
    NoteOut,
    RescheduleIn,
    admin_booking_out,
    note_out,
)

router = APIRouter(prefix="/v1", tags=["bookings"])
Employee = Annotated[Principal, require_roles("employee")]


@router.post("/bookings", status_code=201, response_model=BookingOut, responses=problems(403, 404, 409, 422))
async def book(request: Request, body: BookingIn, session: SessionDep, idem: IdempotencyDep, principal: Employee):
    """Book a free slot for yourself. A taken slot is 409: of concurrent requests for one slot exactly one wins."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    b = await service.create_booking(
        session=session, principal=principal, body=body, settings=request.app.state.settings
    )
    out = await service.booking_view(session=session, booking=b)
    return await idem.respond(session, 201, out.model_dump(mode="json"), headers={"ETag": etag(b.version)})


@router.get("/bookings/mine", response_model=Page[BookingOut], responses=problems(403, 422))
async def my_bookings(
    session: SessionDep, principal: Employee, limit: Limit = 50, cursor: Cursor = None
) -> Page[BookingOut]:
    """Your own bookings, latest session first."""
    rows = await service.list_mine(session=session, principal=principal, limit=limit, cursor=cursor)
    page = page_of(rows, limit, lambda b: [to_utc(b.starts_at).isoformat(), b.id])
    return Page[BookingOut](
        items=await service.booking_views(session=session, bookings=page.items), next_cursor=page.next_cursor
    )


@router.get("/bookings/counselling", response_model=Page[BookingOut], responses=problems(403, 422))
async def counsellor_bookings(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("counsellor")],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[BookingOut]:
    """The calling counsellor's own bookings (the counsellor whose `user_sub` is the caller)."""
    rows = await service.list_for_counsellor(session=session, principal=principal, limit=limit, cursor=cursor)
    page = page_of(rows, limit, lambda b: [to_utc(b.starts_at).isoformat(), b.id])
    return Page[BookingOut](
        items=await service.booking_views(session=session, bookings=page.items), next_cursor=page.next_cursor
    )


@router.get("/bookings", response_model=Page[AdminBookingOut], responses=problems(403, 422))
async def admin_bookings(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("eap_admin")],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[AdminBookingOut]:
    """Bookings for administration and reimbursement, by code name (代號) only."""
    rows = await service.list_for_admin(session=session, year=year, status=status, limit=limit, cursor=cursor)
    page = page_of(rows, limit, lambda b: [to_utc(b.starts_at).isoformat(), b.id])
    return Page[AdminBookingOut](items=[admin_booking_out(b) for b in page.items], next_cursor=page.next_cursor)


@router.get("/bookings/{booking_id}", response_model=BookingOut, responses=problems(404))
async def get_booking(
    booking_id: str, response: Response, session: SessionDep, principal: CurrentPrincipal
) -> BookingOut:
    """The booking, for its employee and its counsellor; everyone else (eap_admin included) gets 404."""
    b = await service.read_booking(session=session, principal=principal, booking_id=booking_id)
    set_etag(response, b.version)
    return await service.booking_view(session=session, booking=b)


@router.delete("/bookings/{booking_id}", response_model=BookingOut, responses=problems(403, 404, 409, 422))
async def cancel_booking(booking_id: str, session: SessionDep, principal: Employee) -> BookingOut:
    """Cancel your own upcoming booking; the slot is free again."""
    b = await service.cancel_booking(session=session, principal=principal, booking_id=booking_id)
    return await service.booking_view(session=session, booking=b)


@router.post(
    "/bookings/{booking_id}/reschedule",
    status_code=201,
    response_model=BookingOut,
    responses=problems(403, 404, 409, 422),
)
async def reschedule(
    request: Request, booking_id: str, body: RescheduleIn, session: SessionDep, principal: Employee
) -> BookingOut:
    """Move your booking to another slot: 201 with the new booking (`rescheduled_from` links the old)."""
    b = await service.reschedule_booking(
        session=session,
        principal=principal,
        booking_id=booking_id,
        slot_id=body.slot_id,
        settings=request.app.state.settings,
    )
    return await service.booking_view(session=session, booking=b)


@router.post("/bookings/{booking_id}/attendance", response_model=BookingOut, responses=problems(403, 404, 409))
async def record_booking_attendance(
    booking_id: str,
    body: AttendanceIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("counsellor")],
) -> BookingOut:
    """The booked counsellor records whether the employee came (attended / no_show)."""
    b = await service.record_attendance(
        session=session, principal=principal, booking_id=booking_id, attended=body.attended
    )
    return await service.booking_view(session=session, booking=b)


@router.post("/bookings/{booking_id}/notes", status_code=201, response_model=NoteOut, responses=problems(404, 422))
async def add_note(booking_id: str, body: NoteIn, session: SessionDep, principal: CurrentPrincipal) -> NoteOut:
    """Write a counselling note: the booking's counsellor alone (404 for anyone else)."""
    return note_out(await service.add_note(session=session, principal=principal, booking_id=booking_id, text=body.text))


@router.get("/bookings/{booking_id}/notes", response_model=NoteList, responses=problems(404))
async def read_notes(booking_id: str, session: SessionDep, principal: CurrentPrincipal) -> NoteList:
    """Read the counselling notes: the booking's counsellor alone; eap_admin and everyone else get 404."""
    notes = await service.read_notes(session=session, principal=principal, booking_id=booking_id)
    return NoteList(items=[note_out(n) for n in notes])


@router.post("/crisis", response_model=CrisisOut, responses=problems(403, 422))
async def crisis(
    request: Request,
    body: CrisisIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("employee", "eap_admin", "counsellor")],
) -> CrisisOut:
    """危機個案: the next free slot of the kind (book it with `crisis: true`), escalation contacts, county resources."""
    settings = request.app.state.settings
    return await service.crisis_plan(
        session=session,
        kind=body.kind,
        contacts=settings.crisis_contacts,
        county=principal.county,
        resources_url=settings.resources_url,
        resources_timeout=settings.resources_timeout_seconds,
    )
