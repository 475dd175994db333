"""HTTP routes of case conferences (個案研討會): consent first, minutes for the participants alone."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter

from . import service
from .schemas import (
    ConferenceConsentIn,
    ConferenceIn,
    ConferenceOut,
    MinutesIn,
    MinutesList,
    MinutesOut,
    conference_out,
    minutes_out,
)

router = APIRouter(prefix="/v1", tags=["case conferences"])
Employee = Annotated[Principal, require_roles("employee")]


@router.post(
    "/referrals/{referral_id}/case-conferences",
    status_code=201,
    response_model=ConferenceOut,
    responses=problems(403, 404, 422),
)
async def convene(
    referral_id: str,
    body: ConferenceIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("eap_admin")],
) -> ConferenceOut:
    """Convene a case conference about a referred employee; it waits for the employee's consent."""
    c, members = await service.convene(session=session, principal=principal, referral_id=referral_id, body=body)
    return conference_out(c, members)


@router.get("/case-conferences/mine", response_model=list[ConferenceOut], responses=problems(403))
async def my_conferences(session: SessionDep, principal: Employee) -> list[ConferenceOut]:
    """Case conferences about you."""
    return [conference_out(c, m) for c, m in await service.mine(session=session, principal=principal)]


@router.get("/case-conferences/{conference_id}", response_model=ConferenceOut, responses=problems(404))
async def get_conference(conference_id: str, session: SessionDep, principal: CurrentPrincipal) -> ConferenceOut:
    """The conference (eap_admin, its participants, the employee it is about)."""
    c, members = await service.read(session=session, principal=principal, conference_id=conference_id)
    return conference_out(c, members)


@router.post(
    "/case-conferences/{conference_id}/consent", response_model=ConferenceOut, responses=problems(403, 404, 409)
)
async def consent_to_case_conference(
    conference_id: str, body: ConferenceConsentIn, session: SessionDep, principal: Employee
) -> ConferenceOut:
    """Consent to (or decline) the conference about you; without consent it is never held."""
    c, members = await service.answer(session=session, principal=principal, conference_id=conference_id, body=body)
    return conference_out(c, members)


@router.post(
    "/case-conferences/{conference_id}/minutes",
    status_code=201,
    response_model=MinutesOut,
    responses=problems(404, 409, 422),
)
async def write_minutes(
    conference_id: str, body: MinutesIn, session: SessionDep, principal: CurrentPrincipal
) -> MinutesOut:
    """Minutes by a participant, after the employee's consent."""
    m = await service.write_minutes(session=session, principal=principal, conference_id=conference_id, text=body.text)
    return minutes_out(m)


@router.get("/case-conferences/{conference_id}/minutes", response_model=MinutesList, responses=problems(404))
async def read_minutes(conference_id: str, session: SessionDep, principal: CurrentPrincipal) -> MinutesList:
    """The minutes, for the participants alone."""
    rows = await service.read_minutes(session=session, principal=principal, conference_id=conference_id)
    return MinutesList(items=[minutes_out(m) for m in rows])
