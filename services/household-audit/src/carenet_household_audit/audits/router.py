"""HTTP routes of the semiannual internal audit."""

from __future__ import annotations

import uuid
from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import set_etag
from carenet_core.idempotency import IdempotencyDep
from fastapi import APIRouter, Query, Request, Response

from ..common.deps import IfMatch
from ..common.exports import EXPORT_RESPONSES, ExportFormat
from . import service
from .schemas import InternalAuditIn, InternalAuditOut

router = APIRouter(tags=["internal-audits"])


@router.post(
    "/v1/internal-audits", status_code=201, response_model=InternalAuditOut, responses=problems(403, 404, 409, 422)
)
async def run_audit(
    body: InternalAuditIn,
    request: Request,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Annotated[Principal, require_roles("county_admin")],
) -> object:
    """The semiannual internal audit of the six monthly samplings: on time, sizes right, reviewed, signed off, anomalies handled."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    a = await service.run_internal_audit(
        session=session, half=body.half, county=body.county, principal=principal, settings=request.app.state.settings
    )
    return await idem.respond(session, 201, service.audit_out(a).model_dump(mode="json"))


@router.get("/v1/internal-audits/{audit_id}", response_model=InternalAuditOut, responses=problems(403, 404, 422))
async def read_audit(
    audit_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "auditor", "ministry")],
) -> InternalAuditOut:
    """A stored internal audit with its plan and results."""
    out = service.audit_out(await service.get_audit(session=session, audit_id=audit_id, principal=principal))
    set_etag(response, out.version)
    return out


@router.get(
    "/v1/internal-audits/{audit_id}/export",
    response_class=Response,
    responses={**problems(403, 404, 422), **EXPORT_RESPONSES},
)
async def export_audit(
    audit_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "auditor", "ministry")],
    format: Annotated[ExportFormat, Query(description="csv (UTF-8 with BOM) or xlsx")] = ExportFormat.CSV,
) -> Response:
    """The audit's results, one row per month, for the report to the ministry."""
    return await service.export_audit(session=session, audit_id=audit_id, principal=principal, fmt=format)


@router.post(
    "/v1/internal-audits/{audit_id}/submit",
    response_model=InternalAuditOut,
    responses=problems(403, 404, 409, 412, 422),
)
async def submit_audit(
    audit_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin")],
    if_match: IfMatch = None,
) -> InternalAuditOut:
    """Submit the audit (plan and results) to the ministry (提報): who and when are kept; once only (409 after)."""
    out = await service.submit_audit(session=session, audit_id=audit_id, principal=principal, if_match=if_match)
    set_etag(response, out.version)
    return out
