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
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..visits.models import Visit
from . import rules
from .models import VisitAudit, VisitAuditSample, VisitAuditSupplement
from .schemas import AuditIn, AuditOut, ResultIn, SampleOut, SupplementOut


async def _quarter_records(session: AsyncSession, *, county: str, quarter: str, kind: str) -> list[str]:
    """Ids of the county's visit records of the quarter (Taipei visit date) whose case had the kind."""
    first, last = parse_quarter(quarter)
    rows = (
        await session.execute(
            select(Visit.id, Visit.kinds).where(
                Visit.county == county, Visit.visit_date >= first, Visit.visit_date <= last
            )
        )
    ).all()
    return sorted(vid for vid, kinds in rows if kind in kinds)


def sample_out(s: VisitAuditSample) -> SampleOut:
    return SampleOut(
        visit_id=s.visit_id,
        position=s.position,
        result=s.result,
        note=s.note,
        recorded_by=s.recorded_by,
        recorded_at=s.recorded_at,
        supplement_id=s.supplement_id,
    )


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
        samples=[sample_out(s) for s in samples],
    )


def supplement_out(sup: VisitAuditSupplement, samples: list[VisitAuditSample]) -> SupplementOut:
    return SupplementOut(
        id=sup.id,
        audit_id=sup.audit_id,
        seed=sup.seed,
        population=sup.population,
        rate=float(sup.rate),
        sample_size=sup.sample_size,
        drawn_at=sup.drawn_at,
        drawn_by=sup.drawn_by,
        samples=[sample_out(s) for s in samples if s.supplement_id == sup.id],
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
    _, last = parse_quarter(body.quarter)
    if not rules.quarter_ended(last_day=last, today=clock.today()):
        # seed 001: 每季 … 稽核率 — a quarter's records are complete only once it is over
        raise RuleViolation(
            f"the quarter ends on {last.isoformat()} (Asia/Taipei); audit it from the next day",
            code="quarter_not_ended",
        )
    existing = await session.scalar(
        select(VisitAudit.id).where(
            VisitAudit.county == body.county, VisitAudit.quarter == body.quarter, VisitAudit.kind == body.kind
        )
    )
    if existing is not None:
        raise Conflict("this quarter is already drawn", code="audit_exists", id=existing)
    population = await _quarter_records(session, county=body.county, quarter=body.quarter, kind=body.kind)
    rate = rules.county_rate(body.kind, body.county, len(population))
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


async def supplement(*, session: AsyncSession, principal: Principal, audit: VisitAudit) -> VisitAuditSupplement:
    """Draw, at the audit's own rate, the quarter's records uploaded since the audit and its earlier supplements
    (422 `no_late_records` when there are none)."""
    if principal.county_scope() not in (None, audit.county):
        raise Forbidden("you may audit your own county only", code="outside_jurisdiction")
    await session.execute(select(VisitAudit.id).where(VisitAudit.id == audit.id).with_for_update())
    earlier = (
        await session.scalars(select(VisitAuditSupplement).where(VisitAuditSupplement.audit_id == audit.id))
    ).all()
    seen = set(audit.population_ids).union(*(set(s.population_ids) for s in earlier))
    records = await _quarter_records(session, county=audit.county, quarter=audit.quarter, kind=audit.kind)
    late = [vid for vid in records if vid not in seen]
    if not late:
        raise RuleViolation("no visit records of the quarter were uploaded after the draw", code="no_late_records")
    rate = rules.Decimal(audit.rate)
    size = rules.sample_size(len(late), rate)
    sup = VisitAuditSupplement(
        id=str(uuid.uuid4()),
        audit_id=audit.id,
        seed=secrets.token_hex(16),
        population=len(late),
        population_ids=late,
        rate=audit.rate,
        sample_size=size,
        drawn_at=clock.now(),
        drawn_by=principal.sub,
    )
    session.add(sup)
    await session.flush()
    start = int(
        await session.scalar(
            select(func.coalesce(func.max(VisitAuditSample.position), 0)).where(VisitAuditSample.audit_id == audit.id)
        )
        or 0
    )
    for pos, vid in enumerate(rules.draw(late, seed=sup.seed, k=size), start=start + 1):
        session.add(
            VisitAuditSample(id=str(uuid.uuid4()), audit_id=audit.id, supplement_id=sup.id, visit_id=vid, position=pos)
        )
    emit(
        session,
        "visit_audit.supplemented",
        {
            "audit_id": audit.id,
            "supplement_id": sup.id,
            "county": audit.county,
            "quarter": audit.quarter,
            "kind": audit.kind,
            "population": sup.population,
            "sample_size": size,
            "rate": float(rate),
        },
    )
    return sup


async def supplements_of(session: AsyncSession, audit_id: str) -> list[VisitAuditSupplement]:
    return list(
        (
            await session.scalars(
                select(VisitAuditSupplement)
                .where(VisitAuditSupplement.audit_id == audit_id)
                .order_by(VisitAuditSupplement.drawn_at, VisitAuditSupplement.id)
            )
        ).all()
    )


def verify(
    audit: VisitAudit, samples: list[VisitAuditSample], supplements: list[VisitAuditSupplement] | None = None
) -> bool:
    """Re-draw the audit and each supplement from their stored seeds and populations: the same records in order."""
    first = [s.visit_id for s in samples if s.supplement_id is None]
    again = rules.draw(audit.population_ids, seed=audit.seed, k=audit.sample_size)
    if again != first or rules.sample_size(audit.population, rules.Decimal(audit.rate)) != audit.sample_size:
        return False
    for sup in supplements or []:
        drawn = [s.visit_id for s in samples if s.supplement_id == sup.id]
        if rules.draw(sup.population_ids, seed=sup.seed, k=sup.sample_size) != drawn:
            return False
    return True


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
