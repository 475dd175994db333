"""HTTP of referrals to care resources (轉介)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from ..cases.access import load_case
from . import service
from .schemas import ReferralIn, ReferralList, ReferralOut

router = APIRouter(prefix="/v1/cases/{case_id}/referrals", tags=["referrals"])


@router.post(
    "",
    status_code=201,
    response_model=ReferralOut,
    responses={
        200: {"model": ReferralOut, "description": "the referral id was already stored: the stored referral"},
        **problems(400, 403, 404, 409, 422),
    },
)
async def make_referral(
    case_id: str,
    body: ReferralIn,
    request: Request,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor")],
):
    """Refer the case to a resource of the directory, named by its `resource_id`: 201; the same `id`
    again returns it (200); 422 `unknown_resource` when the directory has no such id; kept with
    `resource_checked: false` when the directory cannot be reached."""
    await idem.replay(session)  # only to refuse a key reused for another request (409)
    case = await load_case(
        session, case_id, principal, write=True, action="refer", resource=f"case/{case_id}/referrals"
    )
    settings = request.app.state.settings
    referral, created = await service.record_referral(
        session=session,
        principal=principal,
        case=case,
        body=body,
        authorization=request.headers.get("authorization", ""),  # the directory sees the caller, not case-mgmt
        resources_url=settings.resources_url,
        wait_seconds=settings.resources_wait_seconds,
    )
    out = jsonable_encoder(service.referral_out(referral))
    if not created:
        return JSONResponse(out, status_code=200)
    return await idem.respond(session, 201, out)


@router.get("", response_model=ReferralList, responses=problems(400, 403, 404))
async def list_referrals(
    case_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
) -> ReferralList:
    """The case's referrals, newest first."""
    case = await load_case(session, case_id, principal, resource=f"case/{case_id}/referrals")
    return ReferralList(items=[service.referral_out(r) for r in await service.list_referrals(session, case=case)])
