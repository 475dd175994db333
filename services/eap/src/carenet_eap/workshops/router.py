"""HTTP routes of workshops and support groups."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Page
from fastapi import APIRouter

from . import service
from .schemas import AttendanceIn, AttendanceOut, EnrolmentList, EnrolmentOut, WorkshopIn, WorkshopOut

router = APIRouter(prefix="/v1", tags=["workshops"])
Admin = Annotated[Principal, require_roles("eap_admin")]
Employee = Annotated[Principal, require_roles("employee")]
Reader = Annotated[Principal, require_roles("employee", "eap_admin")]


@router.post("/workshops", status_code=201, response_model=WorkshopOut, responses=problems(403, 422))
async def create_workshop(body: WorkshopIn, session: SessionDep, principal: Admin) -> WorkshopOut:
    """A workshop or support group for a target group, with a hard capacity."""
    w = await service.create_workshop(session=session, body=body)
    return await service.workshop_view(session=session, workshop=w)


@router.get("/workshops", response_model=Page[WorkshopOut], responses=problems(403))
async def list_workshops(session: SessionDep, principal: Reader, target_group: str | None = None) -> Page[WorkshopOut]:
    """Workshops, newest first, for one target group when given."""
    rows = await service.list_workshops(session=session, target_group=target_group)
    return Page[WorkshopOut](
        items=[await service.workshop_view(session=session, workshop=w) for w in rows], next_cursor=None
    )


@router.get("/workshops/{workshop_id}", response_model=WorkshopOut, responses=problems(403, 404))
async def get_workshop(workshop_id: str, session: SessionDep, principal: Reader) -> WorkshopOut:
    """One workshop with its live counts."""
    w = await service.load_workshop(session=session, workshop_id=workshop_id)
    return await service.workshop_view(session=session, workshop=w)


@router.post(
    "/workshops/{workshop_id}/enrolments",
    status_code=201,
    response_model=EnrolmentOut,
    responses=problems(403, 404, 409),
)
async def enrol(workshop_id: str, session: SessionDep, idem: IdempotencyDep, principal: Employee):
    """Enrol yourself: `enrolled` while seats remain, else `waitlisted` (promoted in order on a cancellation)."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    e = await service.enrol(session=session, principal=principal, workshop_id=workshop_id)
    out = await service.enrolment_view(session=session, enrolment=e)
    return await idem.respond(session, 201, out.model_dump(mode="json"))


@router.get("/workshops/{workshop_id}/enrolments", response_model=EnrolmentList, responses=problems(403, 404))
async def list_enrolments(workshop_id: str, session: SessionDep, principal: Admin) -> EnrolmentList:
    """Enrolments by code name, in arrival order."""
    rows = await service.enrolments_of(session=session, workshop_id=workshop_id)
    return EnrolmentList(items=[await service.enrolment_view(session=session, enrolment=e) for e in rows])


@router.get("/workshop-enrolments/mine", response_model=EnrolmentList, responses=problems(403))
async def my_enrolments(session: SessionDep, principal: Employee) -> EnrolmentList:
    """Your own enrolments, newest first."""
    rows = await service.my_enrolments(session=session, principal=principal)
    return EnrolmentList(items=[await service.enrolment_view(session=session, enrolment=e) for e in rows])


@router.delete(
    "/workshops/{workshop_id}/enrolments/{enrolment_id}", response_model=EnrolmentOut, responses=problems(403, 404, 409)
)
async def cancel_enrolment(
    workshop_id: str, enrolment_id: str, session: SessionDep, principal: Employee
) -> EnrolmentOut:
    """Cancel your enrolment; the first on the waitlist takes the seat."""
    e, _ = await service.cancel_enrolment(
        session=session, principal=principal, workshop_id=workshop_id, enrolment_id=enrolment_id
    )
    return await service.enrolment_view(session=session, enrolment=e)


@router.post("/workshops/{workshop_id}/attendance", response_model=AttendanceOut, responses=problems(403, 404, 422))
async def record_workshop_attendance(
    workshop_id: str, body: AttendanceIn, session: SessionDep, principal: Admin
) -> AttendanceOut:
    """Record one session's attendance by code name."""
    present, absent = await service.record_attendance(
        session=session, workshop_id=workshop_id, session_index=body.session_index, attended=body.attended
    )
    return AttendanceOut(session_index=body.session_index, present=present, absent=absent)
