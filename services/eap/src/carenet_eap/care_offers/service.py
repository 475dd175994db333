"""Use cases of proactive care: raise an offer (once per source id), the employee answers it."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Conflict, NotFound
from carenet_core.trail import record_access
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import new_id
from ..messages.service import deliver
from ..referrals.service import consented_referral
from . import rules
from .models import CareOffer
from .schemas import CareOfferAnswerIn, CareOfferIn


async def raise_offer(*, session: AsyncSession, principal: Principal, body: CareOfferIn) -> bool:
    """Whether the offer was new; a new one sits in the employee's offers and inbox, a repeated id adds nothing."""
    if await session.scalar(select(CareOffer.id).where(CareOffer.source_id == body.id)) is not None:
        return False
    offer = CareOffer(
        id=new_id(),
        source_id=body.id,
        employee_sub=body.employee_sub,
        agency=body.agency,
        trigger=body.trigger,
        kind=body.kind,
        status="offered",
        created_by=principal.sub,
        created_at=clock.now(),
    )
    try:
        async with session.begin_nested():
            session.add(offer)
            await session.flush()
    except IntegrityError:
        return False
    await deliver(
        session=session,
        employee_sub=body.employee_sub,
        kind="care_offer",
        title=rules.OFFER_TITLE,
        body=rules.OFFER_BODY,
        bsrs5_invite=True,
    )
    await record_access(
        session,
        principal=principal,
        action="create",
        resource=f"care_offer/{offer.id}",
        person_ref=f"employee:{body.employee_sub}",
    )
    return True


async def my_offers(*, session: AsyncSession, principal: Principal) -> list[CareOffer]:
    """The caller's own offers, newest first."""
    stmt = select(CareOffer).where(CareOffer.employee_sub == principal.sub).order_by(CareOffer.created_at.desc())
    return list((await session.scalars(stmt.limit(200))).all())


async def answer_offer(
    *, session: AsyncSession, principal: Principal, offer_id: str, body: CareOfferAnswerIn
) -> CareOffer:
    """The answered offer; accepted, it carries the consented referral it became. Once only (409); 404 if not yours."""
    offer = await session.get(CareOffer, offer_id, with_for_update=True)
    if offer is None or offer.employee_sub != principal.sub:
        raise NotFound("no such care offer", code="care_offer_not_found")
    if offer.status != "offered":
        raise Conflict("this offer was already answered", code="care_offer_answered", offer_status=offer.status)
    offer.status = rules.answer_status(body.accept)
    offer.answered_at = clock.now()
    if rules.becomes_referral(offer.status):
        referral = await consented_referral(
            session=session,
            principal=principal,
            agency=offer.agency,
            reason=rules.TRIGGER_REASON[offer.trigger],
            kind=offer.kind,
            share_outcome=body.share_outcome,
            created_by=offer.created_by,
        )
        offer.referral_id = referral.id
    return offer
