"""HTTP routes of training records, case reports, the CSV import and compliance."""

from __future__ import annotations

import uuid
from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from fastapi import APIRouter, Query, Request

from . import service
from .schemas import CaseReportIn, CaseReportOut, ComplianceOut, ImportResult, TrainingIn, TrainingOut

router = APIRouter(prefix="/v1", tags=["training"])
CountyAdmin = Annotated[Principal, require_roles("county_admin")]

_CSV_BODY = {
    "requestBody": {
        "required": True,
        # the file as it is (any content type is read the same); octet-stream is what generated clients send
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        "description": "the training body's list (UTF-8 or Big5); headers 帳號, 課程名稱, 課程等級, 課程主題, 時數, "
        "個案研討會時數, 完訓日期, 證書字號 (or sub, course, level, topic, hours, case_conference_hours, "
        "completed_on, certificate)",
    }
}


@router.post(
    "/staff/{staff_id}/training", status_code=201, response_model=TrainingOut, responses=problems(403, 404, 409, 422)
)
async def add_training(
    staff_id: uuid.UUID, body: TrainingIn, session: SessionDep, idem: IdempotencyDep, principal: CountyAdmin
) -> object:
    """Record a completed course (附件7 topic, hours, case-conference hours, certificate reference)."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    rec = await service.add_training(session=session, staff_id=staff_id, body=body, principal=principal)
    return await idem.respond(session, 201, TrainingOut.model_validate(rec).model_dump(mode="json"))


@router.post(
    "/staff/{staff_id}/case-reports",
    status_code=201,
    response_model=CaseReportOut,
    responses=problems(403, 404, 409, 422),
)
async def add_case_report(
    staff_id: uuid.UUID, body: CaseReportIn, session: SessionDep, idem: IdempotencyDep, principal: CountyAdmin
) -> object:
    """Record a case report (個案報告) a staff member submitted."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    row = await service.add_case_report(session=session, staff_id=staff_id, body=body, principal=principal)
    return await idem.respond(session, 201, CaseReportOut.model_validate(row).model_dump(mode="json"))


@router.post(
    "/training-imports", response_model=ImportResult, responses=problems(403, 413, 422), openapi_extra=_CSV_BODY
)
async def import_training(
    request: Request,
    session: SessionDep,
    principal: CountyAdmin,
    county: str = Query(pattern=r"^TW-[A-Z]{3}$", description="the county whose staff the file lists"),
) -> ImportResult:
    """Import the training body's CSV row by row: `{"accepted", "duplicates", "rejected": [{"index", "reason"}]}`."""
    data = await request.body()
    return await service.import_training(
        session=session,
        data=data,
        county=county,
        principal=principal,
        max_rows=request.app.state.settings.import_max_rows,
    )


@router.get("/compliance", response_model=ComplianceOut, responses=problems(403, 404, 422))
async def compliance(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "supervisor", "ministry")],
    county: str = Query(pattern=r"^TW-[A-Z]{3}$"),
    year: int = Query(ge=2000, le=2099),
) -> ComplianceOut:
    """Per person: training against 附件7 and what is missing; totals; the 1:7 supervisor ratio."""
    return await service.compliance(session=session, county=county, year=year, principal=principal)
