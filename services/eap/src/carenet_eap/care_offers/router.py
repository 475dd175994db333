"""HTTP routes of proactive care offers: raised by eap_admin or the HR system, answered by the employee."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter

from . import service
from .schemas import CareOfferAccepted, CareOfferAnswerIn, CareOfferIn, CareOfferOut, offer_out

router = APIRouter(prefix="/v1", tags=["proactive care"])
Employee = Annotated[Principal, require_roles("employee")]


@router.post("/care-offers", status_code=202, response_model=CareOfferAccepted, responses=problems(403, 422))
async def raise_offer(
    body: CareOfferIn, session: SessionDep, principal: Annotated[Principal, require_roles("eap_admin", "system")]
) -> CareOfferAccepted:
    """主動關懷: offer care to an employee showing a sign; 202 whether new or repeated, and nothing is read back."""
    await service.raise_offer(session=session, principal=principal, body=body)
    return CareOfferAccepted()


@router.get("/care-offers/mine", response_model=list[CareOfferOut], responses=problems(403))
async def my_offers(session: SessionDep, principal: Employee) -> list[CareOfferOut]:
    """Care offers made to you."""
    return [offer_out(o) for o in await service.my_offers(session=session, principal=principal)]


@router.post("/care-offers/{offer_id}/answer", response_model=CareOfferOut, responses=problems(403, 404, 409, 422))
async def answer_offer(
    offer_id: str, body: CareOfferAnswerIn, session: SessionDep, principal: Employee
) -> CareOfferOut:
    """Accept (a consented referral is made: book with its id) or decline (nothing follows, nobody is told)."""
    return offer_out(await service.answer_offer(session=session, principal=principal, offer_id=offer_id, body=body))
