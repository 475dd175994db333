"""HTTP route of the HR and attendance system's hook (role `system`)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Request

from . import service
from .schemas import HrEventAccepted, HrEventIn

router = APIRouter(prefix="/v1", tags=["hr hooks"])


@router.post("/hr-events", status_code=202, response_model=HrEventAccepted, responses=problems(403, 422))
async def hr_event(
    request: Request,
    body: HrEventIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("system")],
) -> HrEventAccepted:
    """A leave or life event from the HR system: 202, whether new or repeated — HR reads nothing back."""
    await service.receive(
        session=session, principal=principal, event=body, booking_link=request.app.state.settings.booking_link
    )
    return HrEventAccepted()
