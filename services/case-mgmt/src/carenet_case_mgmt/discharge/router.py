"""HTTP of discharge plans."""

from __future__ import annotations

from typing import Annotated, Literal

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit
from fastapi import APIRouter, Query, Request
from fastapi.encoders import jsonable_encoder

from ..common.deps import person_secret
from . import service
from .schemas import (
    DischargeNoticeIn,
    DischargeNoticeOut,
    DischargeNoticePage,
    DischargePlanIn,
    DischargePlanOut,
    DischargePlanPage,
)

router = APIRouter(prefix="/v1/discharge-plans", tags=["discharge plans"])
notices = APIRouter(prefix="/v1/discharges", tags=["discharge notices"])
Reader = Annotated[Principal, require_roles("hospital", "case_worker", "supervisor", "county_admin", "ministry")]


@router.post("", status_code=201, response_model=DischargePlanOut, responses=problems(400, 403, 409, 422))
async def upload_plan(
    body: DischargePlanIn,
    request: Request,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Annotated[Principal, require_roles("hospital", "case_worker")],
):
    """Upload a discharge plan (upload time is the server's): linked to the open case, or a pending intake.

    201 with `uploaded_within_14_days` and `first_visit_due` (= upload date + 14 days).
    """
    if (replay := await idem.replay(session)) is not None:
        return replay
    plan = await service.upload_plan(session=session, principal=principal, body=body, secret=person_secret(request))
    return await idem.respond(
        session, 201, jsonable_encoder(service.plan_out(plan)), headers={"Location": f"/v1/discharge-plans/{plan.id}"}
    )


@router.get("", response_model=DischargePlanPage, responses=problems(400, 403))
async def list_plans(
    session: SessionDep,
    principal: Reader,
    limit: Limit = 50,
    cursor: Cursor = None,
    status: Literal["linked", "pending_intake"] | None = None,
) -> DischargePlanPage:
    """Plans of your county (a hospital: its own uploads), newest first; identities masked."""
    return await service.list_plans(session=session, principal=principal, status=status, limit=limit, cursor=cursor)


@router.get("/{plan_id}", response_model=DischargePlanOut, responses=problems(400, 403, 404))
async def read_plan(plan_id: str, session: SessionDep, principal: Reader) -> DischargePlanOut:
    """One plan, with its first-visit marking."""
    return service.plan_out(await service.get_plan(session=session, principal=principal, plan_id=plan_id))


@notices.post("", status_code=201, response_model=DischargeNoticeOut, responses=problems(400, 403, 409, 422))
async def notify_discharge(
    body: DischargeNoticeIn,
    request: Request,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Annotated[Principal, require_roles("hospital")],
):
    """The hospital's notice of a discharge, at discharge (出院通知); a later plan links to it.

    409 with the existing `id` when the same person, hospital and discharge day is already notified.
    """
    if (replay := await idem.replay(session)) is not None:
        return replay
    notice = await service.notify_discharge(
        session=session, principal=principal, body=body, secret=person_secret(request)
    )
    out = service.notice_view(notice)
    return await idem.respond(session, 201, jsonable_encoder(out), headers={"Location": f"/v1/discharges/{notice.id}"})


@notices.get("", response_model=DischargeNoticePage, responses=problems(400, 403, 422))
async def list_notices(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin")],
    county: Annotated[str | None, Query(min_length=2, max_length=10)] = None,
    missing_plan: bool = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DischargeNoticePage:
    """Discharge notices of your county by hospital; `missing_plan=true`: no plan 14 days after discharge."""
    return await service.list_notices(
        session=session, principal=principal, county=county, missing_plan=missing_plan, limit=limit, cursor=cursor
    )


@notices.get("/{discharge_id}", response_model=DischargeNoticeOut, responses=problems(400, 403, 404))
async def read_notice(
    discharge_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("hospital", "case_worker", "supervisor", "county_admin")],
) -> DischargeNoticeOut:
    """One notice, with its plan once uploaded."""
    notice = await service.get_notice(session=session, principal=principal, discharge_id=discharge_id)
    return service.notice_view(notice)
