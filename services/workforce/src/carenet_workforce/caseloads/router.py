"""HTTP route of the supervisor's caseload view."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Query, Request

from . import service
from .schemas import CaseloadViewOut

router = APIRouter(prefix="/v1", tags=["caseloads"])


@router.get("/caseloads", response_model=CaseloadViewOut, responses=problems(403, 404, 422, 503))
async def caseload_view(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin")],
    county: str | None = Query(None, max_length=10),
    district: str | None = Query(None, max_length=20),
) -> CaseloadViewOut:
    """case-mgmt's caseloads per case worker beside each worker's staff line (督導 view): totals per
    staff line, workers holding cases off the register, case managers holding none. 503 when case-mgmt
    cannot be reached."""
    settings = request.app.state.settings
    return await service.caseload_view(
        session=session,
        principal=principal,
        authorization=request.headers.get("authorization", ""),  # case-mgmt checks the same token
        county=county,
        district=district,
        base_url=settings.case_mgmt_url,
        wait_seconds=settings.case_mgmt_wait_seconds,
    )
