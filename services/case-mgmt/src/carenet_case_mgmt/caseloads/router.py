"""HTTP of caseloads."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter

from . import service
from .schemas import Caseloads

router = APIRouter(prefix="/v1/caseloads", tags=["caseloads"])


@router.get("", response_model=Caseloads, responses=problems(400, 403, 404, 422))
async def caseloads(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin")],
    county: str | None = None,
    district: str | None = None,
) -> Caseloads:
    """Per case worker: open cases by tier and kind, overdue count, `over_limit`; the county's supervisor ratio."""
    return await service.caseloads(session=session, principal=principal, county=county, district=district)
