"""HTTP: county targets (縣市自訂目標值)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import set_etag
from fastapi import APIRouter, Header, Query, Response

from ..definitions.rules import Target
from . import service
from .models import CountyTarget
from .schemas import CountyTargetIn, CountyTargetList, CountyTargetOut

router = APIRouter(prefix="/v1/targets", tags=["targets"])
PeriodQ = Annotated[str, Query(max_length=7, description="YYYY, YYYY-H1|H2 or YYYY-Qn", examples=["2026"])]


def _out(row: CountyTarget, base: Target | None) -> CountyTargetOut:
    return CountyTargetOut(
        county=row.county,
        code=row.code,
        period=row.period,
        target=float(row.threshold),
        target_op=row.op,
        class_target=None if base is None else float(base.threshold),
        evidence=row.evidence,
        note=row.note,
        version=row.version,
        set_at=row.set_at,
        set_by=row.set_by,
    )


@router.put(
    "/{county}/{code}",
    response_model=CountyTargetOut,
    responses={201: {"model": CountyTargetOut, "description": "created"}, **problems(403, 404, 412, 422)},
)
async def set_county_target(
    county: str,
    code: str,
    body: CountyTargetIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "ministry")],
    response: Response,
    period: PeriodQ,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> CountyTargetOut:
    """A county's own target for one indicator and period, overriding the class target (with evidence).

    The ministry sets any county's; a county admin their own county's, never below the class target
    (seed 003: Miaoli sets its own first-visit and coverage targets). 201 when new, 200 when replaced.
    """
    result = await service.set_target(
        session=session, county=county, code=code, period=period, body=body, principal=principal, if_match=if_match
    )
    response.status_code = 201 if result.created else 200
    set_etag(response, result.row.version)
    return _out(result.row, result.class_target)


@router.get("/{county}", response_model=CountyTargetList, responses=problems(403, 404))
async def list_county_targets(
    county: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "supervisor", "ministry")],
    year: Annotated[int | None, Query(ge=2000, le=2999)] = None,
) -> CountyTargetList:
    """The county's own targets (own county unless ministry), each beside the class target it overrides."""
    rows = await service.list_targets(session=session, county=county, year=year, principal=principal)
    return CountyTargetList(items=[_out(r, base) for r, base in rows])
