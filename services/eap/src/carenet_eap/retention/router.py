"""HTTP routes of the retention purge."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import set_etag
from fastapi import APIRouter, Header, Request, Response

from . import service
from .rules import LEGAL_MINIMUM_YEARS
from .schemas import PurgeIn, PurgeList, PurgeOut, RetentionPolicyIn, RetentionPolicyOut, purge_out

router = APIRouter(prefix="/v1", tags=["retention"])
Operator = Annotated[Principal, require_roles("eap_admin", "system")]


@router.post("/retention/purge", status_code=201, response_model=PurgeOut, responses=problems(403, 422))
async def run_purge(request: Request, body: PurgeIn, session: SessionDep, principal: Operator) -> PurgeOut:
    """Destroy counselling records older than the retention period now, leaving a purge record."""
    r = await service.purge_now(
        session=session,
        as_of=body.as_of,
        default_years=request.app.state.settings.retention_years,
        actor=principal.sub,
    )
    return purge_out(r)


@router.get("/retention/purges", response_model=PurgeList, responses=problems(403))
async def list_purges(session: SessionDep, principal: Operator) -> PurgeList:
    """Every purge so far, newest first."""
    return PurgeList(items=[purge_out(r) for r in await service.list_purges(session=session)])


@router.get("/retention/policy", response_model=RetentionPolicyOut, responses=problems(403))
async def get_policy(
    request: Request, response: Response, session: SessionDep, principal: Operator
) -> RetentionPolicyOut:
    """The retention period in force (with an ETag for `PUT` + `If-Match`)."""
    years, version, source = await service.effective_policy(
        session=session, default_years=request.app.state.settings.retention_years
    )
    set_etag(response, version)
    return RetentionPolicyOut(retention_years=years, legal_minimum_years=LEGAL_MINIMUM_YEARS, source=source)


@router.put("/retention/policy", response_model=RetentionPolicyOut, responses=problems(403, 412, 422, 428))
async def put_policy(
    body: RetentionPolicyIn,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("eap_admin")],
    if_match: Annotated[str | None, Header(alias="If-Match", max_length=200)] = None,
) -> RetentionPolicyOut:
    """Set the retention period: raising is allowed, below 10 years is 422 `below_legal_minimum`."""
    years, version, source = await service.set_policy(
        session=session,
        retention_years=body.retention_years,
        if_match=if_match,
        actor=principal.sub,
    )
    set_etag(response, version)
    return RetentionPolicyOut(retention_years=years, legal_minimum_years=LEGAL_MINIMUM_YEARS, source=source)
