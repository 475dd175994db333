"""HTTP routes of new-staff care questionnaires."""

from __future__ import annotations

from datetime import date

from carenet_core import clock
from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import NotFound, problems
from fastapi import APIRouter
from sqlalchemy import select

from . import rules, service
from .models import NewStaff
from .schemas import CheckInIn, CheckInOut, DueList, DueOut, NewStaffIn, NewStaffOut, WindowOut

router = APIRouter(prefix="/v1", tags=["new-staff check-ins"])


async def new_staff_out(session: SessionDep, ns: NewStaff) -> NewStaffOut:
    done = await service.answered(session, ns.id)
    return NewStaffOut(
        id=ns.id,
        code_name=ns.code_name,
        hire_date=ns.hire_date,
        windows=[
            WindowOut(questionnaire=w.questionnaire, opens=w.opens, closes=w.closes, answered=w.questionnaire in done)
            for w in rules.due_windows(ns.hire_date)
        ],
    )


@router.post("/new-staff", status_code=201, response_model=NewStaffOut, responses=problems(403, 409, 422))
async def register(
    body: NewStaffIn, session: SessionDep, principal: Principal = require_roles("eap_admin")
) -> NewStaffOut:
    """Register a new staff member from the hire date; the answer shows the two questionnaire windows."""
    return await new_staff_out(session, await service.register(session=session, body=body))


@router.get("/new-staff/due", response_model=DueList, responses=problems(403, 422))
async def due(
    session: SessionDep, on: date | None = None, principal: Principal = require_roles("eap_admin")
) -> DueList:
    """Questionnaires open and unanswered on `on` (default today, Asia/Taipei), by code name."""
    day = on or clock.today()
    rows = await service.due(session=session, on=day)
    return DueList(
        on=day,
        items=[
            DueOut(
                code_name=p.code_name, agency=p.agency, questionnaire=w.questionnaire, opens=w.opens, closes=w.closes
            )
            for p, w in rows
        ],
    )


@router.get("/check-ins/mine", response_model=NewStaffOut, responses=problems(403, 404))
async def mine(session: SessionDep, principal: Principal = require_roles("employee")) -> NewStaffOut:
    """Your questionnaire windows and which you have answered."""
    ns = await session.scalar(select(NewStaff).where(NewStaff.employee_ref == principal.sub))
    if ns is None:
        raise NotFound("you are not registered as new staff", code="not_new_staff")
    return await new_staff_out(session, ns)


@router.post("/check-ins", status_code=201, response_model=CheckInOut, responses=problems(403, 404, 409, 422))
async def submit(body: CheckInIn, session: SessionDep, principal: Principal = require_roles("employee")) -> CheckInOut:
    """Answer a care questionnaire, once, inside its window."""
    c = await service.submit(session=session, principal=principal, body=body)
    return CheckInOut(id=c.id, questionnaire=c.questionnaire, submitted_on=c.submitted_on)  # type: ignore[arg-type]
