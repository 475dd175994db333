"""HTTP routes of agency referrals."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Page
from fastapi import APIRouter, Request

from . import service
from .schemas import (
    ConsentIn,
    ReferralAdminOut,
    ReferralEmployeeOut,
    ReferralIn,
    SupervisorFeedbackIn,
    SupervisorFeedbackOut,
    admin_out,
    employee_out,
)

router = APIRouter(prefix="/v1", tags=["referrals"])
Admin = Annotated[Principal, require_roles("eap_admin")]
Employee = Annotated[Principal, require_roles("employee")]


@router.post("/referrals", status_code=201, response_model=ReferralAdminOut, responses=problems(403, 409, 422))
async def refer(request: Request, body: ReferralIn, session: SessionDep, idem: IdempotencyDep, principal: Admin):
    """Agency referral of an employee showing signs; it waits for the employee's consent (a crisis adds a plan)."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    r, plan = await service.create_referral(
        session=session, principal=principal, body=body, crisis_contacts=request.app.state.settings.crisis_contacts
    )
    return await idem.respond(session, 201, admin_out(r, plan).model_dump(mode="json"))


@router.get("/referrals", response_model=Page[ReferralAdminOut], responses=problems(403))
async def list_referrals(session: SessionDep, principal: Admin) -> Page[ReferralAdminOut]:
    """Referrals and the outcome each employee agreed to share."""
    rows = await service.list_referrals(session=session)
    return Page[ReferralAdminOut](items=[admin_out(r) for r in rows], next_cursor=None)


@router.get("/referrals/mine", response_model=list[ReferralEmployeeOut], responses=problems(403))
async def my_referrals(session: SessionDep, principal: Employee) -> list[ReferralEmployeeOut]:
    """Referrals about you, waiting for (or with) your answer."""
    return [employee_out(r) for r in await service.my_referrals(session=session, principal=principal)]


@router.get("/referrals/{referral_id}", response_model=ReferralAdminOut | ReferralEmployeeOut, responses=problems(404))
async def get_referral(referral_id: str, session: SessionDep, principal: CurrentPrincipal):
    """eap_admin sees the shareable outcome; the referred employee sees their own referral; others 404."""
    r = await service.read_referral(session=session, principal=principal, referral_id=referral_id)
    return admin_out(r) if principal.has("eap_admin") else employee_out(r)


@router.post("/referrals/{referral_id}/consent", response_model=ReferralEmployeeOut, responses=problems(403, 404, 409))
async def consent_to_referral(
    request: Request, referral_id: str, body: ConsentIn, session: SessionDep, principal: Employee
) -> ReferralEmployeeOut:
    """Consent to (or decline) the referral; after consent, book with `referral_id`."""
    r, plan = await service.respond(
        session=session,
        principal=principal,
        referral_id=referral_id,
        body=body,
        crisis_contacts=request.app.state.settings.crisis_contacts,
    )
    return employee_out(r, plan)


@router.post(
    "/referrals/{referral_id}/supervisor-feedback",
    status_code=201,
    response_model=SupervisorFeedbackOut,
    responses=problems(403, 404, 409, 422),
)
async def feedback(
    referral_id: str, body: SupervisorFeedbackIn, session: SessionDep, principal: Admin
) -> SupervisorFeedbackOut:
    """The supervisor's view of the effect on work (referrals only, once)."""
    f = await service.supervisor_feedback(session=session, referral_id=referral_id, body=body)
    return SupervisorFeedbackOut(referral_id=f.referral_id, work_effect=f.work_effect, comment=f.comment)
