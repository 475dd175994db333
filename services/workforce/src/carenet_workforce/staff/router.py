"""HTTP routes of the staff register."""

from __future__ import annotations

import uuid
from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import etag, set_etag
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit, Page
from fastapi import APIRouter, Header, Query, Response

from . import service
from .schemas import StaffIn, StaffOut, StaffPatch

router = APIRouter(prefix="/v1/staff", tags=["staff"])


@router.post("", status_code=201, response_model=StaffOut, responses=problems(403, 409, 422))
async def add_staff(
    body: StaffIn,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Annotated[Principal, require_roles("county_admin")],
) -> object:
    """Add a person to the county's plan staff (county admin of that county); 201 with `id`."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    row = await service.add_staff(session=session, staff=body, principal=principal)
    out = StaffOut.model_validate(row).model_dump(mode="json")
    return await idem.respond(session, 201, out, headers={"ETag": etag(row.version)})


@router.get("", response_model=Page[StaffOut], responses=problems(403, 422))
async def list_staff(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "supervisor")],
    limit: Limit = 50,
    cursor: Cursor = None,
    county: str | None = Query(None, max_length=10),
) -> Page[StaffOut]:
    """The staff of the caller's county."""
    return await service.list_staff(session=session, principal=principal, county=county, limit=limit, cursor=cursor)


@router.get("/{staff_id}", response_model=StaffOut, responses=problems(403, 404, 422))
async def get_staff(
    staff_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "supervisor")],
) -> StaffOut:
    """One staff record of the caller's county (ETag for PATCH If-Match)."""
    row = await service.get_staff(session=session, staff_id=staff_id, principal=principal)
    set_etag(response, row.version)
    return StaffOut.model_validate(row)


@router.patch("/{staff_id}", response_model=StaffOut, responses=problems(403, 404, 412, 422, 428))
async def change_staff(
    staff_id: uuid.UUID,
    body: StaffPatch,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin")],
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> StaffOut:
    """Change a staff record — e.g. `ended_on` when someone leaves (If-Match required)."""
    row = await service.change_staff(
        session=session, staff_id=staff_id, patch=body, if_match=if_match, principal=principal
    )
    set_etag(response, row.version)
    return StaffOut.model_validate(row)
