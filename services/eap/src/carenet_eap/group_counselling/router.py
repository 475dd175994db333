"""HTTP routes of group counselling after an incident."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Query, Request

from . import service
from .schemas import (
    GroupAttendanceIn,
    GroupSessionIn,
    GroupSessionOut,
    GroupStatsOut,
    GroupSurveyIn,
    ParticipantList,
    ParticipantOut,
    participant_out,
    session_out,
)

router = APIRouter(prefix="/v1", tags=["group counselling"])
Admin = Annotated[Principal, require_roles("eap_admin")]
Runner = Annotated[Principal, require_roles("eap_admin", "counsellor")]
Employee = Annotated[Principal, require_roles("employee")]


@router.post("/group-sessions", status_code=201, response_model=GroupSessionOut, responses=problems(403, 404, 422))
async def create_session(body: GroupSessionIn, session: SessionDep, principal: Admin) -> GroupSessionOut:
    """A group counselling session for an agency after an incident, with a hard capacity."""
    g = await service.create_session(session=session, body=body)
    return session_out(g, 0)


@router.post(
    "/group-sessions/{session_id}/participants",
    status_code=201,
    response_model=ParticipantOut,
    responses=problems(403, 404, 409),
)
async def join(session_id: str, session: SessionDep, principal: Employee) -> ParticipantOut:
    """Join a session held for your agency (your token's `agency`); full is 409."""
    return participant_out(await service.join(session=session, principal=principal, session_id=session_id))


@router.get("/group-sessions/{session_id}/participants", response_model=ParticipantList, responses=problems(403, 404))
async def list_participants(session_id: str, session: SessionDep, principal: Runner) -> ParticipantList:
    """Participants by code name (eap_admin or the session's counsellor)."""
    rows = await service.participants(session=session, principal=principal, session_id=session_id)
    return ParticipantList(items=[participant_out(p) for p in rows])


@router.post(
    "/group-sessions/{session_id}/attendance", response_model=ParticipantList, responses=problems(403, 404, 422)
)
async def record_group_attendance(
    session_id: str, body: GroupAttendanceIn, session: SessionDep, principal: Runner
) -> ParticipantList:
    """Mark participants present or absent by code name."""
    rows = await service.record_attendance(session=session, principal=principal, session_id=session_id, body=body)
    return ParticipantList(items=[participant_out(p) for p in rows])


@router.post("/group-sessions/{session_id}/satisfaction", status_code=201, responses=problems(403, 404, 409, 422))
async def rate_group_session(
    session_id: str, body: GroupSurveyIn, session: SessionDep, principal: Employee
) -> dict[str, bool]:
    """Rate the group session you attended, once; the answer cannot be traced back to you."""
    await service.answer_survey(session=session, principal=principal, session_id=session_id, body=body)
    return {"recorded": True}


@router.get("/stats/group-sessions", response_model=GroupStatsOut, responses=problems(403, 422))
async def group_stats(
    request: Request,
    session: SessionDep,
    principal: Admin,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> GroupStatsOut:
    """Group counselling of the year, counted apart from individual sessions; small counts suppressed."""
    return await service.year_stats(
        session=session, year=year, threshold=request.app.state.settings.suppression_threshold
    )
