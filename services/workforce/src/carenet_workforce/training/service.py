"""Use cases of training: record courses and case reports, import the training body's CSV, and assess compliance."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.trail import record_access
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..staff.models import Staff, employed_between
from ..staff.rules import StaffKind
from ..staff.service import ensure_own_county, get_staff
from ..staffing.rules import supervisor_ratio
from ..staffing.service import members_on
from . import importing
from .models import CaseReport, TrainingRecord
from .rules import Course, Level, assess, find_topic, level_for
from .schemas import (
    CaseReportIn,
    ComplianceItem,
    ComplianceOut,
    ComplianceTotals,
    ImportResult,
    MissingOut,
    RejectedRow,
    SupervisorRatioOut,
    TrainingIn,
)


def _new_record(*, staff: Staff, body: TrainingIn, source: str, principal: Principal) -> TrainingRecord:
    topic = find_topic(Level(body.level), body.topic)
    if topic is None:
        raise RuleViolation(f"{body.topic!r} is not a {body.level} topic of 附件7", code="unknown_topic")
    return TrainingRecord(
        id=uuid.uuid4(),
        staff_id=staff.id,
        course=body.course,
        level=Level(body.level).value,
        topic=topic.code,
        hours=body.hours,
        case_conference_hours=body.case_conference_hours,
        completed_on=body.completed_on,
        certificate=body.certificate,
        source=source,
        created_at=clock.now(),
        created_by=principal.sub,
    )


async def _exists(session: AsyncSession, rec: TrainingRecord) -> bool:
    found = await session.scalar(
        select(TrainingRecord.id).where(
            TrainingRecord.staff_id == rec.staff_id,
            TrainingRecord.certificate == rec.certificate,
            TrainingRecord.topic == rec.topic,
        )
    )
    return found is not None


async def add_training(
    *, session: AsyncSession, staff_id: uuid.UUID, body: TrainingIn, principal: Principal
) -> TrainingRecord:
    """The stored record; 422 `unknown_topic`, 409 `training_exists` for the same certificate and topic."""
    staff = await get_staff(session=session, staff_id=staff_id, principal=principal, action="update")
    rec = _new_record(staff=staff, body=body, source="manual", principal=principal)
    if await _exists(session, rec):
        raise Conflict("this certificate is already recorded for this topic", code="training_exists")
    session.add(rec)
    return rec


async def add_case_report(
    *, session: AsyncSession, staff_id: uuid.UUID, body: CaseReportIn, principal: Principal
) -> CaseReport:
    """The stored case report (個案報告) of a staff member of the caller's county."""
    staff = await get_staff(session=session, staff_id=staff_id, principal=principal, action="update")
    row = CaseReport(
        id=uuid.uuid4(),
        staff_id=staff.id,
        submitted_on=body.submitted_on,
        title=body.title,
        created_at=clock.now(),
        created_by=principal.sub,
    )
    session.add(row)
    return row


async def import_training(
    *, session: AsyncSession, data: bytes, county: str, principal: Principal, max_rows: int
) -> ImportResult:
    """Every good row stored, every repeat counted as a duplicate, every bad row rejected alone with its reason."""
    ensure_own_county(principal, county)
    try:
        rows = importing.read_rows(data, max_rows=max_rows)
    except importing.CsvUnreadable as exc:
        raise RuleViolation(str(exc), code="unreadable_csv") from None
    subs = {r.sub for r in rows if r.record is not None}
    staff_by_sub = {
        s.sub: s
        for s in (await session.scalars(select(Staff).where(Staff.county == county, Staff.sub.in_(subs)))).all()
    }
    accepted, duplicates, rejected = 0, 0, []
    seen: set[tuple[uuid.UUID, str, str]] = set()
    for row in rows:
        if row.record is None:
            rejected.append(RejectedRow(index=row.index, reason=row.reason or "invalid"))
            continue
        staff = staff_by_sub.get(row.sub)
        if staff is None:
            rejected.append(RejectedRow(index=row.index, reason=f"no staff record in {county} for this sub"))
            continue
        try:
            rec = _new_record(staff=staff, body=row.record, source="import", principal=principal)
        except RuleViolation as exc:
            rejected.append(RejectedRow(index=row.index, reason=exc.detail or "invalid"))
            continue
        key = (rec.staff_id, rec.certificate, rec.topic)
        if key in seen or await _exists(session, rec):
            duplicates += 1
            continue
        seen.add(key)
        session.add(rec)
        accepted += 1
    await record_access(session, principal=principal, action="import", resource=f"training-imports?county={county}")
    return ImportResult(accepted=accepted, duplicates=duplicates, rejected=rejected)


async def compliance(*, session: AsyncSession, county: str, year: int, principal: Principal) -> ComplianceOut:
    """Each person employed during `year` against 附件7, the totals, and the supervisor ratio as of the year's end."""
    if not principal.can_see(county):
        raise NotFound("no such county in your jurisdiction", code="county_not_found")
    first, last = date(year, 1, 1), date(year, 12, 31)
    staff = (
        await session.scalars(
            select(Staff)
            .where(Staff.county == county, employed_between(first, last))
            .order_by(Staff.started_on, Staff.id)
        )
    ).all()
    ids = [s.id for s in staff]
    courses: dict[uuid.UUID, list[Course]] = defaultdict(list)
    reports: dict[uuid.UUID, int] = {}
    if ids:
        for r in (
            await session.scalars(
                select(TrainingRecord).where(
                    TrainingRecord.staff_id.in_(ids), TrainingRecord.completed_on.between(first, last)
                )
            )
        ).all():
            courses[r.staff_id].append(
                Course(Level(r.level), r.topic, Decimal(r.hours), Decimal(r.case_conference_hours))
            )
        counted = await session.execute(
            select(CaseReport.staff_id, func.count())
            .where(CaseReport.staff_id.in_(ids), CaseReport.submitted_on.between(first, last))
            .group_by(CaseReport.staff_id)
        )
        reports = {sid: int(n) for sid, n in counted.all()}
    items = []
    for s in staff:
        kind = StaffKind(s.kind)
        result = assess(
            level=level_for(kind, s.started_on, year),
            year=year,
            courses=courses[s.id],
            case_reports=reports.get(s.id, 0),
        )
        items.append(
            ComplianceItem(
                staff_id=s.id,
                kind=kind,
                level=result.level,
                hours=result.hours,
                required_hours=result.required_hours,
                case_conference_hours=result.case_conference_hours,
                case_reports=result.case_reports,
                met=result.met,
                missing=[MissingOut(requirement=m.requirement, short=m.short, topic=m.topic) for m in result.missing],
            )
        )
    as_of = min(last, clock.today())
    ratio = supervisor_ratio(await members_on(session, county=county, day=as_of))
    met = sum(1 for i in items if i.met)
    await record_access(session, principal=principal, action="read", resource=f"compliance?county={county}&year={year}")
    return ComplianceOut(
        county=county,
        year=year,
        items=items,
        totals=ComplianceTotals(staff=len(items), met=met, not_met=len(items) - met),
        supervisor_ratio=SupervisorRatioOut(
            supervisors=ratio.supervisors,
            case_managers=ratio.case_managers,
            required_supervisors=ratio.required,
            met=ratio.met,
            as_of=as_of,
        ),
    )
