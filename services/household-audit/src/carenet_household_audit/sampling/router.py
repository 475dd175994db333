"""HTTP routes of samplings, samples, verification, commitments and sampling policies."""

from __future__ import annotations

import uuid
from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import set_etag
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit, Page
from fastapi import APIRouter, BackgroundTasks, Path, Query, Request, Response

from ..common.exports import EXPORT_RESPONSES, ExportFormat
from ..reviews import service as reviews
from . import service
from .export import export_sampling
from .schemas import (
    COUNTY_PATTERN,
    MONTH_PATTERN,
    CommitmentOut,
    PolicyIn,
    PolicyOut,
    SampleOut,
    SamplingIn,
    SamplingList,
    SamplingOut,
    SignOffIn,
    VerifyOut,
)

router = APIRouter(tags=["samplings"])


@router.post("/v1/samplings", status_code=201, response_model=SamplingOut, responses=problems(403, 404, 409, 422))
async def draw_sampling(
    body: SamplingIn,
    request: Request,
    session: SessionDep,
    idem: IdempotencyDep,
    background: BackgroundTasks,
    principal: Annotated[Principal, require_roles("auditor", "county_admin")],
) -> object:
    """Draw the month's sample for every unit of the county; the same month and county again → 409 with its `id`."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    out, pending = await service.draw_on_demand(
        session=session, county=body.county, month=body.month, settings=request.app.state.settings, principal=principal
    )
    if pending:  # its rows are written after the draw commits (readable through the index before)
        background.add_task(service.materialize_later, request.app.state.db, uuid.UUID(out.id))
    return await idem.respond(session, 201, out.model_dump(mode="json"))


@router.get("/v1/samplings", response_model=SamplingList, responses=problems(403, 422))
async def list_samplings(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("auditor", "county_admin")],
    county: Annotated[str | None, Query(max_length=10, description="the caller's county when absent")] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="only that year's months")] = None,
    limit: Annotated[int, Query(ge=1, le=120)] = 24,
) -> SamplingList:
    """The county's samplings, newest month first, each with its review progress (an auditor's month
    overview: which months are drawn, how far the review is, what is signed off)."""
    return await service.list_samplings(session=session, principal=principal, county=county, year=year, limit=limit)


@router.get("/v1/samplings/{sampling_id}", response_model=SamplingOut, responses=problems(403, 404, 422))
async def read_sampling(
    sampling_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("auditor", "county_admin")],
) -> SamplingOut:
    """The sampling: seed, commitment, per-unit populations and sizes, review progress."""
    out = await service.read_sampling(session=session, sampling_id=sampling_id, principal=principal)
    set_etag(response, out.version)
    return out


@router.get(
    "/v1/samplings/{sampling_id}/samples", response_model=Page[SampleOut], responses=problems(400, 403, 404, 422)
)
async def list_samples(
    sampling_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("auditor", "county_admin")],
    limit: Limit = 50,
    cursor: Cursor = None,
    unit: Annotated[str | None, Query(max_length=50)] = None,
) -> Page[SampleOut]:
    """The sampled records, those whose `case_ref` matches no served case first (every read is trailed)."""
    return await service.list_samples(
        session=session, sampling_id=sampling_id, principal=principal, unit=unit, limit=limit, cursor=cursor
    )


@router.get("/v1/samplings/{sampling_id}/verify", response_model=VerifyOut, responses=problems(403, 404, 422))
async def verify_sampling(
    sampling_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("auditor", "ministry")],
    full: Annotated[bool, Query(description="also recompute every ticket of the month")] = True,
) -> VerifyOut:
    """Redraw from the revealed seed (checked against the published commitment) and the stored population."""
    return await service.verify_sampling(session=session, sampling_id=sampling_id, principal=principal, full=full)


@router.get(
    "/v1/samplings/{sampling_id}/export",
    response_class=Response,
    responses={**problems(403, 404, 422), **EXPORT_RESPONSES},
)
async def export(
    sampling_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("auditor")],
    format: Annotated[ExportFormat, Query(description="csv (UTF-8 with BOM) or xlsx")] = ExportFormat.CSV,
) -> Response:
    """The audit sheet: one row per sampled record (unit, user, time, masked subject, purpose, ticket, verdict, note)."""
    return await export_sampling(session=session, sampling_id=sampling_id, principal=principal, fmt=format)


@router.post("/v1/samplings/{sampling_id}/sign-off", response_model=SamplingOut, responses=problems(403, 404, 409, 422))
async def sign_off(
    sampling_id: uuid.UUID,
    body: SignOffIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor", "county_admin")],
) -> SamplingOut:
    """A supervisor signs the sampling off once every sampled record has a final verdict (else 422)."""
    return await reviews.sign_off(session=session, sampling_id=sampling_id, principal=principal, note=body.note)


@router.get("/v1/commitments/{county}/{month}", response_model=CommitmentOut, responses=problems(422))
async def commitment(
    principal: CurrentPrincipal,
    county: Annotated[str, Path(pattern=COUNTY_PATTERN)],
    month: Annotated[str, Path(pattern=MONTH_PATTERN)],
    session: SessionDep,
    request: Request,
) -> CommitmentOut:
    """The published commitment SHA-256(seed) of a county-month; the seed itself once the month is drawn."""
    return await service.get_commitment(
        session=session, county=county, month=month, settings=request.app.state.settings
    )


@router.get("/v1/sampling-policies/{county}", response_model=PolicyOut, responses=problems(403, 404))
async def read_policy(
    county: str,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "auditor", "ministry")],
) -> PolicyOut:
    """The county's sampling rate and floor (the defaults unless it set its own)."""
    return await service.read_policy(
        session=session, county=county, settings=request.app.state.settings, principal=principal
    )


@router.put("/v1/sampling-policies/{county}", response_model=PolicyOut, responses=problems(403, 404, 422))
async def set_policy(
    county: str,
    body: PolicyIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin")],
) -> PolicyOut:
    """Set the county's own rate and floor for its next draws (each sampling stores the ones it used)."""
    return await service.set_policy(session=session, county=county, policy=body, principal=principal)
