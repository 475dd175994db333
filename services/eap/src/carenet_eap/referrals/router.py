"""HTTP routes of agency referrals."""

from __future__ import annotations

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.clock import to_utc
from carenet_core.db import SessionDep
from carenet_core.errors import NotFound, problems
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Page
from fastapi import APIRouter, Request

from ..bookings.router import crisis_plan
from . import service
from .models import Referral
from .schemas import (
    ConsentIn,
    ReferralAdminOut,
    ReferralEmployeeOut,
    ReferralIn,
    SupervisorFeedbackIn,
    SupervisorFeedbackOut,
)

router = APIRouter(prefix="/v1", tags=["referrals"])


def admin_out(r: Referral) -> ReferralAdminOut:
    return ReferralAdminOut(
        id=r.id,
        code_name=r.code_name,
        kind=r.kind,
        crisis=r.crisis,  # type: ignore[arg-type]
        outcome=service.agency_outcome(r),
        created_at=to_utc(r.created_at),
    )


def employee_out(r: Referral) -> ReferralEmployeeOut:
    return ReferralEmployeeOut(
        id=r.id,
        kind=r.kind,
        crisis=r.crisis,
        reason=r.reason,  # type: ignore[arg-type]
        status=r.status,
        share_outcome=r.share_outcome,
        booking_id=r.booking_id,
        created_at=to_utc(r.created_at),
    )


@router.post("/referrals", status_code=201, response_model=ReferralAdminOut, responses=problems(403, 409, 422))
async def refer(
    request: Request,
    body: ReferralIn,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Principal = require_roles("eap_admin"),
):
    """Agency referral of an employee showing signs; it waits for the employee's consent (a crisis adds a plan)."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    r = await service.create_referral(session=session, principal=principal, body=body)
    out = admin_out(r)
    if r.crisis:
        out.crisis_plan = await crisis_plan(session, r.kind, request.app.state.settings.crisis_contacts)
    return await idem.respond(session, 201, out.model_dump(mode="json"))


@router.get("/referrals", response_model=Page[ReferralAdminOut], responses=problems(403))
async def list_referrals(
    session: SessionDep, principal: Principal = require_roles("eap_admin")
) -> Page[ReferralAdminOut]:
    """Referrals and the outcome each employee agreed to share."""
    from sqlalchemy import select

    rows = (await session.scalars(select(Referral).order_by(Referral.created_at.desc()).limit(500))).all()
    return Page[ReferralAdminOut](items=[admin_out(r) for r in rows], next_cursor=None)


@router.get("/referrals/mine", response_model=list[ReferralEmployeeOut], responses=problems(403))
async def my_referrals(
    session: SessionDep, principal: Principal = require_roles("employee")
) -> list[ReferralEmployeeOut]:
    """Referrals about you, waiting for (or with) your answer."""
    return [employee_out(r) for r in await service.my_referrals(session=session, principal=principal)]


@router.get("/referrals/{referral_id}", response_model=ReferralAdminOut | ReferralEmployeeOut, responses=problems(404))
async def get_referral(referral_id: str, session: SessionDep, principal: CurrentPrincipal):
    """eap_admin sees the shareable outcome; the referred employee sees their own referral; others 404."""
    if principal.has("eap_admin"):
        return admin_out(await service.admin_referral(session=session, referral_id=referral_id))
    if principal.has("employee"):
        return employee_out(await service.own_referral(session=session, principal=principal, referral_id=referral_id))
    raise NotFound("no such referral", code="referral_not_found")


@router.post("/referrals/{referral_id}/consent", response_model=ReferralEmployeeOut, responses=problems(403, 404, 409))
async def consent(
    request: Request,
    referral_id: str,
    body: ConsentIn,
    session: SessionDep,
    principal: Principal = require_roles("employee"),
) -> ReferralEmployeeOut:
    """Consent to (or decline) the referral; after consent, book with `referral_id`."""
    r = await service.respond(session=session, principal=principal, referral_id=referral_id, body=body)
    out = employee_out(r)
    if r.crisis and r.status == "consented":
        out.crisis_plan = await crisis_plan(session, r.kind, request.app.state.settings.crisis_contacts)
    return out


@router.post(
    "/referrals/{referral_id}/supervisor-feedback",
    status_code=201,
    response_model=SupervisorFeedbackOut,
    responses=problems(403, 404, 409, 422),
)
async def feedback(
    referral_id: str, body: SupervisorFeedbackIn, session: SessionDep, principal: Principal = require_roles("eap_admin")
) -> SupervisorFeedbackOut:
    """The supervisor's view of the effect on work (referrals only, once)."""
    f = await service.supervisor_feedback(session=session, referral_id=referral_id, body=body)
    return SupervisorFeedbackOut(referral_id=f.referral_id, work_effect=f.work_effect, comment=f.comment)
