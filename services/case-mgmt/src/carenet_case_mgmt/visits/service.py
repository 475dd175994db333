"""Use cases of visits: record (idempotent on the phone's UUID), list, read, edit under If-Match."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import as_aware, taipei_date
from carenet_core.db import dialect_is_postgres
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.pagination import decode_cursor, encode_cursor
from carenet_core.trail import record_access
from sqlalchemy import Table, and_, bindparam, exists, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.access import load_case_with
from ..cases.facts import refresh_visit_facts
from ..cases.models import Case
from ..cases.standing import county_rules, standings
from ..discharge.models import DischargePlan
from ..discharge.service import note_visit
from ..tiers.service import policy_on
from .models import Visit
from .rules import is_face_to_face, is_in_future, is_late, seen_contradicts, seen_or_default
from .schemas import CaseAfterVisit, VisitIn, VisitOut, VisitPage, VisitPatch


def visit_out(v: Visit, case_after: CaseAfterVisit | None = None) -> VisitOut:
    return VisitOut(
        id=v.id,
        case_id=v.case_id,
        visitor=v.visitor,
        visited_at=v.visited_at,
        visit_date=v.visit_date,
        received_at=v.received_at,
        method=v.method,
        outcome=v.outcome,
        seen=v.seen,
        face_to_face=is_face_to_face(v.method),
        late=v.late,
        assessment=v.assessment,
        note=v.note,
        tier_recommendation=v.tier_recommendation,
        version=v.version,
        updated_at=v.updated_at,
        case=case_after,
    )


def event_data(v: Visit) -> dict[str, Any]:
    return {
        "visit_id": v.id,
        "case_id": v.case_id,
        "county": v.county,
        "district": v.district,
        "kinds": v.kinds,
        "visited_at": as_aware(v.visited_at).isoformat(),
        "visit_date": v.visit_date.isoformat(),
        "method": v.method,
        "outcome": v.outcome,
        "seen": v.seen,
        "face_to_face": is_face_to_face(v.method),
        "late": v.late,
    }


async def case_after(session: AsyncSession, case: Case) -> CaseAfterVisit:
    """The case block of a visit's answer (from the facts the visit just wrote: no statement)."""
    s = (await standings(session, [case]))[case.id]
    return CaseAfterVisit(
        next_visit_due=s.next_visit_due,
        overdue=s.overdue and case.status == "open",
        consecutive_not_met=s.consecutive_not_met,
    )


# read with the locked case: whose case the visit id already belongs to, and whether the case has discharge plans
_VISIT_EXTRA = (
    select(Visit.case_id).where(Visit.id == bindparam("visit_id")).scalar_subquery(),
    exists().where(DischargePlan.case_id == Case.id),
)


# the visit's INSERT … ON CONFLICT (id) DO NOTHING RETURNING id, on the table (Core): built once, not per visit
_VISITS = cast(Table, Visit.__table__)
_INSERT_VISIT = {
    name: insert(_VISITS).on_conflict_do_nothing(index_elements=[_VISITS.c.id]).returning(_VISITS.c.id)
    for name, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}


def _check_time(visited_at: datetime, received_at: datetime, case: Case, skew_minutes: int) -> None:
    if is_in_future(visited_at=visited_at, received_at=received_at, skew_minutes=skew_minutes):
        raise RuleViolation("visited_at is in the future", code="visited_in_future")
    if case.closed_on is not None and taipei_date(visited_at) > case.closed_on:
        raise Conflict("the case was closed before this visit", code="case_closed")


