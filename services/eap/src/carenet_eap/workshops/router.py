"""HTTP routes of workshops and support groups."""

from __future__ import annotations

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Page
from fastapi import APIRouter
from sqlalchemy import select

from . import service
from .models import Enrolment, Workshop
from .schemas import AttendanceIn, AttendanceOut, EnrolmentList, EnrolmentOut, SessionIn, WorkshopIn, WorkshopOut

router = APIRouter(prefix="/v1", tags=["workshops"])


async def workshop_out(session: SessionDep, w: Workshop) -> WorkshopOut:
    enrolled, waitlisted = await service.counts(session, w.id)
    return WorkshopOut(
        id=w.id,
        title=w.title,
        target_group=w.target_group,
        capacity=w.capacity,  # type: ignore[arg-type]
        location=w.location,
        sessions=[SessionIn(**s) for s in w.sessions],
        enrolled=enrolled,
        waitlisted=waitlisted,
    )


async def enrolment_out(session: SessionDep, e: Enrolment) -> EnrolmentOut:
    return EnrolmentOut(
        id=e.id,
        workshop_id=e.workshop_id,
        code_name=e.code_name,
        status=e.status,  # type: ignore[arg-type]
        position=await service.waitlist_position(session, e),
    )


@router.post("/workshops", status_code=201, response_model=WorkshopOut, responses=problems(403, 422))
async def create_workshop(
    body: WorkshopIn, session: SessionDep, principal: Principal = require_roles("eap_admin")
) -> WorkshopOut:
    """A workshop or support group for a target group, with a hard capacity."""
    return await workshop_out(session, await service.create_workshop(session=session, body=body))


@router.get("/workshops", response_model=Page[WorkshopOut], responses=problems(403))
async def list_workshops(
    session: SessionDep, target_group: str | None = None, principal: Principal = require_roles("employee", "eap_admin")
) -> Page[WorkshopOut]:
    stmt = select(Workshop)
    if target_group:
        stmt = stmt.where(Workshop.target_group == target_group)
    rows = (await session.scalars(stmt.order_by(Workshop.created_at.desc()).limit(500))).all()
    return Page[WorkshopOut](items=[await workshop_out(session, w) for w in rows], next_cursor=None)


@router.get("/workshops/{workshop_id}", response_model=WorkshopOut, responses=problems(403, 404))
async def get_workshop(
    workshop_id: str, session: SessionDep, principal: Principal = require_roles("employee", "eap_admin")
) -> WorkshopOut:
    return await workshop_out(session, await service.load_workshop(session=session, workshop_id=workshop_id))


@router.post(
    "/workshops/{workshop_id}/enrolments",
    status_code=201,
    response_model=EnrolmentOut,
    responses=problems(403, 404, 409),
)
async def enrol(
    workshop_id: str, session: SessionDep, idem: IdempotencyDep, principal: Principal = require_roles("employee")
):
    """Enrol yourself: `enrolled` while seats remain, else `waitlisted` (promoted in order on a cancellation)."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    e = await service.enrol(session=session, principal=principal, workshop_id=workshop_id)
    out = await enrolment_out(session, e)
    return await idem.respond(session, 201, out.model_dump(mode="json"))


@router.get("/workshops/{workshop_id}/enrolments", response_model=EnrolmentList, responses=problems(403, 404))
async def list_enrolments(
    workshop_id: str, session: SessionDep, principal: Principal = require_roles("eap_admin")
) -> EnrolmentList:
    """Enrolments by code name, in arrival order."""
    rows = await service.enrolments_of(session=session, workshop_id=workshop_id)
    return EnrolmentList(items=[await enrolment_out(session, e) for e in rows])


@router.get("/workshop-enrolments/mine", response_model=EnrolmentList, responses=problems(403))
async def my_enrolments(session: SessionDep, principal: Principal = require_roles("employee")) -> EnrolmentList:
    rows = (
        await session.scalars(
            select(Enrolment)
            .where(Enrolment.employee_sub == principal.sub)
            .order_by(Enrolment.created_at.desc())
            .limit(500)
        )
    ).all()
    return EnrolmentList(items=[await enrolment_out(session, e) for e in rows])


@router.delete(
    "/workshops/{workshop_id}/enrolments/{enrolment_id}", response_model=EnrolmentOut, responses=problems(403, 404, 409)
)
async def cancel_enrolment(
    workshop_id: str, enrolment_id: str, session: SessionDep, principal: Principal = require_roles("employee")
) -> EnrolmentOut:
    """Cancel your enrolment; the first on the waitlist takes the seat."""
    e, _ = await service.cancel_enrolment(
        session=session, principal=principal, workshop_id=workshop_id, enrolment_id=enrolment_id
    )
    return await enrolment_out(session, e)


@router.post("/workshops/{workshop_id}/attendance", response_model=AttendanceOut, responses=problems(403, 404, 422))
async def attendance(
    workshop_id: str, body: AttendanceIn, session: SessionDep, principal: Principal = require_roles("eap_admin")
) -> AttendanceOut:
    """Record one session's attendance by code name."""
    present, absent = await service.record_attendance(
        session=session, workshop_id=workshop_id, session_index=body.session_index, attended=body.attended
    )
    return AttendanceOut(session_index=body.session_index, present=present, absent=absent)
