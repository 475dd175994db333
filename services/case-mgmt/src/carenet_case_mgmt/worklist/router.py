"""HTTP of the worklist."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from carenet_core import clock
from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.pagination import Cursor, Limit
from fastapi import APIRouter, Query

from . import service
from .schemas import Worklist

router = APIRouter(prefix="/v1/worklist", tags=["worklist"])


@router.get("", response_model=Worklist, responses=problems(400, 403, 422))
async def worklist(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
    days: Annotated[int, Query(ge=0, le=366, description="look-ahead window in days")] = 7,
    on: Annotated[date | None, Query(description="compute for this day (default today, Asia/Taipei)")] = None,
    mine: Annotated[bool, Query(description="only the cases assigned to the caller")] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Worklist:
    """Your jurisdiction's cases due within `days` or overdue, most overdue first, with `days_overdue` and `reasons`."""
    return await service.worklist(
        session=session,
        principal=principal,
        on=on or clock.today(),
        days=days,
        limit=limit,
        cursor=cursor,
        mine=mine,
    )
