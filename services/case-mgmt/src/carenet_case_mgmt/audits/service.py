"""Use cases of the quarterly visit-record audit: draw from a stored seed, record results, verify."""

from __future__ import annotations

import secrets
import uuid

from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.clock import parse_quarter
from carenet_core.errors import Conflict, Forbidden, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.trail import record_access
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..visits.models import Visit
from . import rules
from .models import VisitAudit, VisitAuditSample
from .schemas import AuditIn, AuditOut, ResultIn, SampleOut


def audit_out(a: VisitAudit, samples: list[VisitAuditSample]) -> AuditOut:
    return AuditOut(
        id=a.id,
        county=a.county,
        quarter=a.quarter,
        kind=a.kind,
        seed=a.seed,
        population=a.population,
        rate=float(a.rate),
        sample_size=a.sample_size,
        drawn_at=a.drawn_at,
        drawn_by=a.drawn_by,
        audited=sum(1 for s in samples if s.result),
        samples=[
            SampleOut(
                visit_id=s.visit_id,
                position=s.position,
                result=s.result,
                note=s.note,
                recorded_by=s.recorded_by,
                recorded_at=s.recorded_at,
            )
            for s in samples
        ],
    )


async def samples_of(session: AsyncSession, audit_id: str) -> list[VisitAuditSample]:
    return list(
        (
            await session.scalars(
                select(VisitAuditSample)
                .where(VisitAuditSample.audit_id == audit_id)
                .order_by(VisitAuditSample.position)
            )
        ).all()
    )


async def draw(*, session: AsyncSession, principal: Principal, body: AuditIn) -> VisitAudit:
    """Draw the quarter's sample for a county and kind (409 with the existing id when already drawn)."""
    scope = principal.county_scope()
    if scope is not None and scope != body.county:
        raise Forbidden("you may audit your own county only", code="outside_jurisdiction")
    first, last = parse_quarter(body.quarter)
    if first > clock.today():
        raise RuleViolation("the quarter has not started", code="quarter_in_future")
    existing = await session.scalar(
        select(VisitAudit.id).where(
            VisitAudit.county == body.county, VisitAudit.quarter == body.quarter, VisitAudit.kind == body.kind
        )
    )
    if existing is not None:
        raise Conflict("this quarter is already drawn", code="audit_exists", id=existing)
    rows = (
        await session.execute(
            select(Visit.id, Visit.kinds).where(
                Visit.county == body.county, Visit.visit_date >= first, Visit.visit_date <= last
            )
        )
    ).all()
    population = sorted(vid for vid, kinds in rows if body.kind in kinds)
    rate = rules.audit_rate(body.kind, len(population))
    size = rules.sample_size(len(population), rate)
    seed = secrets.token_hex(16)
    audit = VisitAudit(
        id=str(uuid.uuid4()),
        county=body.county,
        quarter=body.quarter,
        kind=body.kind,
        seed=seed,
        population=len(population),
        population_ids=population,
        rate=str(rate),
        sample_size=size,
        drawn_at=clock.now(),
        drawn_by=principal.sub,
    )
    try:
        async with session.begin_nested():
            session.add(audit)
            await session.flush()
    except IntegrityError:
        raise Conflict("this quarter is already drawn", code="audit_exists") from None
    for pos, vid in enumerate(rules.draw(population, seed=seed, k=size), start=1):
        session.add(VisitAuditSample(id=str(uuid.uuid4()), audit_id=audit.id, visit_id=vid, position=pos))
    emit(
        session,
        "visit_audit.drawn",
        {
            "audit_id": audit.id,
            "county": audit.county,
            "quarter": audit.quarter,
            "kind": audit.kind,
            "population": audit.population,
            "sample_size": size,
            "rate": float(rate),
        },
    )
    return audit


async def load(session: AsyncSession, *, principal: Principal, audit_id: str) -> VisitAudit:
    audit = await session.get(VisitAudit, audit_id)
    if audit is None or principal.county_scope() not in (None, audit.county):
        raise NotFound("no such audit", code="audit_not_found")
    return audit


async def record_result(
    *, session: AsyncSession, principal: Principal, audit: VisitAudit, body: ResultIn
) -> VisitAuditSample:
    """Record the audit result of one drawn visit record (422 if it was not drawn, 409 if already recorded)."""
    sample = await session.scalar(
        select(VisitAuditSample)
        .where(VisitAuditSample.audit_id == audit.id, VisitAuditSample.visit_id == body.visit_id)
        .with_for_update()
    )
    if sample is None:
        raise RuleViolation("this visit record was not drawn in the audit", code="not_in_sample")
    if sample.result is not None:
        raise Conflict("a result is already recorded for this visit record", code="result_exists")
    sample.result, sample.note, sample.recorded_by, sample.recorded_at = (
        body.result,
        body.note,
        principal.sub,
        clock.now(),
    )
    emit(
        session,
        "visit_audit.recorded",
        {
            "audit_id": audit.id,
            "visit_id": body.visit_id,
            "county": audit.county,
            "quarter": audit.quarter,
            "kind": audit.kind,
            "result": body.result,
        },
    )
    person = await session.scalar(
        select(Case.person_key).join(Visit, Visit.case_id == Case.id).where(Visit.id == body.visit_id)
    )
    await record_access(
        session, principal=principal, action="audit", resource=f"visit/{body.visit_id}", person_ref=person
    )
    return sample


def verify(audit: VisitAudit, samples: list[VisitAuditSample]) -> bool:
    """Re-draw from the stored seed and population: the same records in the same order."""
    again = rules.draw(audit.population_ids, seed=audit.seed, k=audit.sample_size)
    return (
        again == [s.visit_id for s in samples]
        and rules.sample_size(audit.population, rules.audit_rate(audit.kind, audit.population)) == audit.sample_size
    )


async def list_audits(
    *, session: AsyncSession, principal: Principal, county: str | None, quarter: str | None
) -> list[VisitAudit]:
    stmt = select(VisitAudit).order_by(VisitAudit.quarter, VisitAudit.county, VisitAudit.kind)
    stmt = scope_to_jurisdiction(stmt, principal, VisitAudit.county)
    if county:
        stmt = stmt.where(VisitAudit.county == county)
    if quarter:
        stmt = stmt.where(VisitAudit.quarter == quarter)
    return list((await session.scalars(stmt)).all())
