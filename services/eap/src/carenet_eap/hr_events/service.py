"""Use case of the HR hook: an HR event becomes one information message in the employee's inbox, once."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.trail import record_access
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..messages.service import deliver
from .models import HrEvent
from .rules import outreach_for
from .schemas import HrEventIn


async def receive(*, session: AsyncSession, principal: Principal, event: HrEventIn, booking_link: str) -> bool:
    """Whether the event was new; a new one leaves exactly one inbox message, a repeated id nothing at all."""
    if await session.get(HrEvent, event.id) is not None:
        return False
    # Added inside the savepoint: begin_nested() flushes pending rows first, outside its protection.
    try:  # two deliveries of one id racing: the primary key lets one through
        async with session.begin_nested():
            session.add(
                HrEvent(
                    source_id=event.id,
                    kind=event.kind,
                    agency=event.agency,
                    occurred_on=event.occurred_on,
                    received_at=clock.now(),
                )
            )
            await session.flush()
    except IntegrityError:
        return False
    outreach = outreach_for(event.kind, booking_link=booking_link)
    m = await deliver(
        session=session,
        employee_sub=event.employee_sub,
        kind="eap_info",
        title=outreach.title,
        body=outreach.body,
        bsrs5_invite=outreach.bsrs5_invite,
    )
    await record_access(
        session,
        principal=principal,
        action="create",
        resource=f"message/{m.id}",
        person_ref=f"employee:{event.employee_sub}",
    )
    return True
