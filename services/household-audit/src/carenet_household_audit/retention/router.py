"""HTTP routes of legal holds, purge records and an on-demand purge."""

from __future__ import annotations

import uuid
from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.pagination import Cursor, Limit, Page
from fastapi import APIRouter, Query, Request

from . import service
from .schemas import LegalHoldIn, LegalHoldOut, PurgeRecordOut, PurgeRunOut

router = APIRouter(tags=["retention"])


@router.post("/v1/legal-holds", status_code=201, response_model=LegalHoldOut, responses=problems(403, 404, 422))
async def place_hold(
    body: LegalHoldIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "auditor")],
) -> LegalHoldOut:
    """Hold a unit's (or the whole county's) records of a month: the retention purge skips them."""
    return service.hold_out(await service.place_hold(session=session, hold=body, principal=principal))


@router.get("/v1/legal-holds", response_model=Page[LegalHoldOut], responses=problems(400, 403, 422))
async def list_holds(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "auditor")],
    limit: Limit = 50,
    cursor: Cursor = None,
    county: Annotated[str | None, Query(max_length=10)] = None,
) -> Page[LegalHoldOut]:
    """Legal holds of the caller's county."""
    return await service.list_holds(session=session, principal=principal, county=county, limit=limit, cursor=cursor)


@router.post("/v1/legal-holds/{hold_id}/release", response_model=LegalHoldOut, responses=problems(403, 404, 409, 422))
async def release_hold(
    hold_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "auditor")],
) -> LegalHoldOut:
    """Release a hold: its records are purged at the next run if past retention."""
    return service.hold_out(await service.release_hold(session=session, hold_id=hold_id, principal=principal))


@router.get("/v1/purge-records", response_model=Page[PurgeRecordOut], responses=problems(400, 403, 422))
async def list_purges(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "auditor", "ministry")],
    limit: Limit = 50,
    cursor: Cursor = None,
    county: Annotated[str | None, Query(max_length=10)] = None,
) -> Page[PurgeRecordOut]:
    """What each purge removed: kind, county, period, rows."""
    return await service.list_purges(session=session, principal=principal, county=county, limit=limit, cursor=cursor)


@router.post("/v1/retention/purge", response_model=PurgeRunOut, responses=problems(403))
async def purge_now(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("system")],
) -> PurgeRunOut:
    """Run the retention purge now (the scheduler runs it daily)."""
    cutoff, records = await service.purge_expired(session=session, settings=request.app.state.settings)
    return PurgeRunOut(cutoff_month=cutoff, records=[PurgeRecordOut.model_validate(r) for r in records])
