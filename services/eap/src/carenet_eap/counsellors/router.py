"""HTTP routes of counsellors, availability and slots."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Annotated

from carenet_core import clock
from carenet_core.auth import Principal, require_roles
from carenet_core.clock import to_utc
from carenet_core.db import SessionDep
from carenet_core.errors import PreconditionFailed, RuleViolation, problems
from carenet_core.pagination import Cursor, Limit, Page, page_of
from fastapi import APIRouter, Header, Query, Request, Response
from pydantic import AwareDatetime

from ..common import Gender, Kind, Mode, parse_instant
from . import service
from .models import Counsellor, Slot
from .schemas import (
    AvailabilityIn,
    AvailabilityOut,
    CounsellorBrief,
    CounsellorIn,
    CounsellorOut,
    CounsellorPatch,
    FreeSlotOut,
    MaterialiseIn,
    MaterialiseOut,
    SlotList,
    SlotOut,
    SlotsIn,
)

router = APIRouter(prefix="/v1", tags=["counsellors"])


def counsellor_out(c: Counsellor, kinds: list[str], principal: Principal) -> CounsellorOut:
    return CounsellorOut(
        id=c.id,
        name=c.name,
        kinds=kinds,
        gender=c.gender,
        modes=c.modes,  # type: ignore[arg-type]
        languages=c.languages,
        location=c.location,
        session_minutes=c.session_minutes,
        buffer_minutes=c.buffer_minutes,
        user_sub=c.user_sub if principal.has("eap_admin") else None,
    )


def slot_out(s: Slot) -> SlotOut:
    return SlotOut(
        id=s.id,
        starts_at=to_utc(s.starts_at),
        ends_at=to_utc(s.ends_at),
        mode=s.mode,  # type: ignore[arg-type]
        status=s.status,
    )


@router.post("/counsellors", status_code=201, response_model=CounsellorOut, responses=problems(403, 409, 422))
async def register_counsellor(
    request: Request, body: CounsellorIn, session: SessionDep, principal: Principal = require_roles("eap_admin")
) -> CounsellorOut:
    """Register a counsellor (eap_admin); `user_sub` links the counsellor's own login."""
    c = await service.create_counsellor(session=session, body=body, settings=request.app.state.settings)
    return counsellor_out(c, list(body.kinds), principal)


@router.get("/counsellors", response_model=Page[CounsellorOut], responses=problems(403, 422))
async def list_counsellors(
    session: SessionDep,
    kind: Kind | None = None,
    gender: Gender | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    principal: Principal = require_roles("employee", "eap_admin", "counsellor"),
) -> Page[CounsellorOut]:
    """Active counsellors, filtered by consultation kind and gender."""
    rows = await service.list_counsellors(session=session, kind=kind, gender=gender, limit=limit, cursor=cursor)
    kinds = await service.kinds_of(session, [c.id for c in rows])
    page = page_of(rows, limit, lambda c: [c.name, c.id])
    return Page[CounsellorOut](
        items=[counsellor_out(c, kinds[c.id], principal) for c in page.items], next_cursor=page.next_cursor
    )


def etag_of(c: Counsellor, kinds: list[str]) -> str:
    doc = [
        c.name,
        c.gender,
        c.modes,
        c.languages,
        c.location,
        c.user_sub,
        c.active,
        kinds,
        c.session_minutes,
        c.buffer_minutes,
    ]
    return '"' + hashlib.sha256(json.dumps(doc, ensure_ascii=False).encode()).hexdigest()[:32] + '"'


@router.get("/counsellors/{counsellor_id}", response_model=CounsellorOut, responses=problems(403, 404))
async def get_counsellor(
    counsellor_id: str,
    response: Response,
    session: SessionDep,
    principal: Principal = require_roles("employee", "eap_admin", "counsellor"),
) -> CounsellorOut:
    """One counsellor, with an ETag for `PATCH` + `If-Match`."""
    c = await service.load_counsellor(session=session, counsellor_id=counsellor_id)
    kinds = (await service.kinds_of(session, [c.id]))[c.id]
    response.headers["ETag"] = etag_of(c, kinds)
    return counsellor_out(c, kinds, principal)


@router.patch("/counsellors/{counsellor_id}", response_model=CounsellorOut, responses=problems(403, 404, 412, 422))
async def patch_counsellor(
    counsellor_id: str,
    body: CounsellorPatch,
    response: Response,
    session: SessionDep,
    if_match: Annotated[str | None, Header(alias="If-Match", max_length=200)] = None,
    principal: Principal = require_roles("eap_admin"),
) -> CounsellorOut:
    """Change a counsellor's profile (eap_admin); a stale `If-Match` is 412."""
    c = await service.load_counsellor(session=session, counsellor_id=counsellor_id, lock=True)
    if if_match is not None and if_match.strip() not in (
        "*",
        etag_of(c, (await service.kinds_of(session, [c.id]))[c.id]),
    ):
        raise PreconditionFailed("the counsellor changed since you read it", code="etag_mismatch")
    c = await service.update_counsellor(session=session, counsellor_id=counsellor_id, patch=body)
    kinds = (await service.kinds_of(session, [c.id]))[c.id]
    response.headers["ETag"] = etag_of(c, kinds)
    return counsellor_out(c, kinds, principal)


