"""HTTP: the 22 counties (縣市)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import set_etag
from fastapi import APIRouter, Header, Response

from . import service
from .schemas import CountyList, CountyOut, CountyPatch

router = APIRouter(prefix="/v1/counties", tags=["counties"])


@router.get("", response_model=CountyList, responses=problems())
async def list_counties(session: SessionDep, principal: CurrentPrincipal) -> CountyList:
    """The 22 counties and cities with class, subsidy rate, districts and staffing (seed 001)."""
    rows = await service.list_counties(session=session)
    return CountyList(items=[CountyOut.model_validate(r) for r in rows])


@router.get("/{code}", response_model=CountyOut, responses=problems(404))
async def get_county(code: str, session: SessionDep, principal: CurrentPrincipal, response: Response) -> CountyOut:
    """One county, with its ETag."""
    county = await service.get_county(session=session, code=code)
    set_etag(response, county.version)
    return CountyOut.model_validate(county)


@router.patch("/{code}", response_model=CountyOut, responses=problems(403, 404, 412, 422))
async def edit_county(
    code: str,
    patch: CountyPatch,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("ministry")],
    response: Response,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> CountyOut:
    """The ministry corrects a county's reference figures (new class, subsidy rate, staffing …)."""
    county = await service.edit_county(session=session, code=code, patch=patch, principal=principal, if_match=if_match)
    set_etag(response, county.version)
    return CountyOut.model_validate(county)
