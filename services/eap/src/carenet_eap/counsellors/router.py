"""HTTP routes of counsellors, availability and slots."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.clock import to_utc
from carenet_core.db import SessionDep
from carenet_core.errors import RuleViolation, problems
from carenet_core.etag import set_etag
from carenet_core.pagination import Cursor, Limit, Page, page_of
from fastapi import APIRouter, Header, Query, Request, Response
from pydantic import AwareDatetime

from ..common import Gender, Kind, Mode, parse_instant
from . import service
from .schemas import (
    AvailabilityIn,
    AvailabilityOut,
    CounsellorIn,
    CounsellorOut,
    CounsellorPatch,
    FreeSlotOut,
    MaterialiseIn,
    MaterialiseOut,
    SlotList,
    SlotOut,
    SlotsIn,
    availability_out,
    counsellor_out,
    free_slot_out,
    slot_out,
)

router = APIRouter(prefix="/v1", tags=["counsellors"])
Admin = Annotated[Principal, require_roles("eap_admin")]
Reader = Annotated[Principal, require_roles("employee", "eap_admin", "counsellor")]
Manager = Annotated[Principal, require_roles("counsellor", "eap_admin")]


@router.post("/counsellors", status_code=201, response_model=CounsellorOut, responses=problems(403, 409, 422))
async def register_counsellor(
    request: Request, body: CounsellorIn, session: SessionDep, principal: Admin
) -> CounsellorOut:
    """Register a counsellor (eap_admin); `user_sub` links the counsellor's own login."""
    c = await service.create_counsellor(session=session, body=body, settings=request.app.state.settings)
    return counsellor_out(c, list(body.kinds), show_user_sub=True)


