"""HTTP routes of the programme statistics (eap_admin)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Query, Request

from . import service
from .schemas import SatisfactionStatsOut, StatsOut

router = APIRouter(prefix="/v1", tags=["statistics"])
Year = Annotated[int | None, Query(ge=2000, le=2100)]


@router.get("/stats", response_model=StatsOut, responses=problems(403, 422))
async def stats(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("eap_admin")],
    year: Year = None,
    by: Annotated[str, Query(max_length=100, description="comma-separated: " + ", ".join(service.DIMENSIONS))] = "kind",
    measure: Annotated[str, Query(description="bookings | attended | no_shows")] = "bookings",
) -> StatsOut:
    """Counts by year and dimensions; any cell under the threshold — or that would reveal one — is null + suppressed."""
    out = await service.booking_table(
        session=session,
        year=year,
        dims=service.parse_by(by),
        measure=measure,
        threshold=request.app.state.settings.suppression_threshold,
    )
    return StatsOut(**out)


@router.get("/stats/satisfaction", response_model=SatisfactionStatsOut, responses=problems(403, 422))
async def satisfaction_stats(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("eap_admin")],
    year: Year = None,
) -> SatisfactionStatsOut:
    """Average overall satisfaction by consultation kind (small cells suppressed)."""
    out = await service.satisfaction_table(
        session=session, year=year, threshold=request.app.state.settings.suppression_threshold
    )
    return SatisfactionStatsOut(**out)


@router.get("/stats/self-checks", response_model=StatsOut, responses=problems(403, 422))
async def self_check_stats(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("eap_admin")],
    year: Year = None,
) -> StatsOut:
    """Anonymous BSRS-5 self-checks by agency code and band; small cells (and what would reveal them) suppressed."""
    out = await service.self_check_table(
        session=session, year=year, threshold=request.app.state.settings.suppression_threshold
    )
    return StatsOut(**out)
