"""HTTP routes of the retention purge."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Request

from . import service
from .schemas import PurgeIn, PurgeList, PurgeOut, purge_out

router = APIRouter(prefix="/v1", tags=["retention"])
Operator = Annotated[Principal, require_roles("eap_admin", "system")]


@router.post("/retention/purge", status_code=201, response_model=PurgeOut, responses=problems(403, 422))
async def run_purge(request: Request, body: PurgeIn, session: SessionDep, principal: Operator) -> PurgeOut:
    """Destroy counselling records older than the retention period now, leaving a purge record."""
    r = await service.purge_now(
        session=session,
        as_of=body.as_of,
        retention_years=request.app.state.settings.retention_years,
        actor=principal.sub,
    )
    return purge_out(r)


@router.get("/retention/purges", response_model=PurgeList, responses=problems(403))
async def list_purges(session: SessionDep, principal: Operator) -> PurgeList:
    """Every purge so far, newest first."""
    return PurgeList(items=[purge_out(r) for r in await service.list_purges(session=session)])
