"""HTTP: scorecards per county and period, the 22 side by side, drill-down and exports."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..definitions.service import definitions_for_year
from . import export, service
from .schemas import DrillDown, Scorecard, ScorecardSet

router = APIRouter(prefix="/v1/scorecards", tags=["scorecards"])
Reader = Annotated[Principal, require_roles("county_admin", "supervisor", "ministry")]
PeriodQ = Annotated[
    str,
    Query(max_length=7, description="YYYY, YYYY-H1|H2 (half-year reports) or YYYY-Qn", examples=["2026", "2026-Q3"]),
]
FormatQ = Annotated[Literal["csv", "xlsx"], Query(description="csv (UTF-8 with BOM) or xlsx")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}, XLSX: {}}, "description": "the scorecard as a file"}
}


@router.get("", response_model=ScorecardSet, responses=problems(403, 422))
async def all_scorecards(session: SessionDep, principal: Reader, period: PeriodQ) -> ScorecardSet:
    """Every county's scorecard side by side (the ministry: all 22; others: their own county)."""
    return ScorecardSet.model_validate(
        await service.all_scorecards(session=session, period=period, principal=principal)
    )


@router.get("/export", response_class=Response, responses={**problems(403, 422), **FILE_RESPONSES})
async def export_all(session: SessionDep, principal: Reader, period: PeriodQ, format: FormatQ = "xlsx") -> Response:
    """Every visible county's scorecard as one file: XLSX with an overview, a sheet per county and the definitions."""
    data = await service.all_scorecards(session=session, period=period, principal=principal)
    return await _file(session, data["items"], f"scorecards_{data['period']}", format)


@router.get("/{county}", response_model=Scorecard, responses=problems(403, 404, 422))
async def county_scorecard(
    county: str, request: Request, session: SessionDep, principal: Reader, period: PeriodQ
) -> Scorecard:
    """A county's scorecard: each indicator's value, numerator, denominator, target, met, as_of (own county unless ministry)."""
    card = await service.county_scorecard(
        session=session,
        county=county,
        period=period,
        principal=principal,
        drill=request.app.state.settings.inline_drill_down,
    )
    return Scorecard.model_validate(card)


@router.get("/{county}/export", response_class=Response, responses={**problems(403, 404, 422), **FILE_RESPONSES})
async def export_county(
    county: str, session: SessionDep, principal: Reader, period: PeriodQ, format: FormatQ = "csv"
) -> Response:
    """The county's scorecard as a file (CSV UTF-8 with BOM, or XLSX with a definitions sheet)."""
    card = await service.county_scorecard(session=session, county=county, period=period, principal=principal, drill=0)
    return await _file(session, [card], f"scorecard_{county}_{card['period']}", format)


@router.get("/{county}/items/{code}", response_model=DrillDown, responses=problems(403, 404, 422))
async def drill_down(
    county: str,
    code: str,
    session: SessionDep,
    principal: Reader,
    period: PeriodQ,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000,
) -> DrillDown:
    """One item with every record behind it: e.g. which discharged patients were not visited in time."""
    item = await service.item_drill_down(
        session=session, county=county, code=code, period=period, principal=principal, limit=limit
    )
    return DrillDown.model_validate(item)


async def _file(session: SessionDep, cards: list[dict[str, Any]], name: str, format: str) -> Response:
    if format == "csv":
        return Response(
            export.to_csv(cards),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    year = int(cards[0]["period"][:4]) if cards else 2020
    definitions = await definitions_for_year(session, year=year)
    return Response(
        export.to_xlsx(cards, definitions),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )
