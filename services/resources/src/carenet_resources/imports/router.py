"""HTTP of imports: a county admin uploads the county's open-data CSV."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import PayloadTooLarge, problems
from fastapi import APIRouter, File, Form, Request, UploadFile

from . import service
from .schemas import ImportResult

router = APIRouter(prefix="/v1/imports", tags=["imports"])
Admin = Annotated[Principal, require_roles("county_admin")]


@router.post("", response_model=ImportResult, responses=problems(403, 413, 422))
async def import_resources(
    request: Request,
    session: SessionDep,
    principal: Admin,
    file: Annotated[UploadFile, File(description="the CSV: UTF-8 or Big5; WGS84 lat/lon or TWD97 TM2 X/Y")],
    county: Annotated[str | None, Form(pattern=r"^TW-[A-Z]{3}$")] = None,
    source: Annotated[str | None, Form(max_length=300, description="where the file comes from")] = None,
) -> ImportResult:
    """Import the county's resource list: `accepted`, `updated` (same source id), `rejected` rows with index and reason."""
    settings = request.app.state.settings
    data = await file.read(settings.import_max_bytes + 1)
    if len(data) > settings.import_max_bytes:
        raise PayloadTooLarge(f"the file is over {settings.import_max_bytes} bytes", code="file_too_large")
    return await service.import_csv(
        session=session,
        principal=principal,
        data=data,
        county=county,
        source=source or f"csv:{file.filename or 'upload'}"[:300],
        max_rows=settings.import_max_rows,
    )
