"""Use cases of agency referrals: refer, the employee's consent, and what the agency may learn."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.db import get_or_404
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.trail import record_access
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..bookings.schemas import CrisisOut
from ..bookings.service import crisis_plan
from ..common import Kind, new_code_name, new_id
from .models import Referral, SupervisorFeedback
from .rules import agency_outcome
from .schemas import ConsentIn, ReferralIn, SupervisorFeedbackIn


async def create_referral(
    *, session: AsyncSession, principal: Principal, body: ReferralIn, crisis_contacts: list[dict[str, str]]
) -> tuple[Referral, CrisisOut | None]:
    """A referral waiting for the employee's consent (no booking exists until then), with a crisis plan if urgent."""
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
    plan = await crisis_plan(session=session, kind=r.kind, contacts=crisis_contacts) if r.crisis else None
    return r, plan


async def consented_referral(
    *,
    session: AsyncSession,
    principal: Principal,
    agency: str | None,
    reason: str,
    kind: Kind,
    share_outcome: bool,
    created_by: str,
) -> Referral:
    """A referral the employee (the caller) consented to when creating it — from an accepted care offer."""
    now = clock.now()
    r = Referral(
        id=new_id(),
        code_name=new_code_name("REF"),
        employee_ref=principal.sub,
        agency=agency,
        reason=reason,
        kind=kind,
        crisis=False,
        status="consented",
        share_outcome=share_outcome,
        created_by=created_by,
        created_at=now,
        responded_at=now,
    )
    session.add(r)
    await session.flush()
    await record_access(
        session,
        principal=principal,
        action="create",
        resource=f"referral/{r.id}",
        person_ref=f"employee:{principal.sub}",
    )
    emit(session, "referral.created", {"id": r.id, "code_name": r.code_name, "crisis": False})
    emit(session, "referral.answered", {"id": r.id, "outcome": agency_outcome(r.status, share_outcome=share_outcome)})
    return r


async def list_referrals(*, session: AsyncSession) -> list[Referral]:
    """The newest 500 referrals (what eap_admin may see of them is the shareable outcome)."""
    return list((await session.scalars(select(Referral).order_by(Referral.created_at.desc()).limit(500))).all())


async def read_referral(*, session: AsyncSession, principal: Principal, referral_id: str) -> Referral:
    """The referral for eap_admin or for the referred employee (trailed); 404 for everyone else."""
    if principal.has("eap_admin"):
        return await admin_referral(session=session, referral_id=referral_id)
    if principal.has("employee"):
        return await own_referral(session=session, principal=principal, referral_id=referral_id)
    raise NotFound("no such referral", code="referral_not_found")


async def admin_referral(*, session: AsyncSession, referral_id: str) -> Referral:
    """Any referral (for eap_admin); 404 when unknown."""
    r = await get_or_404(session, Referral, referral_id, detail="no such referral", code="referral_not_found")
    return r


async def own_referral(*, session: AsyncSession, principal: Principal, referral_id: str) -> Referral:
    """The caller's own referral (trailed); 404 for anyone else's."""
    r = await session.get(Referral, referral_id)
    if r is None or r.employee_ref != principal.sub:
        raise NotFound("no such referral", code="referral_not_found")
    await record_access(
        session, principal=principal, action="read", resource=f"referral/{r.id}", person_ref=f"employee:{principal.sub}"
    )
    return r


async def my_referrals(*, session: AsyncSession, principal: Principal) -> list[Referral]:
    """The caller's referrals, newest first."""
    rows = (
        await session.scalars(
            select(Referral)
            .where(Referral.employee_ref == principal.sub)
            .order_by(Referral.created_at.desc())
            .limit(200)
        )
    ).all()
    return list(rows)


async def respond(
    *,
    session: AsyncSession,
    principal: Principal,
    referral_id: str,
    body: ConsentIn,
    crisis_contacts: list[dict[str, str]],
) -> tuple[Referral, CrisisOut | None]:
    """The employee consents or declines, once, and says whether the agency may learn the outcome.

    A consented crisis referral comes back with its crisis plan.
    """
    r = await own_referral(session=session, principal=principal, referral_id=referral_id)
    if r.status != "pending":
        raise Conflict("this referral was already answered", code="referral_answered", referral_status=r.status)
    r.status = "consented" if body.consent else "declined"
    r.share_outcome = body.share_outcome
    r.responded_at = clock.now()
    emit(session, "referral.answered", {"id": r.id, "outcome": agency_outcome(r.status, share_outcome=r.share_outcome)})
    consented_crisis = r.crisis and r.status == "consented"
    plan = await crisis_plan(session=session, kind=r.kind, contacts=crisis_contacts) if consented_crisis else None
    return r, plan


async def supervisor_feedback(
    *, session: AsyncSession, referral_id: str, body: SupervisorFeedbackIn
) -> SupervisorFeedback:
    """The referring supervisor's view of the effect on work, once, after an attendance the employee shared."""
    r = await admin_referral(session=session, referral_id=referral_id)
    if agency_outcome(r.status, share_outcome=r.share_outcome) != "attended":
        raise RuleViolation("feedback follows a session the employee agreed to share", code="outcome_not_shared")
    f = SupervisorFeedback(referral_id=r.id, work_effect=body.work_effect, comment=body.comment, created_at=clock.now())
    session.add(f)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("feedback was already given for this referral", code="feedback_exists") from None
    return f
