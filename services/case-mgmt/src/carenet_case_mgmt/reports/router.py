"""HTTP of the quarterly reports."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Query

from . import service
from .schemas import CaseKinds, EscortCounts, ReferralSources

router = APIRouter(prefix="/v1/reports", tags=["reports"])
QuarterQ = Annotated[str, Query(description="YYYY-Qn", examples=["2026-Q4"])]


@router.get("/referral-sources", response_model=ReferralSources, responses=problems(400, 403, 404, 422))
async def referral_sources(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin", "ministry")],
    quarter: QuarterQ,
    county: str | None = None,
) -> ReferralSources:
    """Cases taken in during the quarter by intake source, with 社政、勞政及教育機關(構)轉介件數."""
    return await service.referral_sources(session=session, principal=principal, county=county, quarter=quarter)


@router.get("/case-kinds", response_model=CaseKinds, responses=problems(400, 403, 404, 422))
async def case_kinds(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin", "ministry")],
    quarter: QuarterQ,
    county: str | None = None,
) -> CaseKinds:
    """Per care track (psychiatric, suicide attempt, bereaved family): cases and the quarter's visits."""
    return await service.case_kinds(session=session, principal=principal, county=county, quarter=quarter)


@router.get("/escorts", response_model=EscortCounts, responses=problems(400, 403, 404, 422))
async def escorts(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin", "ministry")],
    quarter: QuarterQ,
    county: str | None = None,
) -> EscortCounts:
    """The quarter's escorts to hospital by reason (送醫事由) and outcome."""
    return await service.escorts(session=session, principal=principal, county=county, quarter=quarter)
