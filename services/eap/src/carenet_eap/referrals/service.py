"""Use cases of agency referrals: refer, the employee's consent, and what the agency may learn."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.trail import record_access
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import new_code_name, new_id
from .models import Referral, SupervisorFeedback
from .schemas import ConsentIn, ReferralIn, SupervisorFeedbackIn


def agency_outcome(r: Referral) -> str:
    """The referring agency learns consented / declined / attended only when the employee agreed."""
    if r.status == "pending":
        return "awaiting_consent"
    if not r.share_outcome:
        return "undisclosed"
    return r.status


async def create_referral(*, session: AsyncSession, principal: Principal, body: ReferralIn) -> Referral:
    """A referral waiting for the employee's consent; no booking exists until then."""
    r = Referral(
        id=new_id(),
        code_name=new_code_name("REF"),
        employee_ref=body.employee_ref,
        agency=body.agency or principal.agency,
        reason=body.reason,
        kind=body.kind,
        crisis=body.crisis,
        status="pending",
        share_outcome=False,
        created_by=principal.sub,
        created_at=clock.now(),
    )
    session.add(r)
    await record_access(
        session,
        principal=principal,
        action="create",
        resource=f"referral/{r.id}",
        person_ref=f"employee:{body.employee_ref}",
    )
    emit(session, "referral.created", {"id": r.id, "code_name": r.code_name, "crisis": r.crisis})
    return r


async def admin_referral(*, session: AsyncSession, referral_id: str) -> Referral:
    r = await session.get(Referral, referral_id)
    if r is None:
        raise NotFound("no such referral", code="referral_not_found")
    return r


async def own_referral(*, session: AsyncSession, principal: Principal, referral_id: str) -> Referral:
    r = await session.get(Referral, referral_id)
    if r is None or r.employee_ref != principal.sub:
        raise NotFound("no such referral", code="referral_not_found")
    await record_access(
        session, principal=principal, action="read", resource=f"referral/{r.id}", person_ref=f"employee:{principal.sub}"
    )
    return r


async def my_referrals(*, session: AsyncSession, principal: Principal) -> list[Referral]:
    rows = (
        await session.scalars(
            select(Referral)
            .where(Referral.employee_ref == principal.sub)
            .order_by(Referral.created_at.desc())
            .limit(200)
        )
    ).all()
    return list(rows)


async def respond(*, session: AsyncSession, principal: Principal, referral_id: str, body: ConsentIn) -> Referral:
    """The employee consents or declines, once, and says whether the agency may learn the outcome."""
    r = await own_referral(session=session, principal=principal, referral_id=referral_id)
    if r.status != "pending":
        raise Conflict("this referral was already answered", code="referral_answered", referral_status=r.status)
    r.status = "consented" if body.consent else "declined"
    r.share_outcome = body.share_outcome
    r.responded_at = clock.now()
    emit(session, "referral.answered", {"id": r.id, "outcome": agency_outcome(r)})
    return r


async def supervisor_feedback(
    *, session: AsyncSession, referral_id: str, body: SupervisorFeedbackIn
) -> SupervisorFeedback:
    """The referring supervisor's view of the effect on work, once, after an attendance the employee shared."""
    r = await admin_referral(session=session, referral_id=referral_id)
    if agency_outcome(r) != "attended":
        raise RuleViolation("feedback follows a session the employee agreed to share", code="outcome_not_shared")
    f = SupervisorFeedback(referral_id=r.id, work_effect=body.work_effect, comment=body.comment, created_at=clock.now())
    session.add(f)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("feedback was already given for this referral", code="feedback_exists") from None
    return f