@router.get("/counsellors", response_model=Page[CounsellorOut], responses=problems(403, 422))
async def list_counsellors(
    session: SessionDep,
    principal: Reader,
    kind: Kind | None = None,
    gender: Gender | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[CounsellorOut]:
    """Active counsellors, filtered by consultation kind and gender."""
    rows = await service.list_counsellors(session=session, kind=kind, gender=gender, limit=limit, cursor=cursor)
    page = page_of(rows, limit, lambda r: [r[0].name, r[0].id])
    admin = principal.has("eap_admin")
    return Page[CounsellorOut](
        items=[counsellor_out(c, kinds, show_user_sub=admin) for c, kinds in page.items], next_cursor=page.next_cursor
    )


@router.get("/counsellors/{counsellor_id}", response_model=CounsellorOut, responses=problems(403, 404))
async def get_counsellor(
    counsellor_id: str, response: Response, session: SessionDep, principal: Reader
) -> CounsellorOut:
    """One counsellor, with an ETag for `PATCH` + `If-Match`."""
    c, kinds = await service.read_counsellor(session=session, counsellor_id=counsellor_id)
    set_etag(response, c.version)
    return counsellor_out(c, kinds, show_user_sub=principal.has("eap_admin"))


@router.patch("/counsellors/{counsellor_id}", response_model=CounsellorOut, responses=problems(403, 404, 412, 422))
async def patch_counsellor(
    counsellor_id: str,
    body: CounsellorPatch,
    response: Response,
    session: SessionDep,
    principal: Admin,
    if_match: Annotated[str | None, Header(alias="If-Match", max_length=200)] = None,
) -> CounsellorOut:
    """Change a counsellor's profile (eap_admin); a stale `If-Match` is 412."""
    c, kinds = await service.update_counsellor(
        session=session, counsellor_id=counsellor_id, patch=body, if_match=if_match
    )
    set_etag(response, c.version)
    return counsellor_out(c, kinds, show_user_sub=True)


@router.post(
    "/counsellors/{counsellor_id}/slots",
    status_code=201,
    response_model=SlotList,
    responses=problems(403, 404, 409, 422),
)
async def publish_slots(counsellor_id: str, body: SlotsIn, session: SessionDep, principal: Manager) -> SlotList:
    """Publish bookable slots; an overlap with another slot of the counsellor is 409 and stores nothing."""
    rows = await service.add_slots(session=session, counsellor_id=counsellor_id, slots=body.slots, principal=principal)
    return SlotList(items=[slot_out(s) for s in rows])


@router.get("/counsellors/{counsellor_id}/slots", response_model=SlotList, responses=problems(403, 404, 422))
async def counsellor_slots(
    counsellor_id: str,
    session: SessionDep,
    principal: Manager,
    start: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    end: Annotated[AwareDatetime | None, Query(alias="to")] = None,
) -> SlotList:
    """All slots of one counsellor (free, booked, withdrawn) — for the counsellor's own calendar."""
    rows = await service.counsellor_slots(
        session=session, counsellor_id=counsellor_id, principal=principal, start=start, end=end
    )
    return SlotList(items=[slot_out(s) for s in rows])


@router.put(
    "/counsellors/{counsellor_id}/availability", response_model=AvailabilityOut, responses=problems(403, 404, 422)
)
async def put_availability(
    counsellor_id: str, body: AvailabilityIn, session: SessionDep, principal: Manager
) -> AvailabilityOut:
    """Replace the weekly working hours and add dated exceptions (closed days or extra hours)."""
    c, weekly, exc = await service.set_availability(
        session=session, counsellor_id=counsellor_id, body=body, principal=principal
    )
    return availability_out(c, weekly, exc)


@router.get("/counsellors/{counsellor_id}/availability", response_model=AvailabilityOut, responses=problems(403, 404))
async def get_availability(counsellor_id: str, session: SessionDep, principal: Manager) -> AvailabilityOut:
    """The weekly working hours and dated exceptions of a counsellor (their own, or eap_admin)."""
    c, weekly, exc = await service.read_availability(session=session, counsellor_id=counsellor_id, principal=principal)
    return availability_out(c, weekly, exc)


@router.post(
    "/counsellors/{counsellor_id}/slots/materialise",
    status_code=201,
    response_model=MaterialiseOut,
    responses=problems(403, 404, 422),
)
async def materialise(
    counsellor_id: str, body: MaterialiseIn, session: SessionDep, principal: Manager
) -> MaterialiseOut:
    """Create free slots from the weekly hours and exceptions, session length plus buffer apart."""
    created, skipped = await service.materialise_slots(
        session=session, counsellor_id=counsellor_id, start=body.start, end=body.end, principal=principal
    )
    return MaterialiseOut(created=[slot_out(s) for s in created], skipped=skipped)


@router.delete("/slots/{slot_id}", response_model=SlotOut, responses=problems(403, 404, 409))
async def withdraw_slot(slot_id: str, session: SessionDep, principal: Manager) -> SlotOut:
    """Withdraw a free slot."""
    return slot_out(await service.withdraw_slot(session=session, slot_id=slot_id, principal=principal))


@router.get("/slots", response_model=Page[FreeSlotOut], responses=problems(403, 422))
async def find_free_slots(
    request: Request,
    session: SessionDep,
    principal: Reader,
    kind: Kind | None = None,
    gender: Gender | None = None,
    mode: Mode | None = None,
    language: Annotated[str | None, Query(max_length=20)] = None,
    start: Annotated[
        str | None, Query(alias="from", max_length=40, description="RFC 3339 instant or YYYY-MM-DD")
    ] = None,
    end: Annotated[
        str | None, Query(alias="to", max_length=40, description="RFC 3339 instant or YYYY-MM-DD (inclusive day)")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[FreeSlotOut]:
    """Free slots from now plus the minimum notice, soonest first, by kind, counsellor gender, mode, language."""
    try:
        lo, hi = parse_instant(start), parse_instant(end, end=True)
    except ValueError as exc:
        raise RuleViolation(
            f"from/to: {exc}", code="invalid_instant", errors=[{"field": "query.from/to", "message": str(exc)}]
        ) from None
    rows = await service.free_slots(
        session=session,
        kind=kind,
        gender=gender,
        mode=mode,
        language=language,
        start=lo,
        end=hi,
        min_notice_minutes=request.app.state.settings.min_notice_minutes,
        limit=limit,
        cursor=cursor,
    )
    page = page_of(rows, limit, lambda r: [to_utc(r[0].starts_at).isoformat(), r[0].id])
    return Page[FreeSlotOut](
        items=[free_slot_out(s, c, kinds) for s, c, kinds in page.items], next_cursor=page.next_cursor
    )