async def record_visit(
    *, session: AsyncSession, principal: Principal, case_id: str, body: VisitIn, skew_minutes: int = 10
) -> tuple[Visit, bool, Case]:
    """The visit, whether it is new, and the case with its standing facts updated: a visit id already stored
    returns the stored visit and creates nothing.

    The case row is locked first (so two visits to one case queue up and each recomputes the facts over both);
    the same statement reads the county's rules, whether the visit id is taken and whether the case has
    discharge plans. The visit is inserted with ON CONFLICT DO NOTHING: a twin sent at the same moment to
    another process loses quietly and answers with the stored visit."""
    visit_id = str(body.id)
    case, (owner, plans) = await load_case_with(
        session,
        case_id,
        principal,
        extra=_VISIT_EXTRA,
        params={"visit_id": visit_id},
        write=True,
        action="visit",
        resource=f"case/{case_id}/visits",
        for_update=True,
    )
    if owner is not None:
        return await _stored_twin(session, case, visit_id), False, case
    if seen_contradicts(body.seen, body.outcome):
        raise RuleViolation("a not-met visit cannot have seen the person", code="seen_contradicts_outcome")
    received_at = clock.now()
    visited_at = as_aware(body.visited_at)
    _check_time(visited_at, received_at, case, skew_minutes)
    # the county's rules for today came with the case (memoised)
    policy, _ = (await county_rules(session, [case.county], on=clock.today()))[case.county]
    values = {
        "id": visit_id,
        "case_id": case.id,
        "county": case.county,
        "district": case.district,
        "kinds": list(case.kinds),
        "visitor": principal.sub,
        "visited_at": visited_at,
        "visit_date": taipei_date(visited_at),
        "received_at": received_at,
        "method": body.method,
        "outcome": body.outcome,
        "seen": seen_or_default(body.seen, body.outcome),
        "assessment": body.assessment.model_dump(mode="json") if body.assessment else None,
        "note": body.note,
        "tier_recommendation": body.tier_recommendation,
        "late": is_late(visited_at=visited_at, received_at=received_at, late_after_days=policy.late_after_days),
        "version": 1,
    }
    stmt = _INSERT_VISIT["postgresql" if dialect_is_postgres(session) else "sqlite"]
    if (await session.execute(stmt, values)).first() is None:
        # the same visit sent twice at once (to another process): the twin won, answer with it
        return await _stored_twin(session, case, visit_id), False, case
    visit = Visit(**values)  # what was inserted (not added to the session: it is already stored)
    emit(session, "visit.recorded", event_data(visit))
    if plans:
        await note_visit(session, case=case, visit=visit)
    await refresh_visit_facts(session, case, policy)
    return visit, True, case


async def _stored_twin(session: AsyncSession, case: Case, visit_id: str) -> Visit:
    twin = await session.get(Visit, visit_id, populate_existing=True)
    if twin is None or twin.case_id != case.id:
        raise Conflict("this visit id belongs to another case", code="visit_id_taken")
    return twin


async def list_visits(*, session: AsyncSession, case: Case, limit: int, cursor: str | None) -> VisitPage:
    """The case's visits, newest (device time) first."""
    stmt = (
        select(Visit)
        .where(Visit.case_id == case.id)
        .order_by(Visit.visited_at.desc(), Visit.id.desc())
        .limit(limit + 1)
    )
    after = decode_cursor(cursor)
    if after:
        at = datetime.fromisoformat(after[0])
        stmt = stmt.where(or_(Visit.visited_at < at, and_(Visit.visited_at == at, Visit.id < after[1])))
    rows = list((await session.scalars(stmt)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor([as_aware(rows[-1].visited_at).isoformat(), rows[-1].id]) if more and rows else None
    return VisitPage(items=[visit_out(v) for v in rows], next_cursor=nxt)


async def get_visit(session: AsyncSession, *, case: Case, visit_id: str, for_update: bool = False) -> Visit:
    stmt = select(Visit).where(Visit.id == visit_id, Visit.case_id == case.id)
    if for_update:
        stmt = stmt.with_for_update()
    visit = await session.scalar(stmt)
    if visit is None:
        raise NotFound("no such visit on this case", code="visit_not_found")
    return visit


async def edit_visit(
    *, session: AsyncSession, principal: Principal, case: Case, visit: Visit, patch: VisitPatch, skew_minutes: int = 10
) -> Visit:
    """Apply an edit (the caller checked If-Match on the locked row); emit `visit.updated`."""
    data = patch.model_dump(exclude_unset=True)
    if "visited_at" in data and patch.visited_at is not None:
        at = as_aware(patch.visited_at)
        _check_time(at, visit.received_at, case, skew_minutes)
        visit.visited_at, visit.visit_date = at, taipei_date(at)
        policy = await policy_on(session, county=visit.county, on=taipei_date(visit.received_at))
        visit.late = is_late(visited_at=at, received_at=visit.received_at, late_after_days=policy.late_after_days)
    for name in ("method", "outcome", "note", "tier_recommendation"):
        if name in data and (data[name] is not None or name in ("note", "tier_recommendation")):
            setattr(visit, name, data[name])
    if "seen" in data or "outcome" in data:
        seen = data.get("seen", visit.seen if "outcome" not in data else None)
        if seen_contradicts(seen, visit.outcome):
            raise RuleViolation("a not-met visit cannot have seen the person", code="seen_contradicts_outcome")
        visit.seen = seen_or_default(seen, visit.outcome)
    if "assessment" in data:
        visit.assessment = patch.assessment.model_dump(mode="json") if patch.assessment else None
    visit.version += 1
    visit.updated_at, visit.updated_by = clock.now(), principal.sub
    await session.flush()
    emit(session, "visit.updated", event_data(visit))
    await note_visit(session, case=case, visit=visit)
    today_policy, _ = (await county_rules(session, [case.county], on=clock.today()))[case.county]
    await refresh_visit_facts(session, case, today_policy)
    await record_access(
        session,
        principal=principal,
        action="update",
        resource=f"case/{case.id}/visits/{visit.id}",
        person_ref=case.person_key,
    )
    return visit
