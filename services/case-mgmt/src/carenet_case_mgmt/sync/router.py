"""HTTP of the phone sync."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Query, Request

from . import service
from .schemas import SyncPage

router = APIRouter(prefix="/v1/sync", tags=["sync"])


@router.get("", response_model=SyncPage, responses=problems(400, 403, 422))
async def sync(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker")],
    since: Annotated[
        str | None, Query(max_length=512, description="the last `next_since` (absent: everything)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="cases per page")] = 100,
) -> SyncPage:
    """Everything about your assigned cases changed after `since`, cases that left you in `removed`, and `next_since`."""
    publisher = getattr(request.app.state, "publisher", None)
    return await service.sync(
        session=session,
        principal=principal,
        since=since,
        limit=limit,
        publish=publisher.run_once if publisher is not None else None,
    )
