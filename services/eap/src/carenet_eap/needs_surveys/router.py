"""HTTP routes of needs surveys (需求調查問卷)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Request

from . import service
from .rules import AREAS, ByDimension
from .schemas import NeedsResponseIn, NeedsResults, NeedsSurveyIn, NeedsSurveyOut

router = APIRouter(prefix="/v1", tags=["needs surveys"])
Admin = Annotated[Principal, require_roles("eap_admin")]


@router.post("/needs-surveys", status_code=201, response_model=NeedsSurveyOut, responses=problems(403, 422))
async def open_survey(body: NeedsSurveyIn, session: SessionDep, principal: Admin) -> NeedsSurveyOut:
    """Open the year's needs survey (areas: work, life, health, organisation)."""
    s = await service.open_survey(session=session, body=body)
    return NeedsSurveyOut(id=s.id, year=s.year, title=s.title, areas=list(AREAS))


@router.post("/needs-surveys/{survey_id}/responses", status_code=201, responses=problems(403, 404, 409, 422))
async def respond(
    survey_id: str,
    body: NeedsResponseIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("employee")],
) -> dict[str, bool]:
    """Answer once; the answer carries no login and cannot be traced back to you."""
    await service.answer(session=session, principal=principal, survey_id=survey_id, body=body)
    return {"recorded": True}


@router.get("/needs-surveys/{survey_id}/results", response_model=NeedsResults, responses=problems(403, 404, 422))
async def results(
    request: Request, survey_id: str, session: SessionDep, principal: Admin, by: ByDimension = "gender"
) -> NeedsResults:
    """Average needs by gender or disability; groups under the threshold (or revealing one) suppressed."""
    return await service.results(
        session=session, survey_id=survey_id, by=by, threshold=request.app.state.settings.suppression_threshold
    )
