"""HTTP of conferences."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder

from . import service
from .schemas import Agenda, ConferenceIn, ConferenceOut, ConferencePage, DecisionDoneIn, DecisionOut

router = APIRouter(prefix="/v1/conferences", tags=["conferences"])
Chair = Annotated[Principal, require_roles("supervisor", "county_admin")]


@router.get("/agenda", response_model=Agenda, responses=problems(400, 403, 404, 422))
async def agenda(
    session: SessionDep,
    principal: Chair,
    county: Annotated[str, Query(min_length=2, max_length=10, examples=["TW-MIA"])],
    month: Annotated[str, Query(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", examples=["2026-11"])],
) -> Agenda:
    """The five mandated sections: `not_met_3_plus`, `high_risk_household`, `due_and_overdue`, `combined_issues`,
    `refusing_tier_1_2`, each a list of case summaries with the facts that put them there; for suicide-attempt
    cases `re_reported` and `multiple_problems`; open `incidents`; undone decisions of earlier conferences."""
    return await service.agenda(session=session, principal=principal, county=county, month=month)


@router.post("", status_code=201, response_model=ConferenceOut, responses=problems(400, 403, 409, 422))
async def record_conference(body: ConferenceIn, session: SessionDep, principal: Chair, idem: IdempotencyDep):
    """Record a conference held with its external expert (required), attendees, decisions and incidents discussed;
    emits `conference.held` (and `incident.conference_held` per incident whose deadline it closes)."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    conf = await service.record_conference(session=session, principal=principal, body=body)
    return await idem.respond(session, 201, jsonable_encoder(await service.conference_out(session, conf)))


@router.get("", response_model=ConferencePage, responses=problems(400, 403))
async def list_conferences(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin", "ministry")],
    county: str | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> ConferencePage:
    """Conferences held, oldest first (a county admin sees their county)."""
    rows = await service.list_conferences(session=session, principal=principal, county=county, year=year)
    return ConferencePage(items=[await service.conference_out(session, c) for c in rows])


@router.get("/{conference_id}", response_model=ConferenceOut, responses=problems(400, 403, 404))
async def read_conference(
    conference_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin", "ministry")],
) -> ConferenceOut:
    """One conference."""
    conf = await service.get_conference(session=session, principal=principal, conference_id=conference_id)
    return await service.conference_out(session, conf)


@router.post(
    "/{conference_id}/decisions/{decision_id}/done",
    response_model=DecisionOut,
    responses=problems(400, 403, 404, 409, 422),
)
async def mark_decision_done(
    conference_id: str, decision_id: str, body: DecisionDoneIn, session: SessionDep, principal: Chair
) -> DecisionOut:
    """Mark a decision done; an undone decision returns on the next month's agenda (`open_decisions`)."""
    decision = await service.mark_decision_done(
        session=session, principal=principal, conference_id=conference_id, decision_id=decision_id, body=body
    )
    return service.decision_out(decision)
