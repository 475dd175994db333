"""Use cases of discharge plans: upload (link or pending intake), first-visit marking, reads."""

from __future__ import annotations

import uuid
from datetime import datetime

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import taipei_date
from carenet_core.errors import NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.pagination import decode_cursor, encode_cursor
from carenet_core.trail import record_access
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..cases.rules import identify
from ..common.privacy import mask_name, mask_national_id, person_key
from ..visits.models import Visit
from . import rules
from .models import DischargePlan
from .schemas import DischargePlanIn, DischargePlanOut, DischargePlanPage


def plan_out(p: DischargePlan) -> DischargePlanOut:
    return DischargePlanOut(
        id=p.id,
        case_id=p.case_id,
        status=p.status,
        national_id=mask_national_id(p.national_id),  # type: ignore[arg-type]
        name=mask_name(p.name),
        hospital=p.hospital,
        county=p.county,
        discharged_at=p.discharged_at,
        uploaded_at=p.uploaded_at,
        upload_date=p.upload_date,
        uploaded_within_14_days=p.uploaded_within_14_days,
        first_visit_due=p.first_visit_due,
        compulsory=p.compulsory,
        needs_follow_up=p.needs_follow_up,
        first_visit_id=p.first_visit_id,
        first_visit_date=p.first_visit_date,
        first_visit_within_14_days=p.first_visit_within_14_days,
    )


async def upload_plan(
    *, session: AsyncSession, principal: Principal, body: DischargePlanIn, secret: str
) -> DischargePlan:
    """Store a plan with the server's upload time; link it to the person's open case or keep it as a pending intake."""
    if identify(body.national_id) is None:
        raise RuleViolation(
            "the national ID or resident certificate number is not valid (check digit)", code="invalid_national_id"
        )
    now = clock.now()
    upload_date = taipei_date(now)
    if body.discharged_at > upload_date:
        raise RuleViolation("the discharge date is in the future", code="discharged_in_future")
    key = person_key(body.national_id, secret)
    case = await session.scalar(select(Case).where(Case.person_key == key, Case.status == "open"))
    county = case.county if case is not None else principal.county
    if not county:
        raise RuleViolation("no open case for this person and no county on your token", code="county_unknown")
    plan = DischargePlan(
        id=str(uuid.uuid4()),
        case_id=case.id if case else None,
        person_key=key,
        national_id=body.national_id,
        name=body.name,
        hospital=body.hospital,
        county=county,
        status="linked" if case else "pending_intake",
        discharged_at=body.discharged_at,
        uploaded_at=now,
        upload_date=upload_date,
        uploaded_within_14_days=rules.uploaded_within_14_days(
            discharged_on=body.discharged_at, upload_date=upload_date
        ),
        first_visit_due=rules.first_visit_due(upload_date),
        compulsory=body.compulsory,
        needs_follow_up=body.needs_follow_up,
        summary=body.summary,
        uploaded_by=principal.sub,
    )
    session.add(plan)
    await session.flush()
    emit(
        session,
        "discharge_plan.uploaded",
        {
            "plan_id": plan.id,
            "case_id": plan.case_id,
            "county": county,
            "discharged_at": plan.discharged_at.isoformat(),
            "uploaded_at": now.isoformat(),
            "upload_date": upload_date.isoformat(),
            "uploaded_within_14_days": plan.uploaded_within_14_days,
            "first_visit_due": plan.first_visit_due.isoformat(),
        },
    )
    await record_access(
        session, principal=principal, action="create", resource=f"discharge-plan/{plan.id}", person_ref=key
    )
    if case is not None:
        await _mark_first_visit(session, plan)
    return plan


async def _mark_first_visit(session: AsyncSession, plan: DischargePlan) -> None:
    if plan.case_id is None:
        return
    rows = (
        await session.execute(select(Visit.id, Visit.visit_date, Visit.outcome).where(Visit.case_id == plan.case_id))
    ).all()
    first = rules.first_visit(discharged_on=plan.discharged_at, visits=[tuple(r) for r in rows])  # type: ignore[misc]
    new_id, new_date = first if first else (None, None)
    if new_id == plan.first_visit_id and new_date == plan.first_visit_date:
        return
    plan.first_visit_id, plan.first_visit_date = new_id, new_date
    plan.first_visit_within_14_days = (
        rules.first_visit_within_14_days(upload_date=plan.upload_date, visit_date=new_date) if new_date else None
    )
    if new_id is not None and new_date is not None:
        emit(
            session,
            "discharge_plan.first_visited",
            {
                "plan_id": plan.id,
                "case_id": plan.case_id,
                "county": plan.county,
                "visit_id": new_id,
                "visit_date": new_date.isoformat(),
                "within_14_days": plan.first_visit_within_14_days,
            },
        )


async def note_visit(session: AsyncSession, *, case: Case, visit: Visit) -> None:
    """After a visit is recorded or edited: mark (or re-mark) the first visit on the case's plans."""
    await session.flush()
    plans = (await session.scalars(select(DischargePlan).where(DischargePlan.case_id == case.id))).all()
    for plan in plans:
        await _mark_first_visit(session, plan)


def _visible(p: DischargePlan, principal: Principal) -> bool:
    if principal.has("hospital") and p.uploaded_by == principal.sub:
        return True
    if not principal.has("case_worker", "supervisor", "county_admin", "ministry"):
        return False
    scope = principal.county_scope()
    return scope is None or scope == p.county


async def get_plan(*, session: AsyncSession, principal: Principal, plan_id: str) -> DischargePlan:
    plan = await session.get(DischargePlan, plan_id)
    if plan is None or not _visible(plan, principal):
        raise NotFound("no such discharge plan", code="plan_not_found")
    await record_access(
        session, principal=principal, action="read", resource=f"discharge-plan/{plan.id}", person_ref=plan.person_key
    )
    return plan


async def list_plans(
    *, session: AsyncSession, principal: Principal, status: str | None, limit: int, cursor: str | None
) -> DischargePlanPage:
    """Plans of the caller's county (a hospital: its own uploads), newest first."""
    stmt = select(DischargePlan).order_by(DischargePlan.uploaded_at.desc(), DischargePlan.id.desc()).limit(limit + 1)
    if principal.has("case_worker", "supervisor", "county_admin", "ministry"):
        if (scope := principal.county_scope()) is not None:
            stmt = stmt.where(DischargePlan.county == scope)
    else:
        stmt = stmt.where(DischargePlan.uploaded_by == principal.sub)
    if status:
        stmt = stmt.where(DischargePlan.status == status)
    after = decode_cursor(cursor)
    if after:
        at = datetime.fromisoformat(after[0])
        stmt = stmt.where(
            or_(DischargePlan.uploaded_at < at, and_(DischargePlan.uploaded_at == at, DischargePlan.id < after[1]))
        )
    rows = list((await session.scalars(stmt)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    for p in rows:
        await record_access(
            session, principal=principal, action="list", resource=f"discharge-plan/{p.id}", person_ref=p.person_key
        )
    nxt = encode_cursor([rows[-1].uploaded_at.isoformat(), rows[-1].id]) if more and rows else None
    return DischargePlanPage(items=[plan_out(p) for p in rows], next_cursor=nxt)
