"""HTTP routes of new-staff care questionnaires."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter

from . import service
from .schemas import CheckInIn, CheckInOut, DueList, DueOut, NewStaffIn, NewStaffOut, new_staff_out

router = APIRouter(prefix="/v1", tags=["new-staff check-ins"])
Admin = Annotated[Principal, require_roles("eap_admin")]
Employee = Annotated[Principal, require_roles("employee")]


@router.post("/new-staff", status_code=201, response_model=NewStaffOut, responses=problems(403, 409, 422))
async def register(body: NewStaffIn, session: SessionDep, principal: Admin) -> NewStaffOut:
    """Register a new staff member from the hire date; the answer shows the two questionnaire windows."""
    ns, answered = await service.register(session=session, body=body)
    return new_staff_out(ns, answered)


@router.get("/new-staff/due", response_model=DueList, responses=problems(403, 422))
async def due(session: SessionDep, principal: Admin, on: date | None = None) -> DueList:
    """Questionnaires open and unanswered on `on` (default today, Asia/Taipei), by code name."""
    day, rows = await service.due(session=session, on=on)
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
async def mine(session: SessionDep, principal: Employee) -> NewStaffOut:
    """Your questionnaire windows and which you have answered."""
    ns, answered = await service.my_windows(session=session, principal=principal)
    return new_staff_out(ns, answered)


@router.post("/check-ins", status_code=201, response_model=CheckInOut, responses=problems(403, 404, 409, 422))
async def submit(body: CheckInIn, session: SessionDep, principal: Employee) -> CheckInOut:
    """Answer a care questionnaire, once, inside its window."""
    c = await service.submit(session=session, principal=principal, body=body)
    return CheckInOut(id=c.id, questionnaire=c.questionnaire, submitted_on=c.submitted_on)
