"""HTTP of the office calendar."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Path, Query

from . import service
from .schemas import CalendarOut, ClosureIn, ClosureOut, YearIn

router = APIRouter(prefix="/v1/calendar", tags=["working-day calendar"])
Year = Annotated[int, Path(ge=2000, le=2099, examples=[2027])]


@router.get("/{year}", response_model=CalendarOut, responses=problems(400, 422))
async def read_year(
    year: Year,
    session: SessionDep,
    principal: CurrentPrincipal,
    county: Annotated[str | None, Query(min_length=2, max_length=10, examples=["TW-MIA"])] = None,
) -> CalendarOut:
    """The national office calendar of a year (`holidays`, make-up `workdays`); with `?county=` its closures.

    `calendar_missing` is true for a year without data: working days are then Monday–Friday."""
    return await service.year_view(session=session, year=year, county=county)


@router.put("/{year}", response_model=CalendarOut, responses=problems(400, 403, 422))
async def set_year(
    year: Year,
    body: YearIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("ministry")],
) -> CalendarOut:
    """Set a year's national holidays and make-up workdays (replaces the year; wins over the seeded data)."""
    await service.set_year(session=session, principal=principal, year=year, body=body)
    return await service.year_view(session=session, year=year, county=None)


@router.post("/closures", status_code=201, response_model=ClosureOut, responses=problems(400, 403, 409, 422))
async def declare_closure(
    body: ClosureIn, session: SessionDep, principal: Annotated[Principal, require_roles("county_admin")]
) -> ClosureOut:
    """Declare a day your county's offices closed (停止上班, e.g. a typhoon): its working-day deadlines move."""
    return service.closure_out(await service.declare_closure(session=session, principal=principal, body=body))
