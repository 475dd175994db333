"""HTTP routes of workload care: HR figures in, aggregates out, the named list to the agency's care team alone."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Path, Query, Request

from . import service
from .schemas import (
    CareList,
    CareListItem,
    FiguresAccepted,
    FiguresIn,
    MembersIn,
    MembersOut,
    ThresholdIn,
    ThresholdOut,
    WorkloadSummary,
)

router = APIRouter(prefix="/v1", tags=["workload care"])
Admin = Annotated[Principal, require_roles("eap_admin")]
Agency = Annotated[str, Path(min_length=1, max_length=200)]
Month = Annotated[str, Query(pattern=r"^20\d\d-(0[1-9]|1[0-2])$", description="YYYY-MM")]


@router.post("/workload-figures", status_code=202, response_model=FiguresAccepted, responses=problems(403, 422))
async def submit_figures(
    body: FiguresIn, session: SessionDep, principal: Annotated[Principal, require_roles("system")]
) -> FiguresAccepted:
    """Monthly figures per employee from the HR system (加班時數、公文量); a resend replaces. HR reads nothing back."""
    await service.submit_figures(session=session, body=body)
    return FiguresAccepted()


@router.get("/workload/{agency}/summary", response_model=WorkloadSummary, responses=problems(403, 404, 422))
async def workload_summary(
    request: Request,
    agency: Agency,
    month: Month,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("eap_admin", "employee")],
) -> WorkloadSummary:
    """The agency's analysis as aggregates (eap_admin, or its care team); cells under 5 suppressed."""
    settings = request.app.state.settings
    return await service.summary(
        session=session,
        principal=principal,
        agency=agency,
        month=month,
        default_overtime_hours=settings.workload_overtime_threshold_hours,
        suppression_threshold=settings.suppression_threshold,
    )


@router.get("/workload/{agency}/care-list", response_model=CareList, responses=problems(403, 404, 422))
async def care_list(
    request: Request,
    agency: Agency,
    month: Month,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("employee")],
) -> CareList:
    """關懷小組: the agency's people above its threshold, to reach out to — for that agency's care team alone."""
    threshold, rows = await service.care_list(
        session=session,
        principal=principal,
        agency=agency,
        month=month,
        default_overtime_hours=request.app.state.settings.workload_overtime_threshold_hours,
    )
    return CareList(
        agency=agency,
        month=month,
        threshold=threshold,
        items=[
            CareListItem(employee_sub=r.employee_sub, overtime_hours=r.overtime_hours, documents=r.documents)
            for r in rows
        ],
    )


@router.put("/workload-thresholds/{agency}", response_model=ThresholdOut, responses=problems(403, 422))
async def put_threshold(agency: Agency, body: ThresholdIn, session: SessionDep, principal: Admin) -> ThresholdOut:
    """Set the agency's threshold for its care list."""
    return await service.set_threshold(session=session, agency=agency, body=body, actor=principal.sub)


@router.put("/care-teams/{agency}/members", response_model=MembersOut, responses=problems(403, 422))
async def put_members(agency: Agency, body: MembersIn, session: SessionDep, principal: Admin) -> MembersOut:
    """Name the agency's care team (關懷小組) by login."""
    subs = await service.set_members(session=session, agency=agency, member_subs=body.member_subs)
    return MembersOut(agency=agency, member_subs=subs)


@router.get("/care-teams/{agency}/members", response_model=MembersOut, responses=problems(403))
async def get_members(agency: Agency, session: SessionDep, principal: Admin) -> MembersOut:
    """The agency's care team."""
    return MembersOut(agency=agency, member_subs=await service.members(session=session, agency=agency))
