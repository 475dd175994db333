"""Satisfaction surveys: once per attended booking, stored so no one can tell whose answer is whose."""

from __future__ import annotations

from carenet_core.auth import Principal
from carenet_core.clock import TAIPEI, to_utc
from carenet_core.errors import Conflict, NotFound, RuleViolation
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..bookings.models import Booking
from ..common import new_id
from .models import SatisfactionResponse, SurveyMarker
from .schemas import SatisfactionIn


async def answer(*, session: AsyncSession, principal: Principal, booking_id: str, body: SatisfactionIn) -> None:
    """Store the answer unlinked (no booking id, no time, random id) and mark the booking as answered."""
    b = await session.get(Booking, booking_id)
    if b is None or b.employee_sub != principal.sub:
        raise NotFound("no such booking", code="booking_not_found")
    if b.status != "attended":
        raise RuleViolation("the survey follows an attended session", code="not_attended")
    session.add(SurveyMarker(booking_id=b.id))
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("this booking's survey was already answered", code="survey_answered") from None
    scores = body.all_scores()
    overall = scores.get("overall") or round(sum(scores.values()) / len(scores))
    session.add(
        SatisfactionResponse(
            id=new_id(),
            year=to_utc(b.starts_at).astimezone(TAIPEI).year,
            kind=b.kind,
            flow=b.flow,
            scores=scores,
            overall=overall,
            comment=body.comment,
        )
    )
