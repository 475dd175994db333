"""HTTP routes of reviews, explanations and anomalies."""

from __future__ import annotations

import uuid
from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import set_etag
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit, Page
from fastapi import APIRouter, Query, Response

from ..common.deps import IfMatch
from . import service
from .rules import AnomalyStatus
from .schemas import AnomalyOut, AnomalyPatch, AnomalySubmitIn, ExplanationIn, ExplanationOut, ReviewIn, ReviewOut

router = APIRouter(tags=["reviews"])


@router.post("/v1/samples/{sample_id}/review", response_model=ReviewOut, responses=problems(403, 404, 409, 422))
async def review(
    sample_id: uuid.UUID,
    body: ReviewIn,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Annotated[Principal, require_roles("auditor")],
) -> object:
    """Give a sampled record its verdict; `unjustified` opens an anomaly, `needs_follow_up` asks the user to explain."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    out = await service.review_sample(session=session, sample_id=sample_id, review=body, principal=principal)
    return await idem.respond(session, 200, out.model_dump(mode="json"))


@router.post("/v1/samples/{sample_id}/explanation", response_model=ExplanationOut, responses=problems(404, 409, 422))
async def explain(
    sample_id: uuid.UUID,
    body: ExplanationIn,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ExplanationOut:
    """The querying user's explanation of a record marked `needs_follow_up` (or relayed by a system or auditor)."""
    return await service.explain_sample(
        session=session, sample_id=sample_id, explanation=body.explanation, principal=principal
    )


@router.get("/v1/anomalies", response_model=Page[AnomalyOut], responses=problems(400, 403, 422))
async def list_anomalies(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("auditor", "county_admin", "supervisor", "ministry")],
    limit: Limit = 50,
    cursor: Cursor = None,
    county: Annotated[str | None, Query(max_length=10)] = None,
    status: AnomalyStatus | None = None,
) -> Page[AnomalyOut]:
    """Anomalies (unjustified queries) of the caller's county, oldest first."""
    return await service.list_anomalies(
        session=session,
        principal=principal,
        county=county,
        status=status.value if status else None,
        limit=limit,
        cursor=cursor,
    )


@router.get("/v1/anomalies/{anomaly_id}", response_model=AnomalyOut, responses=problems(403, 404, 422))
async def read_anomaly(
    anomaly_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("auditor", "county_admin", "supervisor", "ministry")],
) -> AnomalyOut:
    """One anomaly with its investigation status and dates (ETag for PATCH If-Match)."""
    a = await service.get_anomaly(session=session, anomaly_id=anomaly_id, principal=principal)
    set_etag(response, a.version)
    return service.anomaly_out(a)


@router.patch("/v1/anomalies/{anomaly_id}", response_model=AnomalyOut, responses=problems(403, 404, 412, 422))
async def update_anomaly(
    anomaly_id: uuid.UUID,
    body: AnomalyPatch,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("auditor", "county_admin", "supervisor")],
    if_match: IfMatch = None,
) -> AnomalyOut:
    """Move the investigation on (investigating → concluded with an outcome → reported to the ministry)."""
    a = await service.update_anomaly(
        session=session, anomaly_id=anomaly_id, patch=body, principal=principal, if_match=if_match
    )
    set_etag(response, a.version)
    return service.anomaly_out(a)


@router.post(
    "/v1/anomalies/{anomaly_id}/submit", response_model=AnomalyOut, responses=problems(403, 404, 409, 412, 422)
)
async def submit_anomaly(
    anomaly_id: uuid.UUID,
    body: AnomalySubmitIn,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "supervisor")],
    if_match: IfMatch = None,
) -> AnomalyOut:
    """Submit a concluded anomaly's investigation and outcome to the ministry (「將調查及處理結果通知本部」)."""
    a = await service.submit_anomaly(
        session=session, anomaly_id=anomaly_id, report_ref=body.report_ref, principal=principal, if_match=if_match
    )
    set_etag(response, a.version)
    return service.anomaly_out(a)
