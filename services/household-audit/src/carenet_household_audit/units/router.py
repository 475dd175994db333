"""HTTP routes of units."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit, Page
from fastapi import APIRouter, Query

from . import service
from .schemas import ServedCasesIn, ServedCasesOut, UnitIn, UnitOut

router = APIRouter(prefix="/v1/units", tags=["units"])


@router.post("", status_code=201, response_model=UnitOut, responses=problems(403, 409, 422))
async def register_unit(
    body: UnitIn,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Annotated[Principal, require_roles("county_admin", "system")],
) -> object:
    """Register a using unit of a county; an existing `code` → 409."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    unit = await service.register_unit(session=session, unit=body, principal=principal)
    return await idem.respond(session, 201, UnitOut.model_validate(unit).model_dump(mode="json"))


@router.get("", response_model=Page[UnitOut], responses=problems(400, 403, 422))
async def list_units(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "system")],
    limit: Limit = 50,
    cursor: Cursor = None,
    county: str | None = Query(None, max_length=10),
) -> Page[UnitOut]:
    """Units of a county (a county admin sees their own county only)."""
    return await service.list_units(session=session, principal=principal, county=county, limit=limit, cursor=cursor)


@router.put("/{code}/served-cases", response_model=ServedCasesOut, responses=problems(403, 404, 422))
async def replace_served_cases(
    code: str,
    body: ServedCasesIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "system")],
) -> ServedCasesOut:
    """Set the cases the unit serves: a query whose `case_ref` is one of them "matches a case"."""
    n = await service.replace_served_cases(session=session, code=code, case_refs=body.case_refs, principal=principal)
    return ServedCasesOut(unit=code, case_refs=n)