@router.post(
    "/counsellors/{counsellor_id}/slots",
    status_code=201,
    response_model=SlotList,
    responses=problems(403, 404, 409, 422),
)
async def publish_slots(
    counsellor_id: str,
    body: SlotsIn,
    session: SessionDep,
    principal: Principal = require_roles("counsellor", "eap_admin"),
) -> SlotList:
    """Publish bookable slots; an overlap with another slot of the counsellor is 409 and stores nothing."""
    rows = await service.add_slots(session=session, counsellor_id=counsellor_id, slots=body.slots, principal=principal)
    return SlotList(items=[slot_out(s) for s in rows])


@router.get("/counsellors/{counsellor_id}/slots", response_model=SlotList, responses=problems(403, 404, 422))
async def counsellor_slots(
    counsellor_id: str,
    session: SessionDep,
    start: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    end: Annotated[AwareDatetime | None, Query(alias="to")] = None,
    principal: Principal = require_roles("counsellor", "eap_admin"),
) -> SlotList:
    """All slots of one counsellor (free, booked, withdrawn) — for the counsellor's own calendar."""
    from sqlalchemy import select

    c = await service.load_counsellor(session=session, counsellor_id=counsellor_id)
    service.ensure_may_manage(principal, c)
    stmt = select(Slot).where(Slot.counsellor_id == c.id)
    if start:
        stmt = stmt.where(Slot.starts_at >= to_utc(start))
    if end:
        stmt = stmt.where(Slot.starts_at < to_utc(end))
    rows = (await session.scalars(stmt.order_by(Slot.starts_at).limit(2000))).all()
    return SlotList(items=[slot_out(s) for s in rows])


@router.put(
    "/counsellors/{counsellor_id}/availability", response_model=AvailabilityOut, responses=problems(403, 404, 422)
)
async def put_availability(
    counsellor_id: str,
    body: AvailabilityIn,
    session: SessionDep,
    principal: Principal = require_roles("counsellor", "eap_admin"),
) -> AvailabilityOut:
    """Replace the weekly working hours and add dated exceptions (closed days or extra hours)."""
    c, weekly, exc = await service.set_availability(
        session=session, counsellor_id=counsellor_id, body=body, principal=principal
    )
    w, e = service.availability_view(weekly, exc)
    return AvailabilityOut(weekly=w, exceptions=e, session_minutes=c.session_minutes, buffer_minutes=c.buffer_minutes)


@router.get("/counsellors/{counsellor_id}/availability", response_model=AvailabilityOut, responses=problems(403, 404))
async def get_availability(
    counsellor_id: str, session: SessionDep, principal: Principal = require_roles("counsellor", "eap_admin")
) -> AvailabilityOut:
    c = await service.load_counsellor(session=session, counsellor_id=counsellor_id)
    service.ensure_may_manage(principal, c)
    _, weekly, exc = await service.get_availability(session=session, counsellor=c)
    w, e = service.availability_view(weekly, exc)
    return AvailabilityOut(weekly=w, exceptions=e, session_minutes=c.session_minutes, buffer_minutes=c.buffer_minutes)


@router.post(
    "/counsellors/{counsellor_id}/slots/materialise",
    status_code=201,
    response_model=MaterialiseOut,
    responses=problems(403, 404, 422),
)
async def materialise(
    counsellor_id: str,
    body: MaterialiseIn,
    session: SessionDep,
    principal: Principal = require_roles("counsellor", "eap_admin"),
) -> MaterialiseOut:
    """Create free slots from the weekly hours and exceptions, session length plus buffer apart."""
    created, skipped = await service.materialise_slots(
        session=session, counsellor_id=counsellor_id, start=body.start, end=body.end, principal=principal
    )
    return MaterialiseOut(created=[slot_out(s) for s in created], skipped=skipped)


@router.delete("/slots/{slot_id}", response_model=SlotOut, responses=problems(403, 404, 409))
async def withdraw_slot(
    slot_id: str, session: SessionDep, principal: Principal = require_roles("counsellor", "eap_admin")
) -> SlotOut:
    """Withdraw a free slot."""
    return slot_out(await service.withdraw_slot(session=session, slot_id=slot_id, principal=principal))


@router.get("/slots", response_model=Page[FreeSlotOut], responses=problems(403, 422))
async def find_free_slots(
    request: Request,
    session: SessionDep,
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
    principal: Principal = require_roles("employee", "eap_admin", "counsellor"),
) -> Page[FreeSlotOut]:
    """Free slots from now plus the minimum notice, soonest first, by kind, counsellor gender, mode, language."""
    try:
        lo, hi = parse_instant(start), parse_instant(end, end=True)
    except ValueError as exc:
        raise RuleViolation(
            f"from/to: {exc}", code="invalid_instant", errors=[{"field": "query.from/to", "message": str(exc)}]
        ) from None
    earliest = clock.now() + timedelta(minutes=request.app.state.settings.min_notice_minutes)
    rows = await service.free_slots(
        session=session,
        kind=kind,
        gender=gender,
        mode=mode,
        language=language,
        start=lo,
        end=hi,
        earliest=earliest,
        limit=limit,
        cursor=cursor,
    )
    kinds = await service.kinds_of(session, list({c.id for _, c in rows}))
    page = page_of(rows, limit, lambda r: [to_utc(r[0].starts_at).isoformat(), r[0].id])
    items = [
        FreeSlotOut(
            **slot_out(s).model_dump(),
            kinds=kinds[c.id],  # type: ignore[arg-type]
            counsellor=CounsellorBrief(
                id=c.id,
                name=c.name,
                gender=c.gender,  # type: ignore[arg-type]
                languages=c.languages,
                location=c.location,
            ),
        )
        for s, c in page.items
    ]
    return Page[FreeSlotOut](items=items, next_cursor=page.next_cursor)
