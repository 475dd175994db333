"""HTTP of escorts to hospital (護送就醫)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from ..cases.access import load_case
from . import service
from .schemas import EscortIn, EscortList, EscortOut

router = APIRouter(prefix="/v1/cases/{case_id}/escorts", tags=["escorts"])


@router.post(
    "",
    status_code=201,
    response_model=EscortOut,
    responses={
        200: {"model": EscortOut, "description": "the escort id was already stored: the stored escort"},
        **problems(400, 403, 404, 409, 422),
    },
)
async def record_escort(
    case_id: str,
    body: EscortIn,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor")],
):
    """Record an escort to hospital under the client's own `id`: 201; the same `id` again returns it (200)."""
    await idem.replay(session)  # only to refuse a key reused for another request (409)
    case = await load_case(session, case_id, principal, write=True, action="escort", resource=f"case/{case_id}/escorts")
    escort, created = await service.record_escort(session=session, principal=principal, case=case, body=body)
    out = jsonable_encoder(service.escort_out(escort))
    if not created:
        return JSONResponse(out, status_code=200)
    return await idem.respond(session, 201, out)


@router.get("", response_model=EscortList, responses=problems(400, 403, 404))
async def list_escorts(
    case_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
) -> EscortList:
    """The case's escorts to hospital, newest first."""
    case = await load_case(session, case_id, principal, resource=f"case/{case_id}/escorts")
    return EscortList(items=[service.escort_out(e) for e in await service.list_escorts(session, case=case)])
