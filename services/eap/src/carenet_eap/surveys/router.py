"""HTTP route of the satisfaction survey."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter

from . import service
from .schemas import SatisfactionIn, SatisfactionOut

router = APIRouter(prefix="/v1", tags=["satisfaction"])


@router.post(
    "/bookings/{booking_id}/satisfaction",
    status_code=201,
    response_model=SatisfactionOut,
    responses=problems(403, 404, 409, 422),
)
async def rate_booking(
    booking_id: str,
    body: SatisfactionIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("employee")],
) -> SatisfactionOut:
    """Rate an attended session, once; the answer cannot be traced back to the booking."""
    await service.answer(session=session, principal=principal, booking_id=booking_id, body=body)
    return SatisfactionOut()
