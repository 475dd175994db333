"""HTTP of incidents."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit
from fastapi import APIRouter, Query, Response
from fastapi.encoders import jsonable_encoder

from . import service
from .schemas import FlashReportIn, HalfYearReport, IncidentIn, IncidentOut, IncidentPage

router = APIRouter(tags=["incidents"])
Recorder = Annotated[Principal, require_roles("case_worker", "supervisor")]
Lister = Annotated[Principal, require_roles("supervisor", "county_admin")]
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "the report; with format=csv a UTF-8 (BOM) CSV"}
}


@router.post(
    "/v1/cases/{case_id}/incidents",
    status_code=201,
    response_model=IncidentOut,
    responses=problems(400, 403, 404, 409, 422),
)
async def record_incident(
    case_id: str, body: IncidentIn, session: SessionDep, principal: Recorder, idem: IdempotencyDep
):
    """Record a media-reported event, a filicide-suicide or a group suicide (3+ persons) with its deadlines."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    inc = await service.record_incident(session=session, principal=principal, case_id=case_id, body=body)
    out = await service.view(session, inc)
    return await idem.respond(session, 201, jsonable_encoder(out), headers={"Location": f"/v1/incidents/{inc.id}"})


@router.get("/v1/incidents", response_model=IncidentPage, responses=problems(400, 403, 422))
async def list_incidents(
    session: SessionDep,
    principal: Lister,
    county: Annotated[str | None, Query(min_length=2, max_length=10)] = None,
    status: Literal["open", "closed", "overdue"] | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> IncidentPage:
    """Incidents of your county, latest event first, with `overdue` per deadline."""
    return await service.list_incidents(
        session=session, principal=principal, county=county, status=status, limit=limit, cursor=cursor
    )


@router.get(
    "/v1/incidents/report",
    response_model=HalfYearReport,
    responses={**problems(400, 403, 404, 422), **CSV_RESPONSE},
)
async def half_year_report(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin", "ministry")],
    county: Annotated[str, Query(min_length=2, max_length=10, examples=["TW-MIA"])],
    half: Annotated[str, Query(pattern=r"^20\d{2}-H[12]$", examples=["2026-H2"])],
    format: Literal["json", "csv"] = "json",
):
    """附件10: the half-year's media-reported events and flash-report follow-up (`format=csv` for the file)."""
    report = await service.half_year_report(session=session, principal=principal, county=county, half=half)
    if format == "csv":
        return Response(
            service.report_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="incidents_{county}_{half}.csv"'},
        )
    return report


@router.get("/v1/incidents/{incident_id}", response_model=IncidentOut, responses=problems(400, 403, 404))
async def read_incident(
    incident_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
) -> IncidentOut:
    """One incident with its deadlines."""
    return await service.view(
        session, await service.get_incident(session=session, principal=principal, incident_id=incident_id)
    )


@router.post(
    "/v1/incidents/{incident_id}/flash-report", response_model=IncidentOut, responses=problems(400, 403, 404, 409, 422)
)
async def file_flash_report(
    incident_id: str, body: FlashReportIn, session: SessionDep, principal: Recorder, idem: IdempotencyDep
):
    """Mark the flash report (速報單) filed, with its date (default today) and reference (409 when already filed;
    a retry with the same `Idempotency-Key` gets the first answer)."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    inc = await service.file_flash_report(session=session, principal=principal, incident_id=incident_id, body=body)
    return await idem.respond(session, 200, jsonable_encoder(await service.view(session, inc)))
