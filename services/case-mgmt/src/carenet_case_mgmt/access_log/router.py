"""HTTP for the access-log query (PDPA: who read or changed my record)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Request

from ..common.deps import person_secret
from . import service
from .schemas import AccessLog, AccessLogQuery

router = APIRouter(prefix="/v1/access-log", tags=["access log"])


@router.post("", response_model=AccessLog, responses=problems(403, 404, 422))
async def query_access_log(
    body: AccessLogQuery,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin")],
) -> AccessLog:
    """Who touched this person's record, newest first (county admin, own county; 404 otherwise)."""
    return await service.access_log(
        session=session, principal=principal, national_id=body.national_id, secret=person_secret(request)
    )
