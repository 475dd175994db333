"""HTTP of case assignment: reassign (supervisor, county_admin) and the history."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder

from ..cases.access import load_case
from . import service
from .schemas import CaseAssignmentHistory, CaseAssignmentIn, CaseAssignmentOut

router = APIRouter(prefix="/v1/cases/{case_id}", tags=["assignments"])


@router.post(
    "/assignment", status_code=201, response_model=CaseAssignmentOut, responses=problems(400, 403, 404, 409, 422)
)
async def reassign(
    case_id: str,
    body: CaseAssignmentIn,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin")],
):
    """Give the case to another case worker with a `reason`; the history keeps every assignment."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    case = await load_case(session, case_id, principal, write=True, action="assign", for_update=True)
    row = await service.reassign(
        session=session, principal=principal, case=case, assigned_to=body.assigned_to, reason=body.reason
    )
    return await idem.respond(session, 201, jsonable_encoder(service.assignment_out(row)))


@router.get("/assignments", response_model=CaseAssignmentHistory, responses=problems(400, 403, 404))
async def assignments(
    case_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
) -> CaseAssignmentHistory:
    """Who held the case, oldest first (intake, reassignments, transfers)."""
    case = await load_case(session, case_id, principal, resource=f"case/{case_id}/assignments")
    return CaseAssignmentHistory(
        items=[service.assignment_out(a) for a in await service.history(session, case_id=case.id)]
    )
