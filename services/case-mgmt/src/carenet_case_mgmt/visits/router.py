"""HTTP of visits: record (idempotent), list newest first, read with ETag, edit with If-Match."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import check_if_match, etag
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit
from fastapi import APIRouter, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from ..cases.access import load_case
from ..common.deps import IfMatch
from . import service
from .schemas import VisitIn, VisitOut, VisitPage, VisitPatch

router = APIRouter(prefix="/v1/cases/{case_id}/visits", tags=["visits"])


@router.post(
    "",
    status_code=201,
    response_model=VisitOut,
    responses={
        200: {"model": VisitOut, "description": "the visit id was already stored: the stored visit"},
        **problems(400, 403, 404, 409, 422),
    },
)
async def record_visit(
    case_id: str,
    body: VisitIn,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor")],
    idem: IdempotencyDep,
):
    """Record a visit under the phone's own `id`: 201; the same `id` again returns the stored visit (200), nothing new.

    Send an `Idempotency-Key` too; the same key with a different body is 409.
    """
    await idem.replay(session)  # only to refuse a key reused for another request (409)
    skew = request.app.state.settings.visit_clock_skew_minutes
    visit, created, case = await service.record_visit(
        session=session, principal=principal, case_id=case_id, body=body, skew_minutes=skew
    )
    out = jsonable_encoder(service.visit_out(visit, await service.case_after(session, case)))
    headers = {"ETag": etag(visit.version), "Location": f"/v1/cases/{case.id}/visits/{visit.id}"}
    if not created:
        return JSONResponse(out, status_code=200, headers=headers)
    return await idem.respond(session, 201, out, headers=headers)


@router.get("", response_model=VisitPage, responses=problems(400, 403, 404))
async def list_visits(
    case_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> VisitPage:
    """The case's visits, newest first (by when they happened, not when they arrived)."""
    case = await load_case(session, case_id, principal, resource=f"case/{case_id}/visits")
    return await service.list_visits(session=session, case=case, limit=limit, cursor=cursor)


@router.get("/{visit_id}", response_model=VisitOut, responses=problems(400, 403, 404))
async def read_visit(
    case_id: str,
    visit_id: str,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
) -> VisitOut:
    """One visit, with its `ETag` for a later edit."""
    case = await load_case(session, case_id, principal, resource=f"case/{case_id}/visits/{visit_id}")
    visit = await service.get_visit(session, case=case, visit_id=visit_id)
    response.headers["ETag"] = etag(visit.version)
    return service.visit_out(visit)


@router.patch("/{visit_id}", response_model=VisitOut, responses=problems(400, 403, 404, 409, 412, 422, 428))
async def edit_visit(
    case_id: str,
    visit_id: str,
    body: VisitPatch,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor")],
    if_match: IfMatch = None,
) -> VisitOut:
    """Edit a visit: `If-Match` must carry the current ETag — a stale one gets 412, never a silent overwrite."""
    case = await load_case(
        session,
        case_id,
        principal,
        write=True,
        action="visit_edit",
        resource=f"case/{case_id}/visits/{visit_id}",
        for_update=True,  # the case's standing facts are rewritten from its visits
    )
    visit = await service.get_visit(session, case=case, visit_id=visit_id, for_update=True)
    check_if_match(if_match, visit.version)
    skew = request.app.state.settings.visit_clock_skew_minutes
    await service.edit_visit(
        session=session, principal=principal, case=case, visit=visit, patch=body, skew_minutes=skew
    )
    response.headers["ETag"] = etag(visit.version)
    return service.visit_out(visit, await service.case_after(session, case))
