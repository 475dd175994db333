"""HTTP of the directory's writes and reviews: county admins add and edit their county's entries."""

from __future__ import annotations

import re
from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import etag, set_etag
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit
from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.encoders import jsonable_encoder

from . import service
from .schemas import ResourceIn, ResourceOut, ResourcePage, ResourcePatch, RevisionList

router = APIRouter(prefix="/v1/resources", tags=["resources"])
Admin = Annotated[Principal, require_roles("county_admin")]
Reviewer = Annotated[Principal, require_roles("county_admin", "ministry")]
IfMatch = Annotated[str | None, Header(alias="If-Match", description="the ETag last read")]


def _gateway_path(request: Request, path: str) -> str:
    """`path` as a client of the gateway follows it (`/resources/v1/...`; the gateway names its prefix)."""
    prefix = request.headers.get("x-forwarded-prefix", "")
    return (prefix if re.fullmatch(r"/[a-z][a-z-]{0,40}", prefix) else "") + path


def _months(request: Request) -> int:
    return request.app.state.settings.stale_after_months


@router.post("", status_code=201, response_model=ResourceOut, responses=problems(403, 409, 422))
async def create_resource(
    body: ResourceIn, request: Request, session: SessionDep, principal: Admin, idem: IdempotencyDep
):
    """Add an entry to your county's directory (201 with `id`, `ETag` and `Location`); 409 for a used `source_id`."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    resource = await service.create_resource(session=session, principal=principal, body=body)
    out = service.view(resource, stale_after_months=_months(request))
    return await idem.respond(
        session,
        201,
        jsonable_encoder(out),
        headers={"ETag": etag(resource.version), "Location": _gateway_path(request, f"/v1/resources/{resource.id}")},
    )


@router.get("/stale", response_model=ResourcePage, responses=problems(403, 404, 422))
async def stale_resources(
    request: Request,
    session: SessionDep,
    principal: Reviewer,
    county: Annotated[str | None, Query(pattern=r"^TW-[A-Z]{3}$")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ResourcePage:
    """Entries not checked for `stale_after_months` months (12 by default), to review — longest unchecked first."""
    return await service.stale_entries(
        session=session,
        principal=principal,
        county=county,
        stale_after_months=_months(request),
        limit=limit,
        cursor=cursor,
    )


@router.get("/{resource_id}", response_model=ResourceOut, responses=problems(404))
async def read_resource(
    resource_id: str, request: Request, response: Response, session: SessionDep, principal: CurrentPrincipal
) -> ResourceOut:
    """One entry with its `ETag` (the version to send as `If-Match` when editing)."""
    resource = await service.get_resource(session=session, resource_id=resource_id)
    set_etag(response, resource.version)
    return service.view(resource, stale_after_months=_months(request))


@router.patch("/{resource_id}", response_model=ResourceOut, responses=problems(403, 404, 412, 422, 428))
async def edit_resource(
    resource_id: str,
    body: ResourcePatch,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Admin,
    if_match: IfMatch = None,
) -> ResourceOut:
    """Change an entry of your county (`If-Match` required: 428 without, 412 when stale); 404 for another county's."""
    resource = await service.edit_resource(
        session=session, principal=principal, resource_id=resource_id, patch=body, if_match=if_match
    )
    set_etag(response, resource.version)
    return service.view(resource, stale_after_months=_months(request))


@router.get("/{resource_id}/history", response_model=RevisionList, responses=problems(403, 404))
async def resource_history(resource_id: str, session: SessionDep, principal: Reviewer) -> RevisionList:
    """Every change of an entry of your county, oldest first: who, when, via edit or import, old and new values."""
    return await service.history(session=session, principal=principal, resource_id=resource_id)
