"""HTTP of the visit-record audit."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder

from . import service
from .schemas import AuditIn, AuditOut, AuditPage, ResultIn, SampleOut, SupplementOut, VerifyOut

router = APIRouter(prefix="/v1/visit-audits", tags=["visit-record audit"])
Auditor = Annotated[Principal, require_roles("supervisor", "county_admin", "auditor")]
Reader = Annotated[Principal, require_roles("supervisor", "county_admin", "auditor", "ministry")]


@router.post("", status_code=201, response_model=AuditOut, responses=problems(400, 403, 409, 422))
async def draw(body: AuditIn, session: SessionDep, principal: Auditor, idem: IdempotencyDep):
    """Draw an ended quarter's share of visit records at the county's volume-class rate (seed stored; reproducible).

    422 `quarter_not_ended` until the quarter's last day (Asia/Taipei) is over."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    audit = await service.draw(session=session, principal=principal, body=body)
    out = service.audit_out(audit, await service.samples_of(session, audit.id))
    return await idem.respond(session, 201, jsonable_encoder(out))


@router.get("", response_model=AuditPage, responses=problems(400, 403))
async def list_audits(
    session: SessionDep, principal: Reader, county: str | None = None, quarter: str | None = None
) -> AuditPage:
    """Audits of your county (ministry: all)."""
    rows = await service.list_audits(session=session, principal=principal, county=county, quarter=quarter)
    return AuditPage(items=[service.audit_out(a, await service.samples_of(session, a.id)) for a in rows])


@router.get("/{audit_id}", response_model=AuditOut, responses=problems(400, 403, 404))
async def read_audit(audit_id: str, session: SessionDep, principal: Reader) -> AuditOut:
    """The audit with its drawn records and results."""
    audit = await service.load(session, principal=principal, audit_id=audit_id)
    return service.audit_out(audit, await service.samples_of(session, audit.id))


@router.get("/{audit_id}/verify", response_model=VerifyOut, responses=problems(400, 403, 404))
async def verify(audit_id: str, session: SessionDep, principal: Reader) -> VerifyOut:
    """Re-draw from the stored seed and population: `match` is true when the draw is reproduced."""
    audit = await service.load(session, principal=principal, audit_id=audit_id)
    samples = await service.samples_of(session, audit.id)
    supplements = await service.supplements_of(session, audit.id)
    return VerifyOut(match=service.verify(audit, samples, supplements), sample_size=audit.sample_size)


@router.post(
    "/{audit_id}/supplement", status_code=201, response_model=SupplementOut, responses=problems(400, 403, 404, 422)
)
async def supplement(audit_id: str, session: SessionDep, principal: Auditor, idem: IdempotencyDep):
    """Draw the quarter's records uploaded after the audit at the audit's rate (422 `no_late_records` if none)."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    audit = await service.load(session, principal=principal, audit_id=audit_id)
    sup = await service.supplement(session=session, principal=principal, audit=audit)
    out = service.supplement_out(sup, await service.samples_of(session, audit.id))
    return await idem.respond(session, 201, jsonable_encoder(out))


@router.post(
    "/{audit_id}/results", status_code=201, response_model=SampleOut, responses=problems(400, 403, 404, 409, 422)
)
async def record_result(audit_id: str, body: ResultIn, session: SessionDep, principal: Auditor) -> SampleOut:
    """Record the result of auditing one drawn visit record (`complete`, `incomplete`, `inaccurate`)."""
    audit = await service.load(session, principal=principal, audit_id=audit_id)
    s = await service.record_result(session=session, principal=principal, audit=audit, body=body)
    return service.sample_out(s)
