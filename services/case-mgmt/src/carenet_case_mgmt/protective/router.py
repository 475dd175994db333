"""HTTP of protective-issue assignments."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter

from ..cases.access import load_case
from . import service
from .schemas import AssignIn, AssignmentOut, CloseAssignmentIn

router = APIRouter(prefix="/v1/cases/{case_id}/protective-assignment", tags=["protective issues"])


@router.post("", status_code=201, response_model=AssignmentOut, responses=problems(400, 403, 404, 409, 422))
async def assign(
    case_id: str,
    body: AssignIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin")],
) -> AssignmentOut:
    """Assign a protective-issue case (child protection, domestic violence, sexual assault) to a social worker."""
    case = await load_case(session, case_id, principal, write=True, action="protective_assign", for_update=True)
    a = await service.assign(session=session, principal=principal, case=case, body=body)
    return service.assignment_out(a, case)


@router.post("/close", response_model=AssignmentOut, responses=problems(400, 403, 404, 409, 422))
async def close(
    case_id: str,
    body: CloseAssignmentIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
) -> AssignmentOut:
    """The social worker closes; the case returns to the community visiting team (it is not closed)."""
    case = await load_case(session, case_id, principal, write=True, action="protective_close", for_update=True)
    a = await service.close_assignment(session=session, principal=principal, case=case, reason=body.reason)
    return service.assignment_out(a, case)
