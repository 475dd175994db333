"""HTTP routes of account activity and the six-monthly account review (帳號清查)."""

from __future__ import annotations

import uuid
from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit, Page
from fastapi import APIRouter, Query, Request

from . import service
from .schemas import ActivityBatch, ActivityOut, ActivityResult, DecisionIn, ReviewIn, ReviewOut, ReviewStatus

router = APIRouter(prefix="/v1", tags=["account reviews"])
CountyAdmin = Annotated[Principal, require_roles("county_admin")]


@router.post("/account-activity", response_model=ActivityResult, responses=problems(403, 422))
async def record_activity(
    body: ActivityBatch, session: SessionDep, principal: Annotated[Principal, require_roles("system")]
) -> ActivityResult:
    """Last activity per login and county, from the gateway's or the services' access trails (idempotent)."""
    return await service.record_activity(session=session, batch=body)


@router.get("/account-activity", response_model=Page[ActivityOut], responses=problems(403, 404, 422))
async def list_activity(
    session: SessionDep,
    principal: CountyAdmin,
    county: str = Query(pattern=r"^TW-[A-Z]{3}$"),
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ActivityOut]:
    """Every account that used CareNet in the county, with its first and last activity."""
    return await service.list_activity(session=session, principal=principal, county=county, limit=limit, cursor=cursor)


@router.post("/account-reviews", status_code=201, response_model=ReviewOut, responses=problems(403, 409, 422))
async def open_review(
    body: ReviewIn, request: Request, session: SessionDep, idem: IdempotencyDep, principal: CountyAdmin
) -> object:
    """Open the county's review for a half-year: every account that used CareNet, and the flagged ones."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    out = await service.open_review(
        session=session, body=body, idle_days=request.app.state.settings.account_idle_days, principal=principal
    )
    return await idem.respond(session, 201, out.model_dump(mode="json"))


@router.get("/account-reviews/status", response_model=ReviewStatus, responses=problems(403, 404, 422))
async def review_status(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "ministry")],
    county: str = Query(pattern=r"^TW-[A-Z]{3}$"),
) -> ReviewStatus:
    """Is the county's account review overdue (no signed-off review for the last ended half-year)?"""
    return await service.review_status(session=session, county=county, principal=principal)


@router.get("/account-reviews/{review_id}", response_model=ReviewOut, responses=problems(403, 404, 422))
async def get_review(review_id: uuid.UUID, session: SessionDep, principal: CountyAdmin) -> ReviewOut:
    """One review with its flags and decisions."""
    return await service.get_review(session=session, review_id=review_id, principal=principal)


@router.post("/account-reviews/{review_id}/decisions", response_model=ReviewOut, responses=problems(403, 404, 409, 422))
async def decide(review_id: uuid.UUID, body: DecisionIn, session: SessionDep, principal: CountyAdmin) -> ReviewOut:
    """Record the decision on a flagged account (`sub`, `decision`, `note`)."""
    return await service.decide(session=session, review_id=review_id, body=body, principal=principal)


@router.post("/account-reviews/{review_id}/sign-off", response_model=ReviewOut, responses=problems(403, 404, 409, 422))
async def sign_off(review_id: uuid.UUID, session: SessionDep, principal: CountyAdmin) -> ReviewOut:
    """Sign the review off: 409 `flags_undecided` until every flag has a decision."""
    return await service.sign_off(session=session, review_id=review_id, principal=principal)
