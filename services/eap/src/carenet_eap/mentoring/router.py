"""HTTP routes of new-staff mentoring (師徒制)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Query

from . import service
from .schemas import DueMentoringList, MentorshipIn, MentorshipOut, TalkIn

router = APIRouter(prefix="/v1", tags=["new-staff mentoring"])
Admin = Annotated[Principal, require_roles("eap_admin")]
Mentor = Annotated[Principal, require_roles("employee")]


@router.post("/mentorships", status_code=201, response_model=MentorshipOut, responses=problems(403, 404, 409, 422))
async def pair(body: MentorshipIn, session: SessionDep, principal: Admin) -> MentorshipOut:
    """Pair a registered new staff member with a senior mentor for monthly one-to-one talks."""
    m = await service.pair(session=session, body=body)
    return await service.view(session=session, mentorship=m)


@router.get("/mentorships/mine", response_model=list[MentorshipOut], responses=problems(403))
async def my_mentorships(session: SessionDep, principal: Mentor) -> list[MentorshipOut]:
    """The new colleagues you mentor, by code name, with the months talked."""
    return [
        await service.view(session=session, mentorship=m)
        for m in await service.mine(session=session, principal=principal)
    ]


@router.post(
    "/mentorships/{mentorship_id}/talks",
    status_code=201,
    response_model=MentorshipOut,
    responses=problems(403, 404, 409, 422),
)
async def log_talk(mentorship_id: str, body: TalkIn, session: SessionDep, principal: Mentor) -> MentorshipOut:
    """Log this month's talk (only that it was held, never what was said)."""
    m = await service.log_talk(session=session, principal=principal, mentorship_id=mentorship_id, body=body)
    return await service.view(session=session, mentorship=m)


@router.get("/mentorships/missing", response_model=DueMentoringList, responses=problems(403, 422))
async def missing(
    session: SessionDep,
    principal: Admin,
    month: Annotated[str, Query(pattern=r"^20\d\d-(0[1-9]|1[0-2])$", description="YYYY-MM")],
) -> DueMentoringList:
    """Mentorships without a talk in the month yet."""
    return DueMentoringList(month=month, items=await service.missing(session=session, month=month))
