"""HTTP of county settings: the caseload limit and extended care periods."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import NotFound, problems
from fastapi import APIRouter

from . import service
from .schemas import CountySettingsIn, CountySettingsOut

router = APIRouter(prefix="/v1/county-settings", tags=["county settings"])


@router.get("/{county}", response_model=CountySettingsOut, responses=problems(400, 403, 404))
async def read_settings(
    county: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin", "ministry")],
) -> CountySettingsOut:
    """The county's caseload limit and extended care periods (`source`: `default` or `county`)."""
    if not principal.reaches_county(county):  # a county-wide setting: a district's case worker reads it too
        raise NotFound("no such county in your jurisdiction", code="county_not_found")
    return await service.read(session=session, county=county)


@router.put("/{county}", response_model=CountySettingsOut, responses=problems(400, 403, 422))
async def replace_settings(
    county: str,
    body: CountySettingsIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin")],
) -> CountySettingsOut:
    """Set the county's caseload limit and extended care periods (its own county admin)."""
    await service.replace(session=session, principal=principal, county=county, body=body)
    return await service.read(session=session, county=county)
